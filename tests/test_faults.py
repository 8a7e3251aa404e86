"""Faults on the intake path, with a real gunicorn sidecar: killed mid-request, database restarted."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
import requests
from conftest import SECRET, url_string

from sidecar import opencart, signing
from sidecar.db import Database
from sidecar.devdb import PrivateServer, find_binaries, free_port
from sidecar.migrate import migrate
from sidecar.reconcile import deliver_outbox
from sidecar.store import Store


def poll(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while not (value := predicate()) and time.monotonic() < deadline:
        time.sleep(0.05)
    return value


class Sidecar:
    """`rebound serve` in a subprocess on a free port."""

    def __init__(self, db: Database) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "REBOUND_DB_URL": url_string(db.url), "REBOUND_SECRET": SECRET}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "sidecar.cli", "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", "1"],
            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        )

        def up() -> bool:
            try:
                return requests.get(f"{self.base}/livez", timeout=1).status_code == 200
            except requests.RequestException:
                return False

        assert poll(up), "the sidecar did not start"

    def post(self, body: bytes, timeout: float = 10) -> requests.Response:
        headers = signing.headers(SECRET, "POST", "/v1/events", body)
        return requests.post(f"{self.base}/v1/events", data=body, headers=headers, timeout=timeout)

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)  # gunicorn's master and its worker, no goodbye
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=15)


def event(order_id: int) -> dict:
    return {"id": str(uuid.uuid4()), "type": "order.status_changed", "store_id": 0,
            "created_at": "2026-11-26T12:00:00Z", "data": {"order_id": order_id, "order_status_id": 5}}


def to_outbox(db: Database, doc: dict) -> bytes:
    body = json.dumps(doc, separators=(",", ":"))
    db.execute("INSERT INTO `{p}rebound_event` (event_uuid, type, store_id, payload, status, created_at) "
               "VALUES (%s, %s, 0, %s, 'pending', UTC_TIMESTAMP(6))", (doc["id"], doc["type"], body))
    return body.encode()


def test_killed_mid_request_then_retried_applies_once(store_db, oc_order) -> None:
    oc_order(7, [(5, "2026-11-26 11:00:00")])
    doc = event(7)
    body = to_outbox(store_db, doc)
    sidecar = Sidecar(store_db)
    blocker = Database(store_db.url).connect()
    try:
        # Hold the mirror row so the request stops inside its transaction, then kill the sidecar there.
        store_db.execute("INSERT INTO `{p}rebound_order_state` (order_id, order_status_id, updated_at) "
                         "VALUES (7, 1, UTC_TIMESTAMP(6))")
        with blocker.cursor() as cur:
            cur.execute("BEGIN")
            cur.execute("SELECT * FROM oc_rebound_order_state WHERE order_id = 7 FOR UPDATE")
            with pytest.raises(requests.RequestException):
                sidecar.post(body, timeout=1.5)
            sidecar.kill()
            cur.execute("ROLLBACK")
    finally:
        blocker.close()
        sidecar.stop()
    assert store_db.query_one("SELECT status FROM `{p}rebound_event`")["status"] == "pending"

    retry = Sidecar(store_db)
    try:
        first, second = retry.post(body), retry.post(body)
    finally:
        retry.stop()
    assert (first.json()["status"], second.json()["status"]) == ("applied", "duplicate")
    row = store_db.query_one("SELECT status, attempts FROM `{p}rebound_event`")
    assert (row["status"], row["attempts"]) == ("delivered", 1)
    assert store_db.query_one("SELECT order_status_id FROM `{p}rebound_order_state`")["order_status_id"] == 5


@pytest.mark.skipif(find_binaries() is None, reason="mariadb-server binaries are not installed")
def test_database_restart_during_intake_loses_nothing() -> None:
    with PrivateServer() as server:
        db = Database(server.url)
        opencart.load(db)
        migrate(db)
        for order_id in range(1, 41):
            db.execute("INSERT INTO `{p}order` (order_id, store_id, customer_id, order_status_id) "
                       "VALUES (%s, 0, 1, 5)", (order_id,))
        bodies = [to_outbox(db, event(order_id)) for order_id in range(1, 41)]  # the extension's inserts
        sidecar = Sidecar(db)
        try:
            statuses = [sidecar.post(body).status_code for body in bodies[:10]]
            server.halt()
            statuses += [sidecar.post(body).status_code for body in bodies[10:30]]
            server.resume()
            statuses += [sidecar.post(body).status_code for body in bodies[30:]]
        finally:
            sidecar.stop()
        assert statuses[:10] == [200] * 10
        assert set(statuses[10:30]) == {503}  # said plainly, never a 500
        assert 500 not in statuses

        db = Database(server.url)
        assert poll(lambda: deliver_outbox(db, Store(db)) == 0 and db.query_one(
            "SELECT COUNT(*) AS n FROM `{p}rebound_event` WHERE status = 'delivered'")["n"] == 40)
        assert db.query_one("SELECT MAX(attempts) AS a FROM `{p}rebound_event`")["a"] == 1
        assert db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_order_state`")["n"] == 40
