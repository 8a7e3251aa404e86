"""`rebound demo --smoke` end to end: database, generated store, migrate, sidecar, worker, mail sink."""

import os
import subprocess
import sys

from conftest import url_string

from sidecar.db import Database
from sidecar.devdb import free_port


def test_demo_comes_up_and_checks_itself(make_database) -> None:
    url = make_database()
    env = {**os.environ, "REBOUND_DB_URL": url_string(url)}
    done = subprocess.run(
        [sys.executable, "-m", "sidecar.cli", "demo", "--orders", "300", "--smoke", "--port", str(free_port())],
        env=env, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Rebound demo is running" in done.stdout and "Smoke check passed" in done.stdout
    assert "The owner chose credit: the case is credited." in done.stdout, done.stdout
    assert "is in OpenCart's ledger" in done.stdout
    # The review request's shopper answers with a photo review; the reminder then has nothing to ask.
    assert "with a photo on the first: review #" in done.stdout, done.stdout
    assert "The owner approved the photo and published the review" in done.stdout
    assert "the worker marked it skipped (already_reviewed)." in done.stdout
    db = Database(url)
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}order`")["n"] == 300
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_worker`")["n"] == 0  # stopped cleanly
    # The store holds the sidecar's secret as an installed extension would, so `rebound doctor` agrees.
    secret = db.query_one("SELECT value FROM `{p}setting` WHERE `key` = 'module_rebound_secret'")
    assert secret and len(secret["value"]) == 64

    again = subprocess.run(  # a second run keeps the store it made
        [sys.executable, "-m", "sidecar.cli", "demo", "--smoke", "--port", str(free_port())],
        env=env, capture_output=True, text=True, timeout=180, stdin=subprocess.DEVNULL,
    )
    assert again.returncode == 0, again.stdout + again.stderr
    assert "already has 300 orders; keeping them" in again.stdout
    assert db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_photo` p JOIN `{p}rebound_review_state` s "
                        "ON s.review_id = p.owner_id WHERE p.kind = 'review' AND p.status = 'approved' "
                        "AND s.photos_approved = 1 AND s.status = 1")["n"] >= 1
