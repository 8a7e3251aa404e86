"""The summary tables: built once in full, then kept current from id watermarks.

A refresh reads the newest ids first (order, order_history, return, return_history), then:
- full (first run, `full=True`, or the sold/rejected rules changed): refill the order and return mirrors in
  chunks of ids and re-aggregate everything in one transaction, so readers never see a half-built table;
- incremental: mirror the orders and returns added since the watermarks, re-read those a history row
  touched since (a status change can make an order stop counting, or a return be rejected), and re-aggregate
  only the order days they belong to. Its cost follows the changes, not the size of the store.
Every step is idempotent and the watermarks move only in the last transaction, so a refresh cut short is
simply redone. Edits OpenCart makes without a history row (an admin editing a return's quantity, deleting
an order) are caught by the nightly full rebuild.
"""

from __future__ import annotations

import html
import json
import time
import zlib
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any
from zoneinfo import ZoneInfo

from ..db import Database
from ..store import Store
from . import sql

ZoneOf = Callable[[int], ZoneInfo]

CANCELLED_NAMES = frozenset({"canceled", "cancelled", "denied", "failed", "expired", "voided", "reversed",
                             "chargeback"})
REJECTED_NAMES = frozenset({"rejected"})
SOURCES = ("order", "order_history", "return", "return_history", "case_history")
REFRESHED = "analytics.refreshed"
RULES = "analytics.rules"
LOCK = "rebound_analytics_refresh"
ID_CHUNK = 200_000  # ids per statement when refilling a mirror
ID_BATCH = 1_000  # changed orders, returns or cases per statement
CASE_CHUNK = 20_000  # cases per read when refilling the case mirror


@dataclass(frozen=True)
class Rules:
    """Which order statuses do not count as sold, which return statuses do not count as returned."""

    cancelled: tuple[int, ...]
    rejected: tuple[int, ...]
    zone: str = "UTC"  # the default store's: a case's local day depends on it

    def fingerprint(self) -> int:
        return zlib.crc32(json.dumps([self.cancelled, self.rejected, self.zone]).encode())


def _named(rows: list[dict[str, Any]], names: frozenset[str]) -> tuple[int, ...]:
    return tuple(sorted({int(r["id"]) for r in rows
                         if html.unescape(str(r["name"] or "")).strip().casefold() in names}))


def rules(db: Database, zone: str = "UTC") -> Rules:
    """Resolved by name in any language: ids differ between stores and OpenCart versions."""
    return Rules(_named(db.query(sql.ORDER_STATUS_NAMES), CANCELLED_NAMES),
                 _named(db.query(sql.RETURN_STATUS_NAMES), REJECTED_NAMES), zone)


@dataclass(frozen=True)
class Refreshed:
    mode: str  # full | incremental
    seconds: float
    changes: int  # full: order days aggregated; incremental: orders, returns and cases re-read
    refreshed_at: datetime  # naive UTC


def refreshed_at(db: Any) -> datetime | None:
    """When the summary was last brought up to date (naive UTC); None before its first build."""
    row = db.query_one("SELECT updated_at FROM `{p}rebound_watermark` WHERE name = %s", (REFRESHED,))
    return row["updated_at"] if row else None


def refresh(db: Database, *, full: bool = False, wait: float = 0, store: Store | None = None) -> Refreshed | None:
    """Bring the summary up to date; None when another refresh holds the lock after `wait` seconds.
    `store` gives each store's time zone (a case's local day); default: read from the database."""
    store = store or Store(db)
    with db.named_lock(LOCK, timeout=wait) as mine:
        if not mine:
            return None
        started = time.monotonic()
        marks = {r["name"]: int(r["value"]) for r in db.query(sql.WATERMARKS, ("analytics.%",))}
        current = rules(db, store.timezone(0).key)
        top = {k: int(v) for k, v in (db.query_one(sql.MAX_IDS) or {}).items()}
        if full or REFRESHED not in marks or marks.get(RULES) != current.fingerprint():
            mode, changes = "full", _full(db, current, top, store.timezone)
        else:
            mode, changes = "incremental", _incremental(db, current, marks, top, store.timezone)
        at = refreshed_at(db)
        assert at is not None
        return Refreshed(mode, round(time.monotonic() - started, 3), changes, at)


def _chunks(items: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def _set_marks(tx: Any, current: Rules, top: dict[str, int]) -> None:
    for name in SOURCES:
        tx.execute(sql.SET_WATERMARK, (f"analytics.{name}", top[name]))
    tx.execute(sql.SET_WATERMARK, (RULES, current.fingerprint()))
    tx.execute(sql.SET_WATERMARK, (REFRESHED, int(time.time())))


def _cases(db: Database, where: str, args: Sequence[Any] | None, zone_of: ZoneOf) -> None:
    """Mirror these cases into rebound_analytics_case, with their store-local creation day and time."""
    rows = []
    for r in db.query(sql.case_facts(where), args):
        local = r["created_at"].replace(tzinfo=timezone.utc).astimezone(zone_of(int(r["store_id"])))
        r.update(day=local.date(), created_local=local.replace(tzinfo=None, microsecond=0),
                 email=(r["email"] or "")[:96])
        rows.append(tuple(r[c] for c in sql.CASE_COLUMNS))
    if rows:
        db.executemany(sql.REPLACE_CASES, rows)


def _read_committed(db: Database) -> None:
    """The next transaction (or autocommitted statement) on this thread's connection reads OpenCart's
    tables without locking them: under REPEATABLE READ an INSERT … SELECT takes shared next-key locks on
    what it reads, and a checkout inserting an order or its lines would wait for the refresh."""
    db.execute(sql.READ_COMMITTED)


def _full(db: Database, current: Rules, top: dict[str, int], zone_of: ZoneOf) -> int:
    for statement in sql.TRUNCATE_MIRRORS:
        db.execute(statement)
    last_case = int((db.query_one(sql.MAX_CASE) or {"n": 0})["n"])
    for low in range(0, last_case, CASE_CHUNK):
        _cases(db, "c.case_id > %s AND c.case_id <= %s", (low, low + CASE_CHUNK), zone_of)
    counted_o, counted_r = sql.order_counted(current.cancelled), sql.return_counted(current.rejected)
    for low in range(0, top["order"], ID_CHUNK):
        _read_committed(db)
        db.execute(sql.upsert_orders(counted_o, "order_id > %s AND order_id <= %s"), (low, low + ID_CHUNK))
    for low in range(0, top["return"], ID_CHUNK):
        _read_committed(db)
        db.execute(sql.upsert_returns(counted_r, "return_id > %s AND return_id <= %s"), (low, low + ID_CHUNK))
    _read_committed(db)
    with db.transaction() as tx:
        for table, aggregate in (("sold", sql.aggregate_sold), ("returned", sql.aggregate_returned)):
            tx.execute(*sql.clear_days(table, None))
            tx.execute(*aggregate(None))
        _set_marks(tx, current, top)
    row = db.query_one("SELECT COUNT(DISTINCT day) AS n FROM `{p}rebound_analytics_order`")
    return int(row["n"]) if row else 0


def _order_delta(tx: Any, sign: int, where: str, args: Sequence[Any] = ()) -> None:
    """Add (+1) or take away (−1) what these mirrored orders contribute: their lines and counted returns."""
    for statement in (sql.order_delta_sold(sign, where), sql.order_delta_returned(sign, where)):
        tx.execute(statement, args or None)


def _incremental(db: Database, current: Rules, marks: dict[str, int], top: dict[str, int], zone_of: ZoneOf) -> int:
    """Each changed order or return: take its contribution away, re-read it, add it back; all in one
    transaction with the watermarks, so a refresh cut short leaves nothing half-applied. Returns how many
    orders, returns and cases it re-read."""
    counted_o, counted_r = sql.order_counted(current.cancelled), sql.return_counted(current.rejected)
    changed_cases = [r["case_id"] for r in db.query(sql.CHANGED_CASES, (marks.get("analytics.case_history", 0),
                                                                         top["case_history"]))]
    for batch in _chunks(changed_cases, ID_BATCH):
        _cases(db, f"c.case_id IN ({sql.id_list(batch)})", None, zone_of)
    low, high = marks.get("analytics.order", 0), top["order"]
    changed_orders = [int(r["order_id"]) for r in db.query(
        sql.CHANGED_ORDERS, (marks.get("analytics.order_history", 0), top["order_history"]))]
    changed_orders = [i for i in changed_orders if not low < i <= high]  # new ones are read below anyway
    low_r, high_r = marks.get("analytics.return", 0), top["return"]
    changed_returns = [int(r["return_id"]) for r in db.query(
        sql.CHANGED_RETURNS, (marks.get("analytics.return_history", 0), top["return_history"]))]
    changed_returns = [i for i in changed_returns if not low_r < i <= high_r]
    _read_committed(db)
    with db.transaction() as tx:
        if high > low:
            where = "a.order_id > %s AND a.order_id <= %s"
            _order_delta(tx, -1, where, (low, high))
            tx.execute(sql.upsert_orders(counted_o, "order_id > %s AND order_id <= %s"), (low, high))
            _order_delta(tx, 1, where, (low, high))
        for batch in _chunks(changed_orders, ID_BATCH):
            where = f"a.order_id IN ({sql.id_list(batch)})"
            _order_delta(tx, -1, where)
            tx.execute(sql.delete_mirror("order", "order_id", batch))
            tx.execute(sql.upsert_orders(counted_o, f"order_id IN ({sql.id_list(batch)})"))
            _order_delta(tx, 1, where)
        if high_r > low_r:
            where = "r.return_id > %s AND r.return_id <= %s"
            tx.execute(sql.return_delta(-1, where), (low_r, high_r))
            tx.execute(sql.upsert_returns(counted_r, "return_id > %s AND return_id <= %s"), (low_r, high_r))
            tx.execute(sql.return_delta(1, where), (low_r, high_r))
        for batch in _chunks(changed_returns, ID_BATCH):
            where = f"r.return_id IN ({sql.id_list(batch)})"
            tx.execute(sql.return_delta(-1, where))
            tx.execute(sql.delete_mirror("return", "return_id", batch))
            tx.execute(sql.upsert_returns(counted_r, f"return_id IN ({sql.id_list(batch)})"))
            tx.execute(sql.return_delta(1, where))
        for statement in sql.DROP_EMPTY:
            tx.execute(statement)
        _set_marks(tx, current, top)
    return (max(0, high - low) + len(changed_orders) + max(0, high_r - low_r) + len(changed_returns)
            + len(changed_cases))
