"""Verified buyers (EU Omnibus): a review is from a verified buyer when its author is a customer account
with an order containing the product (or a variant of it) whose status is one of the store's processing or
complete statuses (`config_processing_status`, `config_complete_status`, per the order's store). Guest
reviews (customer_id 0) are never verified: nothing ties them to an order.

Orders are read through Rebound's mirror (rebound_order_state, keyed by customer; OpenCart's `order` has no
index on customer_id), so a purchase counts once the event or the worker's next scan has seen it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Protocol

PAIRS_MAX = 500


class Sql(Protocol):
    def query(self, sql: str, args: Any = None) -> list[dict[str, Any]]: ...


def verified_pairs(
    sql: Sql, pairs: Iterable[tuple[int, int]], counting: Callable[[int], set[int]], *, variants: bool = True
) -> set[tuple[int, int]]:
    """The (customer_id, product_id) pairs among `pairs` backed by a counting order.

    `counting(store_id)` gives the order statuses that count in that store; `variants` matches
    order_product.master_id too (OpenCart 4 variants; 3.0 has no such column).
    """
    wanted = {(int(c), int(p)) for c, p in pairs if int(c) > 0 and int(p) > 0}
    if not wanted:
        return set()
    customers = sorted({c for c, _ in wanted})[:PAIRS_MAX]
    products = sorted({p for _, p in wanted})[:PAIRS_MAX]
    cmarks, pmarks = ", ".join(["%s"] * len(customers)), ", ".join(["%s"] * len(products))
    product_match = f"op.product_id IN ({pmarks})"
    args: list[Any] = [*customers, *products]
    if variants:
        product_match = f"({product_match} OR op.master_id IN ({pmarks}))"
        args += products
    rows = sql.query(
        "SELECT DISTINCT s.customer_id, s.store_id, s.order_status_id, op.product_id, "
        + ("op.master_id " if variants else "0 AS master_id ")
        + "FROM `{p}rebound_order_state` s JOIN `{p}order_product` op ON op.order_id = s.order_id "
        f"WHERE s.customer_id IN ({cmarks}) AND {product_match}",
        args,
    )
    found: set[tuple[int, int]] = set()
    for r in rows:
        if int(r["order_status_id"]) not in counting(int(r["store_id"])):
            continue
        for product_id in (int(r["product_id"] or 0), int(r["master_id"] or 0)):
            if (int(r["customer_id"]), product_id) in wanted:
                found.add((int(r["customer_id"]), product_id))
    return found
