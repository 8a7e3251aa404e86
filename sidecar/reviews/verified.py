"""Verified buyers (EU Omnibus): a review is from a verified buyer when an order containing the product (or a
variant of it) stands behind it whose status counts as bought — one of the store's processing or complete
statuses (`config_processing_status`, `config_complete_status`, per the order's store) except the status a
new order starts in (`config_order_status_id`, Pending: not paid yet) and OpenCart's seeded closed statuses
(cancelled, refunded, reversed…; policy.schema.CLOSED_STATUS_IDS): an order of the reviewer's customer
account placed no later than the review, or the order a review request asked about when the review was
written from that request's link (`rebound_review_source`, recorded by record_source()). Any other guest
review is not verified: nothing ties it to an order.

Orders are read through Rebound's mirror (rebound_order_state, keyed by customer; OpenCart's `order` has no
index on customer_id), so a purchase counts once the event or the worker's next scan has seen it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from typing import Any, Protocol

PAIRS_MAX = 500


class Sql(Protocol):
    def query(self, sql: str, args: Any = None) -> list[dict[str, Any]]: ...


class WritableSql(Sql, Protocol):
    def execute(self, sql: str, args: Any = None) -> int: ...


def record_source(sql: WritableSql, review_id: int, product_id: int, email_id: int, *, variants: bool = True) -> bool:
    """Ties a review to the order its review request asked about: only when that email was a review request
    or reminder, about an order that holds the product. The storefront vouches for the email (a signed link
    token it verified); the order is read here. False when nothing was recorded."""
    product_match = "(op.product_id = %s OR op.master_id = %s)" if variants else "op.product_id = %s"
    rows = sql.query(
        "SELECT e.order_id FROM `{p}rebound_email` e JOIN `{p}order_product` op ON op.order_id = e.order_id "
        f"WHERE e.email_id = %s AND e.kind IN ('review_request', 'review_reminder') AND {product_match} LIMIT 1",
        (email_id, product_id, product_id) if variants else (email_id, product_id),
    )
    if not rows:
        return False
    sql.execute(
        "INSERT IGNORE INTO `{p}rebound_review_source` (review_id, email_id, order_id, created_at) "
        "VALUES (%s, %s, %s, UTC_TIMESTAMP(6))",
        (review_id, email_id, int(rows[0]["order_id"])),
    )
    return True


def verified_sources(sql: Sql, review_ids: Iterable[int], counting: Callable[[int], set[int]]) -> set[int]:
    """The reviews among `review_ids` written from a review request's link whose order still counts."""
    ids = sorted({int(i) for i in review_ids if int(i) > 0})[:PAIRS_MAX]
    if not ids:
        return set()
    marks = ", ".join(["%s"] * len(ids))
    rows = sql.query(
        "SELECT rs.review_id, s.store_id, s.order_status_id FROM `{p}rebound_review_source` rs "
        f"JOIN `{{p}}rebound_order_state` s ON s.order_id = rs.order_id WHERE rs.review_id IN ({marks})",
        ids,
    )
    return {int(r["review_id"]) for r in rows if int(r["order_status_id"]) in counting(int(r["store_id"]))}


def verified_pairs(
    sql: Sql, pairs: Iterable[tuple[int, int]], counting: Callable[[int], set[int]], *, variants: bool = True
) -> dict[tuple[int, int], datetime]:
    """The (customer_id, product_id) pairs among `pairs` backed by a counting order, each with its earliest
    such order's `date_added` (store-local, as OpenCart writes it): a review counts only if written after.

    `counting(store_id)` gives the order statuses that count in that store; `variants` matches
    order_product.master_id too (OpenCart 4 variants; 3.0 has no such column).
    """
    wanted = {(int(c), int(p)) for c, p in pairs if int(c) > 0 and int(p) > 0}
    if not wanted:
        return {}
    customers = sorted({c for c, _ in wanted})[:PAIRS_MAX]
    products = sorted({p for _, p in wanted})[:PAIRS_MAX]
    cmarks, pmarks = ", ".join(["%s"] * len(customers)), ", ".join(["%s"] * len(products))
    product_match = f"op.product_id IN ({pmarks})"
    args: list[Any] = [*customers, *products]
    if variants:
        product_match = f"({product_match} OR op.master_id IN ({pmarks}))"
        args += products
    rows = sql.query(
        "SELECT DISTINCT s.customer_id, s.store_id, s.order_status_id, o.date_added, op.product_id, "
        + ("op.master_id " if variants else "0 AS master_id ")
        + "FROM `{p}rebound_order_state` s JOIN `{p}order` o ON o.order_id = s.order_id "
        "JOIN `{p}order_product` op ON op.order_id = s.order_id "
        f"WHERE s.customer_id IN ({cmarks}) AND {product_match}",
        args,
    )
    found: dict[tuple[int, int], datetime] = {}
    for r in rows:
        if int(r["order_status_id"]) not in counting(int(r["store_id"])) or r["date_added"] is None:
            continue
        for product_id in (int(r["product_id"] or 0), int(r["master_id"] or 0)):
            pair = (int(r["customer_id"]), product_id)
            if pair in wanted and (pair not in found or r["date_added"] < found[pair]):
                found[pair] = r["date_added"]
    return found
