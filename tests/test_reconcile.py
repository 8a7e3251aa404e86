"""The worker's reconciliation: outbox delivery with backoff and dead letters, and watermark scans."""

import json
import os
import signal
import subprocess
import sys
import time
import uuid

import pytest
from conftest import SECRET, url_string

from sidecar import signing
from sidecar.db import Database
from sidecar.reconcile import deliver_outbox, jobs, reconcile_tick, sweep_reviews, watermark
from sidecar.store import Store


def poll(predicate, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while not (value := predicate()) and time.monotonic() < deadline:
        time.sleep(0.1)
    return value


def add_event(db: Database, type_: str, data: dict, *, payload: str | None = None, age_hours: int = 0) -> str:
    event_id = str(uuid.uuid4())
    document = {"id": event_id, "type": type_, "store_id": 0, "created_at": "2026-11-26T12:00:00Z", "data": data}
    db.execute(
        "INSERT INTO `{p}rebound_event` (event_uuid, type, store_id, payload, status, created_at) "
        "VALUES (%s, %s, 0, %s, 'pending', UTC_TIMESTAMP(6) - INTERVAL %s HOUR)",
        (event_id, type_, payload if payload is not None else json.dumps(document), age_hours),
    )
    return event_id


def event_row(db: Database, event_id: str) -> dict:
    return db.query_one(
        "SELECT status, attempts, last_error, next_attempt_at > UTC_TIMESTAMP(6) AS later "
        "FROM `{p}rebound_event` WHERE event_uuid = %s",
        (event_id,),
    )


def order_state(db: Database, order_id: int) -> dict | None:
    return db.query_one(
        "SELECT order_status_id, last_history_id, CAST(status_changed_at AS CHAR) AS changed, "
        "CAST(delivered_at AS CHAR) AS delivered FROM `{p}rebound_order_state` WHERE order_id = %s",
        (order_id,),
    )


# -- scans -------------------------------------------------------------------------------------------------

def test_order_history_scan_mirrors_status_and_times_in_utc(store_db, oc_order) -> None:
    store_db.execute("UPDATE `{p}setting` SET `value` = 'Europe/Berlin' WHERE `key` = 'config_timezone'")
    oc_order(1, [(1, "2026-03-28 10:00:00"), (3, "2026-03-29 03:30:00"), (5, "2026-04-02 10:00:00")])
    oc_order(2, [(1, "2026-04-01 09:00:00")])
    oc_order(3, [])  # an unconfirmed "missing" order: no history, status 0
    store = Store(store_db)

    assert reconcile_tick(store_db, store)["order_history"] == 4
    # Shipped (3) is a "complete" status in a stock store: delivered when it was first reached.
    # 03:30 on 29 March is after Berlin's switch to summer time: UTC+2.
    assert order_state(store_db, 1) == {"order_status_id": 5, "last_history_id": 3,
                                         "changed": "2026-04-02 08:00:00.000000",
                                         "delivered": "2026-03-29 01:30:00.000000"}
    assert order_state(store_db, 2)["delivered"] is None
    assert order_state(store_db, 3) is None
    assert watermark(store_db, "order_history") == 4
    assert reconcile_tick(store_db, store)["order_history"] == 0  # nothing new: nothing read

    # A status change made in core admin, with no event: the next tick sees it.
    store_db.execute("UPDATE `{p}order` SET order_status_id = 7 WHERE order_id = 2")
    store_db.execute("INSERT INTO `{p}order_history` (order_id, order_status_id, notify, comment, date_added) "
                     "VALUES (2, 7, 0, '', '2026-04-03 12:00:00')")
    assert reconcile_tick(store_db, store)["order_history"] == 1
    assert order_state(store_db, 2)["order_status_id"] == 7


def test_scan_after_an_event_keeps_the_delivery_time(client, store_db, oc_order) -> None:
    oc_order(1, [(1, "2026-11-20 10:00:00"), (5, "2026-11-26 11:59:00")])
    event = {"id": str(uuid.uuid4()), "type": "order.status_changed", "store_id": 0,
             "created_at": "2026-11-26T12:00:00Z", "data": {"order_id": 1, "order_status_id": 5}}
    raw = json.dumps(event).encode()
    answer = client.post("/v1/events", data=raw, headers=signing.headers(SECRET, "POST", "/v1/events", raw))
    assert answer.status_code == 200
    assert order_state(store_db, 1)["delivered"] == "2026-11-26 12:00:00.000000"
    reconcile_tick(store_db, Store(store_db))
    state = order_state(store_db, 1)
    assert state["order_status_id"] == 5 and state["last_history_id"] == 2
    assert state["delivered"] == "2026-11-26 12:00:00.000000"  # the first record of delivery stands


def test_returns_created_and_changed_in_core_admin(store_db, oc_order) -> None:
    oc_order(1, [(5, "2026-04-02 10:00:00")])
    store_db.execute("INSERT INTO `{p}return` (return_id, order_id, customer_id, product_id, product, model, "
                     "quantity, return_reason_id, return_status_id, date_added, date_modified) "
                     "VALUES (9, 1, 1, 40, 'Tee', 'TEE', 1, 1, 2, NOW(), NOW())")
    store = Store(store_db)
    assert reconcile_tick(store_db, store)["return"] == 1
    state = lambda: store_db.query_one("SELECT * FROM `{p}rebound_return_state` WHERE return_id = 9")  # noqa: E731
    assert (state()["order_id"], state()["product_id"], state()["return_status_id"]) == (1, 40, 2)

    # Core admin's addHistory: a history row and the return's new status.
    store_db.execute("UPDATE `{p}return` SET return_status_id = 3 WHERE return_id = 9")
    store_db.execute("INSERT INTO `{p}return_history` (return_id, return_status_id, notify, comment, date_added) "
                     "VALUES (9, 3, 0, 'done', NOW())")
    assert reconcile_tick(store_db, store)["return_history"] == 1
    assert (state()["return_status_id"], state()["last_history_id"]) == (3, 1)


def test_reviews_new_moderated_and_deleted_without_events(store_db) -> None:
    store_db.execute("INSERT INTO `{p}review` (review_id, product_id, customer_id, author, text, rating, status, "
                     "date_added, date_modified) VALUES (1, 40, 3, 'Ann', 'x', 4, 0, NOW(), NOW()), "
                     "(2, 40, 0, 'Bo', 'y', 2, 0, NOW(), NOW())")
    reconcile_tick(store_db, Store(store_db))
    status = lambda: {r["review_id"]: r["status"] for r in store_db.query(  # noqa: E731
        "SELECT review_id, status FROM `{p}rebound_review_state`")}
    assert status() == {1: 0, 2: 0}
    store_db.execute("UPDATE `{p}review` SET status = 1 WHERE review_id = 1")  # approved in core admin
    store_db.execute("DELETE FROM `{p}review` WHERE review_id = 2")
    assert sweep_reviews(store_db) == 2
    assert status() == {1: 1}
    assert sweep_reviews(store_db) == 0


def test_one_worker_scans_at_a_time(store_db) -> None:
    with store_db.named_lock("rebound_reconcile"):
        assert reconcile_tick(Database(store_db.url), Store(store_db)) == {}


# -- the outbox ------------------------------------------------------------------------------------------------

def test_pending_events_are_delivered(store_db, oc_order) -> None:
    oc_order(1, [(5, "2026-04-02 10:00:00")])
    ids = [add_event(store_db, "order.status_changed", {"order_id": 1, "order_status_id": 5}) for _ in range(3)]
    ids.append(add_event(store_db, "coupon.used", {"code": "X"}))
    assert deliver_outbox(store_db, Store(store_db)) == 4
    assert [event_row(store_db, i)["status"] for i in ids] == ["delivered"] * 3 + ["ignored"]
    assert order_state(store_db, 1)["order_status_id"] == 5
    assert deliver_outbox(store_db, Store(store_db)) == 0


def test_an_unreadable_row_is_dead_at_once(store_db) -> None:
    bad = add_event(store_db, "order.status_changed", {}, payload='{"id": "nope"}')
    deliver_outbox(store_db, Store(store_db))
    row = event_row(store_db, bad)
    assert row["status"] == "dead" and "invalid" in row["last_error"]


def test_failures_back_off_then_go_dead_after_the_horizon(store_db) -> None:
    fresh = add_event(store_db, "review.moderated", {"review_id": 1, "status": 1})
    old = add_event(store_db, "review.moderated", {"review_id": 2, "status": 1}, age_hours=73)
    store_db.execute("RENAME TABLE `{p}review` TO `{p}review_away`")  # every apply now fails
    store = Store(store_db)
    assert deliver_outbox(store_db, store) == 2
    row = event_row(store_db, fresh)
    assert (row["status"], row["attempts"], row["later"]) == ("pending", 1, 1)
    assert "review" in row["last_error"]
    assert event_row(store_db, old)["status"] == "dead"
    assert deliver_outbox(store_db, store) == 0  # not due yet

    store_db.execute("RENAME TABLE `{p}review_away` TO `{p}review`")
    store_db.execute("UPDATE `{p}rebound_event` SET next_attempt_at = UTC_TIMESTAMP(6) WHERE event_uuid = %s", (fresh,))
    assert deliver_outbox(store_db, store) == 1
    assert event_row(store_db, fresh)["status"] == "delivered"


def test_a_stopped_sidecar_misses_nothing(store_db, oc_order) -> None:
    """Events produced while no sidecar runs are applied once each when the worker starts."""
    for order_id in range(1, 31):
        oc_order(order_id, [(5, "2026-04-02 10:00:00")])
    ids = [add_event(store_db, "order.status_changed", {"order_id": i, "order_status_id": 5}) for i in range(1, 31)]
    env = {**os.environ, "REBOUND_DB_URL": url_string(store_db.url)}
    workers = [subprocess.Popen([sys.executable, "-m", "sidecar.cli", "worker"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        assert poll(lambda: store_db.query_one(
            "SELECT COUNT(*) AS n FROM `{p}rebound_event` WHERE status = 'delivered'")["n"] == 30)
    finally:
        for w in workers:
            w.send_signal(signal.SIGTERM)
        for w in workers:
            w.communicate(timeout=15)
    assert {event_row(store_db, i)["attempts"] for i in ids} == {1}
    assert store_db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_order_state`")["n"] == 30


def test_jobs_run_each_tick_and_survive_a_bad_batch(store_db, oc_order) -> None:
    oc_order(1, [(5, "2026-04-02 10:00:00")])
    add_event(store_db, "order.status_changed", {"order_id": 1, "order_status_id": 5})
    for job in jobs(Store(store_db)):
        job(store_db)
    assert store_db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_event` WHERE status = 'delivered'")["n"] == 1
    assert watermark(store_db, "order_history") == 1


@pytest.mark.parametrize("count", [1, 250])
def test_full_batches_keep_going_in_one_tick(store_db, count) -> None:
    for _ in range(count):
        add_event(store_db, "coupon.used", {"n": 1})
    jobs(Store(store_db))[0](store_db)
    assert store_db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_event` WHERE status = 'pending'")["n"] == 0


def test_status_times_and_options_are_mirrored(store_db, oc_order) -> None:
    oc_order(1, [(1, "2026-03-28 10:00:00"), (3, "2026-03-29 10:00:00"), (1, "2026-03-30 10:00:00"),
                 (3, "2026-03-31 10:00:00")])
    store_db.execute("INSERT INTO `{p}order_option` (order_id, order_product_id, product_option_id, "
                     "product_option_value_id, name, value, type) VALUES (1, 1, 226, 15, 'Size', 'M', 'select')")
    reconcile_tick(store_db, Store(store_db))
    times = store_db.query("SELECT order_status_id, CAST(first_at AS CHAR) AS at "
                           "FROM `{p}rebound_order_status_time` WHERE order_id = 1 ORDER BY order_status_id")
    # The first time each status was reached, not the last.
    assert times == [{"order_status_id": 1, "at": "2026-03-28 10:00:00.000000"},
                     {"order_status_id": 3, "at": "2026-03-29 10:00:00.000000"}]
    options = store_db.query("SELECT order_id, order_product_id, name, value FROM `{p}rebound_order_option`")
    assert options == [{"order_id": 1, "order_product_id": 1, "name": "Size", "value": "M"}]
    assert watermark(store_db, "order_option") == 1
