"""Everything the policy engine needs about one order, read from the store and Rebound's mirrors.

OpenCart's `order_history` and `order_option` have no index on order_id, and `order` none on customer_id;
reading them by order on a store of a million orders would take seconds. This loader reads OpenCart by
primary key or indexed column only, and takes status times, options and customer history from the
rebound_* mirrors the worker keeps. An order the worker has not mirrored yet (just installed, catching
up) falls back to OpenCart's own tables: slower, never wrong.
"""

from __future__ import annotations

import dataclasses
import json
import threading
import weakref
from collections import defaultdict
from datetime import datetime, timedelta, timezone
from typing import Any

from ..db import Database, Tx
from ..errors import NotFound
from ..policy import DEFAULT_POLICY, History, Policy, Situation, validate
from ..records import Order, OrderLine, OrderOption, StatusChange
from ..store import Store

POLICY_KEY = "module_rebound_policy"
_CACHES_LOCK = threading.Lock()
# Case lines that still hold a quantity: everything but refused and cancelled requests.
OPEN_OR_DONE = ("requested", "approved", "received", "refunded", "credited", "exchanged", "closed")


class PolicyCache:
    """The store's policy per store_id, validated once per distinct document text."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self._by_text: dict[str, Policy] = {}
        self._lock = threading.Lock()

    def source(self, store_id: int) -> tuple[Any, str]:
        raw = self.store.setting(POLICY_KEY, store_id)
        return (raw, "store") if raw else ({"version": 1}, "default")

    def get(self, store_id: int) -> Policy:
        raw, origin = self.source(store_id)
        if origin == "default":
            return DEFAULT_POLICY
        text = raw if isinstance(raw, str) else json.dumps(raw, sort_keys=True)
        with self._lock:
            if text not in self._by_text:
                self._by_text[text] = validate(text)
            return self._by_text[text]


_CACHES: "weakref.WeakKeyDictionary[Store, PolicyCache]" = weakref.WeakKeyDictionary()


def policies_for(store: Store) -> PolicyCache:
    """The policy cache that lives as long as its Store (one per app or worker process)."""
    with _CACHES_LOCK:
        if store not in _CACHES:
            _CACHES[store] = PolicyCache(store)
        return _CACHES[store]


def check_access(order: Order, customer_id: int | None, email: str | None) -> None:
    """The shopper asking must own the order: by login, or (guests' orders only) by email."""
    if customer_id:
        if order.customer_id != customer_id:
            raise NotFound("No such order.")
    elif email:
        if order.customer_id or order.email.strip().casefold() != email.strip().casefold():
            raise NotFound("No such order.")
    else:
        raise NotFound("No such order.")


def _status_history(sql: Database | Tx, store: Store, order: Order) -> tuple[StatusChange, ...]:
    rows = sql.query(
        "SELECT order_status_id, first_at FROM `{p}rebound_order_status_time` WHERE order_id = %s "
        "ORDER BY first_at",
        (order.order_id,),
    )
    if not rows:  # not mirrored yet: OpenCart's own history (a full scan on big stores, once)
        return store.order_history(order.order_id, store.timezone(order.store_id))
    tz = store.timezone(order.store_id)
    return tuple(
        StatusChange(history_id=0, status_id=int(r["order_status_id"]), notify=False, comment="",
                     at=r["first_at"].replace(tzinfo=timezone.utc).astimezone(tz))
        for r in rows
    )


def _options(sql: Database | Tx, store: Store, order: Order) -> Order:
    rows = sql.query(
        "SELECT order_option_id, order_product_id, product_option_id, product_option_value_id, name, value, type "
        "FROM `{p}rebound_order_option` WHERE order_id = %s ORDER BY order_option_id",
        (order.order_id,),
    )
    if not rows and not sql.query_one("SELECT value FROM `{p}rebound_watermark` WHERE name = 'order_option'"):
        # the option scan never ran: read OpenCart's table
        full = store.order(order.order_id, history=False)
        return dataclasses.replace(order, lines=full.lines) if full else order
    by_line: dict[int, list[OrderOption]] = defaultdict(list)
    for r in rows:
        by_line[r["order_product_id"]].append(OrderOption(
            order_option_id=r["order_option_id"], order_product_id=r["order_product_id"],
            product_option_id=r["product_option_id"], product_option_value_id=r["product_option_value_id"],
            name=r["name"], value=r["value"] or "", type=r["type"],
        ))
    lines = tuple(dataclasses.replace(line, options=tuple(by_line.get(line.order_product_id, ())))
                  for line in order.lines)
    return dataclasses.replace(order, lines=lines)


def returned_quantities(sql: Database | Tx, order: Order) -> tuple[dict[int, int], dict[int, int]]:
    """(per order_product_id from Rebound's cases, per product_id from core returns not in a case)."""
    found: dict[str, dict[int, int]] = {"line": {}, "product": {}}
    for r in sql.query(
        "SELECT 'line' AS kind, l.order_product_id AS id, SUM(l.quantity) AS q FROM `{p}rebound_case_line` l "
        "JOIN `{p}rebound_case` c ON c.case_id = l.case_id "
        f"WHERE l.order_id = %s AND l.active = 1 AND c.status IN ({', '.join(['%s'] * len(OPEN_OR_DONE))}) "
        "GROUP BY l.order_product_id "
        "UNION ALL "
        "SELECT 'product', s.product_id, SUM(s.quantity) FROM `{p}rebound_return_state` s "
        "LEFT JOIN `{p}rebound_case_line` l ON l.return_id = s.return_id "
        "WHERE s.order_id = %s AND l.case_line_id IS NULL GROUP BY s.product_id",
        (order.order_id, *OPEN_OR_DONE, order.order_id),
    ):
        found[r["kind"]][int(r["id"])] = int(r["q"])
    return found["line"], found["product"]


def customer_history(sql: Database | Tx, customer_id: int, order_id: int, lookback_days: int,
                     now: datetime) -> History | None:
    """What the serial-returner signal and auto-approve limits look at; None for guests.

    Units bought are counted only when something was returned: with nothing returned the return rate is 0
    whatever was bought, and that count (every order line of the customer's year) is the costly one."""
    if not customer_id:
        return None
    since = (now.astimezone(timezone.utc) - timedelta(days=lookback_days)).replace(tzinfo=None)
    # Three counts in one round trip: each derived table is one aggregate row.
    row = sql.query_one(
        "SELECT completed.n AS completed, cases.n AS cases, cases.items AS case_items, core.n AS core, "
        "core.items AS core_items FROM "
        "(SELECT COUNT(*) AS n FROM `{p}rebound_order_state` WHERE customer_id = %s AND order_id <> %s "
        " AND delivered_at IS NOT NULL) completed, "
        "(SELECT COUNT(DISTINCT c.case_id) AS n, COALESCE(SUM(l.quantity), 0) AS items "
        " FROM `{p}rebound_case` c JOIN `{p}rebound_case_line` l ON l.case_id = c.case_id "
        " WHERE c.customer_id = %s AND c.created_at >= %s AND c.status NOT IN ('refused', 'rejected')) cases, "
        "(SELECT COUNT(*) AS n, COALESCE(SUM(s.quantity), 0) AS items FROM `{p}rebound_return_state` s "
        " LEFT JOIN `{p}rebound_case_line` l ON l.return_id = s.return_id "
        " WHERE s.customer_id = %s AND s.created_at >= %s AND l.case_line_id IS NULL) core",
        (customer_id, order_id, customer_id, since, customer_id, since),
    )
    returned = int(row["case_items"]) + int(row["core_items"])
    bought = sql.query_one(
        "SELECT COALESCE(SUM(p.quantity), 0) AS n FROM `{p}rebound_order_state` s "
        "JOIN `{p}order_product` p ON p.order_id = s.order_id "
        "WHERE s.customer_id = %s AND s.status_changed_at >= %s",
        (customer_id, since),
    )["n"] if returned else 0
    return History(
        completed_orders=int(row["completed"]),
        items_bought=int(bought),
        items_returned=returned,
        returns=int(row["cases"]) + int(row["core"]),
    )


def situation(
    sql: Database | Tx, store: Store, policies: PolicyCache, order_id: int, now: datetime,
    *, customer_id: int | None = None, email: str | None = None, check: bool = True, history: bool = True,
) -> Situation:
    """The engine's input for one order; NotFound when it does not exist or is not the asker's.

    history=False leaves the customer's return history out: it decides auto-approval and the serial-returner
    flag, never whether a line can be returned (the order list page needs only that)."""
    order = store.order(order_id, history=False, options=False, totals=False)
    if order is None:
        raise NotFound("No such order.")
    if check:
        check_access(order, customer_id, email)
    order = _options(sql, store, order)
    order = dataclasses.replace(order, history=_status_history(sql, store, order))
    policy = policies.get(order.store_id)
    complete = store.status_ids("config_complete_status", order.store_id)
    product_ids = {line.product_id for line in order.lines} | {line.master_id for line in order.lines if line.master_id}
    products = store.products(product_ids)
    masters = {p.master_id for p in products.values() if p.master_id} - set(products)
    if masters:
        products.update(store.products(masters))
    returned, returned_by_product = returned_quantities(sql, order)
    customer = store.customer(order.customer_id) if order.customer_id else None
    return Situation(
        policy=policy,
        order=order,
        now=now,
        complete_status_ids=frozenset(complete),
        products=products,
        customer=customer,
        returned=returned,
        returned_by_product=returned_by_product,
        history=customer_history(sql, order.customer_id, order.order_id, policy.serial_returner.lookback_days,
                                 now) if history else None,
        timezone=store.timezone(order.store_id),
    )


def line_options(line: OrderLine) -> list[dict[str, str]]:
    return [{"name": o.name, "value": o.value} for o in line.options]
