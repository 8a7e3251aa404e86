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
from ..records import Customer, Order, OrderLine, OrderOption, StatusChange
from ..store import Store, int_of, text_of

POLICY_KEY = "module_rebound_policy"
_CACHES_LOCK = threading.Lock()
# Case lines that still hold a quantity: everything but refused and cancelled requests.
OPEN_OR_DONE = ("requested", "approved", "received", "refunded", "credited", "exchanged", "closed")
# Cases the shopper is still waiting on: the order pages name them per line.
PENDING = ("requested", "approved", "received")


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


# What situation() reads from Rebound's tables for one order (or the order list for several), in one round
# trip: a UNION ALL whose branches share one row shape (kind, order id, four ints, three texts, a time), each
# filling the columns it needs:
#   opt   the orders' options (rebound_order_option): i1..i4 ids, t1..t3 name, value, type
#   time  when each order first reached each status (rebound_order_status_time): i1 status, at
#   mark  whether the option scan has run (rebound_watermark): no options then means the order has none
#   line  quantities in Rebound's cases per order line: i1 order_product_id, i2 quantity
#   req   open cases per order line (the pages show them): i1 order_product_id, i2 quantity, i3 case_id,
#         t1 reference, t2 status, at created
#   prod  quantities in core returns that are in no case, per product: i1 product_id, i2 quantity
#   cust  the customer's account (customers only; OpenCart's `customer` by primary key): i1 group, i2 store,
#         i3 status, i4 language, t1..t3 first name, last name, email, at date added
#   hist  the customer's history (customers only): i1 delivered orders, i2 cases, i3 items in cases,
#         i4 core returns in no case, t1 their items, t2 units bought in the lookback (sums may pass an INT)
_MIRRORS = (
    "SELECT 'opt' AS kind, order_id AS oid, order_option_id AS i1, order_product_id AS i2, product_option_id AS i3, "
    "product_option_value_id AS i4, name AS t1, value AS t2, type AS t3, NULL AS at "
    "FROM `{p}rebound_order_option` WHERE order_id IN %(orders)s "
    "UNION ALL SELECT 'time', order_id, order_status_id, NULL, NULL, NULL, NULL, NULL, NULL, first_at "
    "FROM `{p}rebound_order_status_time` WHERE order_id IN %(orders)s "
    "UNION ALL SELECT 'mark', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL "
    "FROM `{p}rebound_watermark` WHERE name = 'order_option' "
    "UNION ALL SELECT 'line', l.order_id, l.order_product_id, SUM(l.quantity), NULL, NULL, NULL, NULL, NULL, NULL "
    "FROM `{p}rebound_case_line` l JOIN `{p}rebound_case` c ON c.case_id = l.case_id "
    "WHERE l.order_id IN %(orders)s AND l.active = 1 AND c.status IN %(open)s GROUP BY l.order_id, l.order_product_id "
    "UNION ALL SELECT 'req', l.order_id, l.order_product_id, SUM(l.quantity), c.case_id, NULL, c.reference, c.status, "
    "NULL, c.created_at FROM `{p}rebound_case_line` l JOIN `{p}rebound_case` c ON c.case_id = l.case_id "
    "WHERE l.order_id IN %(orders)s AND l.active = 1 AND c.status IN %(pending)s "
    "GROUP BY l.order_id, l.order_product_id, c.case_id "
    "UNION ALL SELECT 'prod', s.order_id, s.product_id, SUM(s.quantity), NULL, NULL, NULL, NULL, NULL, NULL "
    "FROM `{p}rebound_return_state` s LEFT JOIN `{p}rebound_case_line` l ON l.return_id = s.return_id "
    "WHERE s.order_id IN %(orders)s AND l.case_line_id IS NULL GROUP BY s.order_id, s.product_id"
)
_CASES = ("FROM `{p}rebound_case` c JOIN `{p}rebound_case_line` l ON l.case_id = c.case_id "
          "WHERE c.customer_id = %(customer)s AND c.created_at >= %(since)s AND c.status NOT IN ('refused', 'rejected')")
_CORE = ("FROM `{p}rebound_return_state` s LEFT JOIN `{p}rebound_case_line` l ON l.return_id = s.return_id "
         "WHERE s.customer_id = %(customer)s AND s.created_at >= %(since)s AND l.case_line_id IS NULL")
# Units bought are counted only when something was returned (IF evaluates the branch it takes): with nothing
# returned the return rate is 0 whatever was bought, and that count (every line of the customer's year) is
# the costly one.
# OpenCart's text beside Rebound's in one column needs one collation: 4.0.2.x creates its tables
# utf8mb4_general_ci (3.0 utf8), Rebound's are utf8mb4_unicode_ci, and MariaDB refuses to UNION the two.
_CUSTOMER = (
    " UNION ALL SELECT 'cust', NULL, customer_group_id, store_id, status, language_id, "
    + ", ".join(f"CONVERT({c} USING utf8mb4) COLLATE utf8mb4_unicode_ci" for c in ("firstname", "lastname", "email"))
    + ", date_added FROM `{p}customer` WHERE customer_id = %(customer)s"
)
_HISTORY = (
    " UNION ALL SELECT 'hist', NULL, d.n, cs.n, cs.items, co.n, co.items, "
    "IF(cs.items + co.items > 0, (SELECT COALESCE(SUM(p.quantity), 0) FROM `{p}rebound_order_state` s "
    " JOIN `{p}order_product` p ON p.order_id = s.order_id "
    " WHERE s.customer_id = %(customer)s AND s.status_changed_at >= %(since)s), 0), NULL, NULL FROM "
    "(SELECT COUNT(*) AS n FROM `{p}rebound_order_state` WHERE customer_id = %(customer)s AND order_id <> %(order)s "
    " AND delivered_at IS NOT NULL) d, "
    f"(SELECT COUNT(DISTINCT c.case_id) AS n, COALESCE(SUM(l.quantity), 0) AS items {_CASES}) cs, "
    f"(SELECT COUNT(*) AS n, COALESCE(SUM(s.quantity), 0) AS items {_CORE}) co"
)


@dataclasses.dataclass
class Mirrored:
    """One order as Rebound's tables know it (see _MIRRORS)."""

    options: dict[int, list[OrderOption]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    times: list[tuple[int, datetime]] = dataclasses.field(default_factory=list)
    option_scan_ran: bool = False
    returned: dict[int, int] = dataclasses.field(default_factory=dict)
    returned_by_product: dict[int, int] = dataclasses.field(default_factory=dict)
    requests: dict[int, list[dict[str, Any]]] = dataclasses.field(default_factory=lambda: defaultdict(list))
    history: dict[str, int] | None = None
    customer: dict[str, Any] | None = None


def read_mirrors(sql: Database | Tx, order: Order, *, lookback_days: int | None, now: datetime) -> Mirrored:
    """Options, status times, returned quantities, and for a customer's order the customer's account and
    (lookback_days given) history, in one round trip."""
    return read_mirrors_of(sql, [order.order_id], order.customer_id, lookback_days=lookback_days, now=now,
                           history_of=order.order_id)[order.order_id]


def read_mirrors_of(sql: Database | Tx, order_ids: list[int], customer_id: int, *, lookback_days: int | None,
                    now: datetime, history_of: int = 0) -> dict[int, Mirrored]:
    """read_mirrors() for several orders of one customer (0: a guest) in one round trip; the history, when
    asked for, leaves out order `history_of` from the delivered orders it counts."""
    args: dict[str, Any] = {"orders": tuple(order_ids), "open": OPEN_OR_DONE, "pending": PENDING, "order": history_of}
    text = _MIRRORS
    if customer_id:
        text += _CUSTOMER
        args["customer"] = customer_id
    if lookback_days is not None and customer_id:
        text += _HISTORY
        args["since"] = (now.astimezone(timezone.utc) - timedelta(days=lookback_days)).replace(tzinfo=None)
    found = {order_id: Mirrored() for order_id in order_ids}
    shared: dict[str, Any] = {}
    for r in sql.query(text + " ORDER BY kind, oid, i1", args):
        kind = r["kind"]
        one = found.get(int(r["oid"])) if r["oid"] is not None else None
        if kind == "opt" and one:
            one.options[int(r["i2"])].append(OrderOption(
                order_option_id=int(r["i1"]), order_product_id=int(r["i2"]), product_option_id=int(r["i3"]),
                product_option_value_id=int(r["i4"]), name=r["t1"] or "", value=r["t2"] or "", type=r["t3"] or ""))
        elif kind == "time" and one:
            one.times.append((int(r["i1"]), r["at"]))
        elif kind == "line" and one:
            one.returned[int(r["i1"])] = int(r["i2"])
        elif kind == "req" and one:
            one.requests[int(r["i1"])].append({"reference": r["t1"], "status": r["t2"], "quantity": int(r["i2"]),
                                               "case_id": int(r["i3"])})
        elif kind == "prod" and one:
            one.returned_by_product[int(r["i1"])] = int(r["i2"])
        elif kind == "mark":
            shared["option_scan_ran"] = True
        elif kind == "cust":
            shared["customer"] = r
        elif kind == "hist":
            shared["history"] = {"completed": int(r["i1"]), "cases": int(r["i2"]), "case_items": int(r["i3"]),
                                 "core": int(r["i4"]), "core_items": int(r["t1"] or 0), "bought": int(r["t2"] or 0)}
    for one in found.values():
        one.times.sort(key=lambda t: t[1])
        one.option_scan_ran = shared.get("option_scan_ran", False)
        one.customer, one.history = shared.get("customer"), shared.get("history")
    return found


def _status_history(store: Store, order: Order, mirrored: Mirrored) -> tuple[StatusChange, ...]:
    if not mirrored.times:  # not mirrored yet: OpenCart's own history (a full scan on big stores, once)
        return store.order_history(order.order_id, store.timezone(order.store_id))
    tz = store.timezone(order.store_id)
    return tuple(
        StatusChange(history_id=0, status_id=status_id, notify=False, comment="",
                     at=at.replace(tzinfo=timezone.utc).astimezone(tz))
        for status_id, at in mirrored.times
    )


def _with_options(store: Store, order: Order, mirrored: Mirrored) -> Order:
    if not mirrored.options and not mirrored.option_scan_ran:
        # the option scan never ran: read OpenCart's table
        full = store.order(order.order_id, history=False)
        return dataclasses.replace(order, lines=full.lines) if full else order
    lines = tuple(dataclasses.replace(line, options=tuple(mirrored.options.get(line.order_product_id, ())))
                  for line in order.lines)
    return dataclasses.replace(order, lines=lines)


def _customer(store: Store, order: Order, mirrored: Mirrored) -> Customer | None:
    """The order's customer as the policy needs it (the group for loyalty windows); group name and telephone
    are not read here."""
    r = mirrored.customer
    if r is None:
        return None
    return Customer(
        customer_id=order.customer_id, customer_group_id=int_of(r["i1"]), customer_group="", store_id=int_of(r["i2"]),
        language_id=int(r["i4"]) if r["i4"] is not None else None, firstname=text_of(r["t1"]),
        lastname=text_of(r["t2"]), email=text_of(r["t3"]), telephone="", status=bool(r["i3"]),
        date_added=Store._local(r["at"], store.timezone(int_of(r["i2"]))),
    )


def customer_history(order: Order, mirrored: Mirrored) -> History | None:
    """What the serial-returner signal and auto-approve limits look at; None for guests."""
    counts = mirrored.history
    if not order.customer_id or counts is None:
        return None
    return History(
        completed_orders=counts["completed"],
        items_bought=counts["bought"],
        items_returned=counts["case_items"] + counts["core_items"],
        returns=counts["cases"] + counts["core"],
    )


def order_with_options(sql: Database | Tx, store: Store, order_id: int) -> Order | None:
    """An order with its lines and their options from Rebound's mirror (OpenCart's order_option has no index
    on order_id: on a big store reading it is a full scan); no totals, no status history."""
    order = store.order(order_id, history=False, options=False, totals=False)
    if order is None:
        return None
    return _with_options(store, order, read_mirrors(sql, order, lookback_days=None, now=datetime.now(timezone.utc)))


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
    policy = policies.get(order.store_id)
    lookback = policy.serial_returner.lookback_days
    mirrored = read_mirrors(sql, order, lookback_days=lookback if history else None, now=now)
    return _assemble(store, policy, order, mirrored, now, history=history)


def order_list_situations(sql: Database | Tx, store: Store, policies: PolicyCache, order_ids: list[int],
                          now: datetime, customer_id: int) -> dict[int, Situation]:
    """The engine's input for the orders of the customer's order list page, without the return history;
    orders that aren't there or aren't the customer's are left out. Two round trips for the page (orders
    with their lines; the mirrors of all of them), and the products the Store has not cached."""
    orders = {i: o for i, o in store.orders(order_ids).items() if customer_id and o.customer_id == customer_id}
    if not orders:
        return {}
    mirrored = read_mirrors_of(sql, list(orders), customer_id, lookback_days=None, now=now)
    store.products({line.product_id for o in orders.values() for line in o.lines})  # one read for the page
    return {i: _assemble(store, policies.get(o.store_id), o, mirrored[i], now, history=False) for i, o in orders.items()}


def _assemble(store: Store, policy: Policy, order: Order, mirrored: Mirrored, now: datetime, *, history: bool
              ) -> Situation:
    order = _with_options(store, order, mirrored)
    order = dataclasses.replace(order, history=_status_history(store, order, mirrored))
    complete = store.status_ids("config_complete_status", order.store_id)
    product_ids = {line.product_id for line in order.lines} | {line.master_id for line in order.lines if line.master_id}
    products = store.products(product_ids)
    masters = {p.master_id for p in products.values() if p.master_id} - set(products)
    if masters:
        products.update(store.products(masters))
    return Situation(
        policy=policy,
        order=order,
        now=now,
        complete_status_ids=frozenset(complete),
        products=products,
        customer=_customer(store, order, mirrored),
        returned=mirrored.returned,
        returned_by_product=mirrored.returned_by_product,
        requests={k: tuple(sorted(v, key=lambda r: r["case_id"])) for k, v in mirrored.requests.items()},
        history=customer_history(order, mirrored) if history else None,
        timezone=store.timezone(order.store_id),
    )


def line_options(line: OrderLine) -> list[dict[str, str]]:
    return [{"name": o.name, "value": o.value} for o in line.options]
