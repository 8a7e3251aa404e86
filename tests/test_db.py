import dataclasses
import time

import pytest

from sidecar.config import DbUrl
from sidecar.db import Database, _usable
from sidecar.errors import DatabaseUnavailable


def _kill(db: Database, other: Database) -> None:
    """End db's current connection from another session, as a server restart or wait_timeout would."""
    conn_id = db.query_one("SELECT CONNECTION_ID() AS id")["id"]
    other.execute(f"KILL CONNECTION {int(conn_id)}")


@pytest.fixture
def db(make_database) -> Database:
    database = Database(make_database(), prefix="t_")
    database.execute("CREATE TABLE `{p}thing` (id INT PRIMARY KEY, name VARCHAR(32))")
    return database


def test_prefix_and_parameters(db: Database) -> None:
    db.execute("INSERT INTO `{p}thing` VALUES (%s, %s)", (1, "Robert'); DROP TABLE t_thing;--"))
    assert db.query("SELECT name FROM `{p}thing` WHERE id = %s", (1,)) == [
        {"name": "Robert'); DROP TABLE t_thing;--"}
    ]


def test_read_survives_a_dropped_connection(db: Database) -> None:
    _kill(db, Database(db.url, db.prefix))
    assert db.query_one("SELECT 1 AS one") == {"one": 1}


def test_write_survives_a_dropped_connection(db: Database) -> None:
    _kill(db, Database(db.url, db.prefix))
    db.execute("INSERT INTO `{p}thing` VALUES (2, 'two')")
    assert db.query("SELECT id FROM `{p}thing`") == [{"id": 2}]


def test_transaction_rolls_back_on_error(db: Database) -> None:
    with pytest.raises(RuntimeError):
        with db.transaction() as tx:
            tx.execute("INSERT INTO `{p}thing` VALUES (3, 'three')")
            raise RuntimeError("stop")
    assert db.query("SELECT id FROM `{p}thing`") == []
    with db.transaction() as tx:
        tx.execute("INSERT INTO `{p}thing` VALUES (4, 'four')")
    assert db.query("SELECT id FROM `{p}thing`") == [{"id": 4}]


def test_unreachable_server_gives_a_clear_error_quickly(db: Database) -> None:
    # A port nothing listens on: refused at once, retried a bounded number of times.
    dead = Database(dataclasses.replace(db.url, host="127.0.0.1", port=1), attempts=2)
    with pytest.raises(DatabaseUnavailable) as info:
        dead.query("SELECT 1")
    assert "127.0.0.1:1 is unavailable" in info.value.message
    assert info.value.status == 503


def test_password_never_in_the_error() -> None:
    url = DbUrl(host="127.0.0.1", port=1, user="u", password="s3cret-pw", database="x")
    with pytest.raises(DatabaseUnavailable) as info:
        Database(url, attempts=1).query("SELECT 1")
    assert "s3cret-pw" not in info.value.message


def test_named_lock_is_held_by_one_at_a_time(db: Database) -> None:
    with db.named_lock("rebound_test") as first:
        with Database(db.url, db.prefix).named_lock("rebound_test") as second:
            assert (first, second) == (True, False)
    with db.named_lock("rebound_test") as again:
        assert again


def test_named_lock_keeps_its_connection_for_the_next_lock(db: Database) -> None:
    # The worker takes a lock every tick: one connection per thread, not one per lock.
    key = f"rebound_test.{db.url.database}.{db.prefix}"[:64]
    holders = []
    for _ in range(2):
        with db.named_lock("rebound_test") as got:
            assert got
            holders.append(db.query_one("SELECT IS_USED_LOCK(%s) AS holder", (key,))["holder"])
    assert holders[0] is not None and holders[0] == holders[1]


def test_named_lock_reconnects_after_its_connection_was_killed(db: Database) -> None:
    key = f"rebound_test.{db.url.database}.{db.prefix}"[:64]
    with db.named_lock("rebound_test"):
        holder = db.query_one("SELECT IS_USED_LOCK(%s) AS holder", (key,))["holder"]
    db.execute(f"KILL {int(holder)}")
    deadline = time.monotonic() + 5  # the server's goodbye reaches the idle socket shortly after KILL
    while _usable(db._local.lock_conn) and time.monotonic() < deadline:
        time.sleep(0.01)
    with db.named_lock("rebound_test") as got:
        assert got
        assert db.query_one("SELECT IS_USED_LOCK(%s) AS holder", (key,))["holder"] != holder
