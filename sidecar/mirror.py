"""Rebound's mirrors of OpenCart's orders, returns and reviews (the rebound_*_state tables).

Events and scans converge here: an event refreshes one row from OpenCart by primary key; a scan refreshes
the rows whose OpenCart history moved past a watermark. Both are idempotent upserts, so applying the same
change twice, or by both paths, leaves the same state. Statuses always come from OpenCart's current row;
history rows only add times (when a status changed, when the order was first delivered).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime, timezone
from typing import Any, Protocol
from zoneinfo import ZoneInfo


class Sql(Protocol):
    def query(self, sql: str, args: Any = None) -> list[dict[str, Any]]: ...
    def execute(self, sql: str, args: Any = None) -> int: ...
    def executemany(self, sql: str, rows: Any) -> int: ...


# store_id → the status ids that mean "delivered" there (config_complete_status), and its time zone.
CompleteIds = Callable[[int], set[int]]
StoreZone = Callable[[int], ZoneInfo]


def to_utc(local: Any, tz: ZoneInfo) -> datetime | None:
    """An OpenCart store-local DATETIME as naive UTC, the way rebound_* tables keep times."""
    if not isinstance(local, datetime):
        return None
    return local.replace(tzinfo=tz).astimezone(timezone.utc).replace(tzinfo=None)


def _marks(ids: Iterable[int]) -> tuple[str, list[int]]:
    values = sorted(set(ids))
    return ", ".join(["%s"] * len(values)), values


# -- orders ----------------------------------------------------------------------------------------------

# Target columns are named with their table: in the INSERT … SELECT below, bare names would be ambiguous.
ORDER_STATE_UPDATE = """
ON DUPLICATE KEY UPDATE
  {s}.status_changed_at = IF(
    VALUES(last_history_id) > {s}.last_history_id OR {s}.order_status_id <> VALUES(order_status_id),
    COALESCE(VALUES(status_changed_at), {s}.status_changed_at), {s}.status_changed_at),
  {s}.delivered_at = COALESCE({s}.delivered_at, VALUES(delivered_at)),
  {s}.last_history_id = GREATEST({s}.last_history_id, VALUES(last_history_id)),
  {s}.order_status_id = VALUES(order_status_id),
  {s}.store_id = VALUES(store_id),
  {s}.customer_id = VALUES(customer_id),
  {s}.updated_at = UTC_TIMESTAMP(6)
""".replace("{s}", "`{p}rebound_order_state`")

UPSERT_ORDER = """
INSERT INTO `{p}rebound_order_state`
  (order_id, store_id, customer_id, order_status_id, last_history_id, status_changed_at, delivered_at, updated_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP(6))
""" + ORDER_STATE_UPDATE

# One statement for an event: read the order row and upsert its mirror in a single round trip.
UPSERT_ORDER_FROM_ROW = """
INSERT INTO `{p}rebound_order_state`
  (order_id, store_id, customer_id, order_status_id, last_history_id, status_changed_at, delivered_at, updated_at)
SELECT o.order_id, COALESCE(o.store_id, 0), COALESCE(o.customer_id, 0), o.order_status_id, %s, %s,
       IF(FIND_IN_SET(o.order_status_id, %s), %s, NULL), UTC_TIMESTAMP(6)
FROM `{p}order` o WHERE o.order_id = %s AND o.order_status_id > 0
""" + ORDER_STATE_UPDATE


def refresh_order_at(sql: Sql, order_id: int, complete: set[int], at: datetime, history_id: int | None) -> int:
    """Mirror one order after an event: its status now, changed at `at` (naive UTC), delivered if the
    status is one of `complete` (the event's store's). Returns 1 when the order exists and is confirmed."""
    return min(1, sql.execute(
        UPSERT_ORDER_FROM_ROW,
        (history_id or 0, at, ",".join(str(i) for i in sorted(complete)), at, order_id),
    ))


def refresh_orders(
    sql: Sql,
    order_ids: Iterable[int],
    complete_ids: CompleteIds,
    *,
    history: dict[int, list[dict[str, Any]]] | None = None,
    zone: StoreZone | None = None,
    at: datetime | None = None,
    history_id: int | None = None,
) -> int:
    """Bring the mirror of these orders up to date with OpenCart's order rows.

    `history` (order_id → its new order_history rows, oldest first) supplies status times from a scan;
    without it (an event) `at`, naive UTC, is when the status changed, and `history_id` the order_history
    row the event reported, when it knew it. Unconfirmed orders (status 0) are
    skipped, as OpenCart hides them. Returns how many orders were refreshed.
    """
    marks, ids = _marks(order_ids)
    if not ids:
        return 0
    rows = sql.query(
        f"SELECT order_id, store_id, customer_id, order_status_id FROM `{{p}}order` WHERE order_id IN ({marks})",
        ids,
    )
    count = 0
    for row in rows:
        status = int(row["order_status_id"] or 0)
        if status == 0:
            continue
        store_id = int(row["store_id"] or 0)
        complete = complete_ids(store_id)
        changes = (history or {}).get(row["order_id"], [])
        if changes:
            tz = zone(store_id) if zone else ZoneInfo("UTC")
            last_id = max(h["order_history_id"] for h in changes)
            changed_at = to_utc(changes[-1]["date_added"], tz)
            delivered_at = next(
                (to_utc(h["date_added"], tz) for h in changes if int(h["order_status_id"] or 0) in complete), None
            )
        else:
            last_id, changed_at = history_id or 0, at
            delivered_at = at if status in complete else None
        sql.execute(
            UPSERT_ORDER,
            (row["order_id"], store_id, int(row["customer_id"] or 0), status, last_id, changed_at, delivered_at),
        )
        if changes:
            record_status_times(sql, [
                (row["order_id"], int(h["order_status_id"] or 0), to_utc(h["date_added"], tz)) for h in changes
            ])
        count += 1
    return count


def record_status_times(sql: Sql, times: list[tuple[int, int, datetime | None]]) -> None:
    """Remember when each order first reached each status (the earliest time seen wins)."""
    rows = [t for t in times if t[2] is not None]
    if rows:
        sql.executemany(
            "INSERT INTO `{p}rebound_order_status_time` (order_id, order_status_id, first_at) VALUES (%s, %s, %s) "
            "ON DUPLICATE KEY UPDATE first_at = LEAST(first_at, VALUES(first_at))",
            rows,
        )


# -- returns -----------------------------------------------------------------------------------------------

UPSERT_RETURN = """
INSERT INTO `{p}rebound_return_state`
  (return_id, order_id, product_id, customer_id, quantity, return_status_id, last_history_id, created_at,
   updated_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP(6))
ON DUPLICATE KEY UPDATE
  order_id = VALUES(order_id), created_at = VALUES(created_at), product_id = VALUES(product_id), customer_id = VALUES(customer_id),
  quantity = VALUES(quantity), return_status_id = VALUES(return_status_id),
  last_history_id = GREATEST(last_history_id, VALUES(last_history_id)), updated_at = UTC_TIMESTAMP(6)
"""


def refresh_returns(
    sql: Sql, return_ids: Iterable[int], last_history: dict[int, int] | None = None, zone: ZoneInfo | None = None
) -> int:
    """Mirror these returns from OpenCart's `return` rows; a return deleted in OpenCart leaves the mirror.

    `zone` is the store's time zone, for date_added (returns have no store of their own)."""
    marks, ids = _marks(return_ids)
    if not ids:
        return 0
    rows = sql.query(
        "SELECT return_id, order_id, product_id, customer_id, quantity, return_status_id, date_added "
        f"FROM `{{p}}return` WHERE return_id IN ({marks})",
        ids,
    )
    for r in rows:
        sql.execute(
            UPSERT_RETURN,
            (r["return_id"], int(r["order_id"] or 0), int(r["product_id"] or 0), int(r["customer_id"] or 0),
             int(r["quantity"] or 0), int(r["return_status_id"] or 0), (last_history or {}).get(r["return_id"], 0),
             to_utc(r["date_added"], zone or ZoneInfo("UTC"))),
        )
    gone = set(ids) - {r["return_id"] for r in rows}
    if gone:
        gmarks, gids = _marks(gone)
        sql.execute(f"DELETE FROM `{{p}}rebound_return_state` WHERE return_id IN ({gmarks})", gids)
    return len(rows)


# -- reviews -----------------------------------------------------------------------------------------------

UPSERT_REVIEW = """
INSERT INTO `{p}rebound_review_state` (review_id, product_id, customer_id, rating, status, photo_count,
  photos_pending, photos_approved, updated_at)
VALUES (%s, %s, %s, %s, %s, %s, %s, %s, UTC_TIMESTAMP(6))
ON DUPLICATE KEY UPDATE
  product_id = VALUES(product_id), customer_id = VALUES(customer_id), rating = VALUES(rating),
  status = VALUES(status), photo_count = VALUES(photo_count), photos_pending = VALUES(photos_pending),
  photos_approved = VALUES(photos_approved), updated_at = UTC_TIMESTAMP(6)
"""


def review_photo_counts(sql: Sql, review_ids: list[int]) -> dict[int, dict[str, int]]:
    """review_id → {status: number of its photos} from rebound_photo (kind 'review')."""
    if not review_ids:
        return {}
    marks = ", ".join(["%s"] * len(review_ids))
    counts: dict[int, dict[str, int]] = {}
    for r in sql.query(
        f"SELECT owner_id, status, COUNT(*) AS n FROM `{{p}}rebound_photo` WHERE kind = 'review' "
        f"AND owner_id IN ({marks}) GROUP BY owner_id, status",
        review_ids,
    ):
        counts.setdefault(int(r["owner_id"]), {})[r["status"]] = int(r["n"])
    return counts


def refresh_reviews(sql: Sql, review_ids: Iterable[int]) -> int:
    """Mirror these reviews from OpenCart's `review` rows and their photos' statuses from rebound_photo;
    a review deleted in OpenCart leaves the mirror."""
    marks, ids = _marks(review_ids)
    if not ids:
        return 0
    rows = sql.query(
        f"SELECT review_id, product_id, customer_id, rating, status FROM `{{p}}review` WHERE review_id IN ({marks})",
        ids,
    )
    photos = review_photo_counts(sql, [r["review_id"] for r in rows])
    for r in rows:
        counts = photos.get(r["review_id"], {})
        sql.execute(
            UPSERT_REVIEW,
            (r["review_id"], int(r["product_id"] or 0), int(r["customer_id"] or 0), int(r["rating"] or 0),
             int(r["status"] or 0), sum(counts.values()), counts.get("pending", 0), counts.get("approved", 0)),
        )
    gone = set(ids) - {r["review_id"] for r in rows}
    if gone:
        gmarks, gids = _marks(gone)
        sql.execute(f"DELETE FROM `{{p}}rebound_review_state` WHERE review_id IN ({gmarks})", gids)
    return len(rows)


# -- order options ---------------------------------------------------------------------------------------

def copy_order_options(sql: Sql, rows: list[dict[str, Any]]) -> int:
    """Copy OpenCart order_option rows (read by primary-key range) into the by-order mirror."""
    sql.executemany(
        "INSERT IGNORE INTO `{p}rebound_order_option` (order_option_id, order_id, order_product_id, "
        "product_option_id, product_option_value_id, name, value, type) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
        [
            (r["order_option_id"], int(r["order_id"] or 0), int(r["order_product_id"] or 0),
             int(r["product_option_id"] or 0), int(r["product_option_value_id"] or 0), r["name"] or "",
             r["value"], r["type"] or "")
            for r in rows
        ],
    )
    return len(rows)
