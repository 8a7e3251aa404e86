"""The worker's reconciliation: deliver what the direct POST missed, and notice what changed without us.

Outbox delivery claims due rows with FOR UPDATE SKIP LOCKED, so any number of workers share the work.
Failures back off exponentially; past the retry horizon (72 h by default) a row becomes 'dead', which the
admin page shows. The scans read OpenCart's tables from id watermarks (an index range on the primary key),
so a tick costs what changed, not what the store holds; they run in one worker at a time (a named lock).
"""

from __future__ import annotations

import json
import logging
import random
import time
from collections import defaultdict
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from typing import Any

import pymysql

from . import intake
from .db import Database, Tx
from .errors import BadRequest
from .mirror import copy_order_options, refresh_orders, refresh_returns, refresh_reviews
from .returns import core_admin
from .store import Store

log = logging.getLogger(__name__)

CLAIM_BATCH = 100
SCAN_BATCH = 2000
RETRY_HORIZON = timedelta(hours=72)
BACKOFF_CAP_S = 3600


def backoff_seconds(attempts: int) -> float:
    """5 s, 10 s, 20 s … capped at an hour, with jitter so a crowd of failures spreads out."""
    base = min(5 * 2 ** max(attempts - 1, 0), BACKOFF_CAP_S)
    return base * random.uniform(0.8, 1.2)


# -- the outbox ------------------------------------------------------------------------------------------

def deliver_outbox(db: Database, store: Store, limit: int = CLAIM_BATCH) -> int:
    """Apply due pending events; returns how many rows were handled (delivered, ignored, failed)."""
    # Find candidates without locking, then lock them by primary key only: a locking read through the
    # status index would also hold index entries of rows it skips, and deadlock with the HTTP path.
    due = [
        r["rebound_event_id"] for r in db.query(
            "SELECT rebound_event_id FROM `{p}rebound_event` WHERE status = 'pending' "
            "AND (next_attempt_at IS NULL OR next_attempt_at <= UTC_TIMESTAMP(6)) "
            "ORDER BY next_attempt_at, rebound_event_id LIMIT %s",  # not by status: MariaDB would filesort
            (limit,),
        )
    ]
    if not due:
        return 0
    marks = ", ".join(["%s"] * len(due))
    with db.transaction() as tx:
        rows = tx.query(
            "SELECT rebound_event_id, event_uuid, payload, attempts FROM `{p}rebound_event` "
            f"WHERE rebound_event_id IN ({marks}) AND status = 'pending' ORDER BY rebound_event_id "
            "FOR UPDATE SKIP LOCKED",
            due,
        )
        for row in rows:
            _deliver_one(tx, store, row)
    return len(due)


def _deliver_one(tx: Tx, store: Store, row: dict[str, Any]) -> None:
    tx.execute("SAVEPOINT one_event")
    try:
        intake.deliver(tx, store, intake.parse(row["payload"]), row["rebound_event_id"], answered=False)
    except BadRequest as exc:
        # The extension wrote a row this sidecar cannot read: retrying will not help.
        tx.execute("ROLLBACK TO SAVEPOINT one_event")
        _fail(tx, row, f"{exc.message} {json.dumps(exc.fields)}"[:255], dead=True)
    except pymysql.err.OperationalError as exc:
        if exc.args[0] in (1213, 1205):
            raise  # InnoDB rolled the whole batch back; the next tick claims it again
        tx.execute("ROLLBACK TO SAVEPOINT one_event")
        _fail(tx, row, f"{type(exc).__name__}: {exc}"[:255], dead=False)
    except Exception as exc:  # one bad event never stops the others
        tx.execute("ROLLBACK TO SAVEPOINT one_event")
        log.exception("event delivery failed", extra={"event_id": row["event_uuid"]})
        _fail(tx, row, f"{type(exc).__name__}: {exc}"[:255], dead=False)


def _fail(tx: Tx, row: dict[str, Any], error: str, *, dead: bool) -> None:
    attempts = int(row["attempts"]) + 1
    tx.execute(
        "UPDATE `{p}rebound_event` SET attempts = %s, last_error = %s, "
        "status = IF(%s OR created_at < UTC_TIMESTAMP(6) - INTERVAL %s SECOND, 'dead', 'pending'), "
        "next_attempt_at = UTC_TIMESTAMP(6) + INTERVAL %s SECOND WHERE rebound_event_id = %s",
        (attempts, error, dead, int(RETRY_HORIZON.total_seconds()), round(backoff_seconds(attempts), 3),
         row["rebound_event_id"]),
    )


# -- watermarks ----------------------------------------------------------------------------------------------

def watermark(db: Database | Tx, name: str) -> int:
    row = db.query_one("SELECT value FROM `{p}rebound_watermark` WHERE name = %s", (name,))
    return int(row["value"]) if row else 0


def set_watermark(db: Database | Tx, name: str, value: int) -> None:
    db.execute(
        "INSERT INTO `{p}rebound_watermark` (name, value, updated_at) VALUES (%s, %s, UTC_TIMESTAMP(6)) "
        "ON DUPLICATE KEY UPDATE value = GREATEST(value, VALUES(value)), updated_at = UTC_TIMESTAMP(6)",
        (name, value),
    )


def _scan(db: Database, name: str, sql: str, key: str, handle: Callable[[Tx, list[dict[str, Any]]], object]) -> int:
    """Read rows past the watermark `name` in id order, hand them over, advance the mark: one transaction."""
    with db.transaction() as tx:
        start = watermark(tx, name)
        rows = tx.query(sql, (start, SCAN_BATCH))
        if rows:
            handle(tx, rows)
            set_watermark(tx, name, max(int(r[key]) for r in rows))
    return len(rows)


# -- the scans ----------------------------------------------------------------------------------------------

def scan_order_history(db: Database, store: Store) -> int:
    def handle(tx: Tx, rows: list[dict[str, Any]]) -> object:
        history: dict[int, list[dict[str, Any]]] = defaultdict(list)
        for r in rows:
            history[int(r["order_id"])].append(r)
        return refresh_orders(tx, history, _complete_ids(store), history=history, zone=_zones(store))

    return _scan(
        db, "order_history",
        "SELECT order_history_id, order_id, order_status_id, date_added FROM `{p}order_history` "
        "WHERE order_history_id > %s ORDER BY order_history_id LIMIT %s",
        "order_history_id", handle,
    )


def scan_order_options(db: Database) -> int:
    return _scan(
        db, "order_option",
        "SELECT order_option_id, order_id, order_product_id, product_option_id, product_option_value_id, "
        "name, value, type FROM `{p}order_option` WHERE order_option_id > %s ORDER BY order_option_id LIMIT %s",
        "order_option_id", copy_order_options,
    )


def scan_returns(db: Database, store: Store) -> int:
    zone = store.timezone()
    return _scan(
        db, "return",
        "SELECT return_id FROM `{p}return` WHERE return_id > %s ORDER BY return_id LIMIT %s",
        "return_id", lambda tx, rows: refresh_returns(tx, [r["return_id"] for r in rows], zone=zone),
    )


def scan_return_history(db: Database, store: Store) -> int:
    zone = store.timezone()

    def handle(tx: Tx, rows: list[dict[str, Any]]) -> object:
        last = {int(r["return_id"]): int(r["return_history_id"]) for r in rows}
        refresh_returns(tx, last, last_history=last, zone=zone)
        # A status set in core admin moves its Rebound case; Rebound's own rows change nothing there.
        return core_admin.follow(tx, store, last, datetime.now(timezone.utc))

    return _scan(
        db, "return_history",
        "SELECT return_history_id, return_id FROM `{p}return_history` "
        "WHERE return_history_id > %s ORDER BY return_history_id LIMIT %s",
        "return_history_id", handle,
    )


def scan_reviews(db: Database) -> int:
    return _scan(
        db, "review",
        "SELECT review_id FROM `{p}review` WHERE review_id > %s ORDER BY review_id LIMIT %s",
        "review_id", lambda tx, rows: refresh_reviews(tx, [r["review_id"] for r in rows]),
    )


def sweep_reviews(db: Database) -> int:
    """Reviews whose status or rating changed with no event (approved in core admin without Rebound).

    OpenCart keeps no review history and `review` has no index on date_modified, so this compares the
    whole (small) review table with the mirror; it runs once a minute, not every tick.
    """
    with db.transaction() as tx:
        ids = [
            r["review_id"] for r in tx.query(
                "SELECT r.review_id FROM `{p}review` r "
                "JOIN `{p}rebound_review_state` s ON s.review_id = r.review_id "
                "WHERE s.status <> r.status OR s.rating <> r.rating "
                "UNION SELECT s.review_id FROM `{p}rebound_review_state` s "
                "LEFT JOIN `{p}review` r ON r.review_id = s.review_id WHERE r.review_id IS NULL"
            )
        ]
        refresh_reviews(tx, ids)
    return len(ids)


def _complete_ids(store: Store) -> Callable[[int], set[int]]:
    cache: dict[int, set[int]] = {}
    return lambda sid: cache.setdefault(sid, store.status_ids("config_complete_status", sid))


def _zones(store: Store) -> Callable[[int], Any]:
    cache: dict[int, Any] = {}
    return lambda sid: cache.setdefault(sid, store.timezone(sid))


def reconcile_tick(db: Database, store: Store) -> dict[str, int]:
    """One pass of every scan, in one worker at a time; returns rows read per scan ({} if another ran)."""
    with db.named_lock("rebound_reconcile") as mine:
        if not mine:
            return {}
        return {
            "order_history": scan_order_history(db, store),
            "order_option": scan_order_options(db),
            "return": scan_returns(db, store),
            "return_history": scan_return_history(db, store),
            "review": scan_reviews(db),
        }


def jobs(store: Store, sweep_every_s: float = 60.0) -> list[Callable[[Database], None]]:
    """The worker's reconciliation jobs, each a function of the database, run every tick."""
    next_sweep = [0.0]

    def outbox(db: Database) -> None:
        while deliver_outbox(db, store) == CLAIM_BATCH:
            pass

    def scans(db: Database) -> None:
        # A store that just installed Rebound has history to catch up on: keep reading while batches are full.
        deadline = time.monotonic() + 0.5
        while max(reconcile_tick(db, store).values(), default=0) == SCAN_BATCH and time.monotonic() < deadline:
            pass
        if time.monotonic() >= next_sweep[0]:
            with db.named_lock("rebound_reconcile") as mine:
                if mine:
                    sweep_reviews(db)
            next_sweep[0] = time.monotonic() + sweep_every_s

    return [outbox, scans]
