import os
import subprocess
import sys

from sidecar.db import Database
from sidecar.doctor import rebound_tables
from sidecar.migrate import LATEST, current_version, migrate, migrations


def tables(db: Database) -> set[str]:
    return {
        r["t"] for r in db.query(
            "SELECT table_name AS t FROM information_schema.tables WHERE table_schema = DATABASE()"
        )
    }


def test_migrate_creates_every_table_once(make_database) -> None:
    db = Database(make_database(), prefix="oc_")
    assert current_version(db) is None
    assert [m.version for m in migrate(db)] == [m.version for m in migrations()]
    assert current_version(db) == LATEST
    assert {f"oc_{t}" for t in rebound_tables()} <= tables(db)
    assert migrate(db) == []  # second run: nothing to do
    engines = db.query(
        "SELECT DISTINCT engine AS e FROM information_schema.tables WHERE table_schema = DATABASE()"
    )
    assert engines == [{"e": "InnoDB"}]


def test_prefix_is_respected(make_database) -> None:
    db = Database(make_database(), prefix="shop1_")
    migrate(db)
    assert all(t.startswith("shop1_rebound_") for t in tables(db))


def test_interrupted_migration_is_finished_by_the_next_run(make_database) -> None:
    db = Database(make_database(), prefix="oc_")
    migrate(db)
    # As if a crash hit after the DDL but before the version row was written.
    db.execute("DELETE FROM `{p}rebound_migration` WHERE version = %s", (LATEST,))
    assert [m.version for m in migrate(db)] == [LATEST]
    assert current_version(db) == LATEST


def test_two_processes_at_once(make_database) -> None:
    url = make_database()
    env = {**os.environ, "REBOUND_DB_URL": f"mysql://{url.user}:{url.password}@{url.host}:{url.port}/{url.database}"}
    cmd = [sys.executable, "-m", "sidecar.cli", "migrate"]
    procs = [subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for _ in range(3)]
    outs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0, 0], outs
    db = Database(url)
    rows = db.query("SELECT version FROM `{p}rebound_migration` ORDER BY version")
    assert [r["version"] for r in rows] == [m.version for m in migrations()]
    assert sum("nothing to do" in out for out, _ in outs) == 2
