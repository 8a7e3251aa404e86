"""The simulator's reads (sidecar/returns/simulate.py): where the period starts, and the engine's input for
a range of orders, one indexed query per table.

`order` has no index on date_added, so the first order of the period is found by binary search on the
primary key (order ids grow with time); orders are then read in primary-key ranges of BATCH_IDS with their
lines, status times (Rebound's mirror) and returned quantities. Orders placed and last moved before the
longer window can't change and are only counted (most of a long period).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone
from zoneinfo import ZoneInfo

from ..db import Database
from ..records import Customer, Order, OrderLine, Product, StatusChange
from ..store import Store, int_of, money_of, text_of
from .load import OPEN_OR_DONE

BATCH_IDS = 1000
PROBE = 16  # orders read per step of the search for the period's first order


def first_and_last_order(db: Database, since: datetime) -> tuple[int, int] | None:
    """Order ids from at most PROBE before the first order placed at or after `since` (naive, store-local)
    to the newest; None when no order is that recent.

    A binary search on the primary key, about 20 short range reads: OpenCart gives `order` no index on
    date_added, and its ids grow with time. A probe reads PROBE orders and counts as recent when any of them
    is, so an order dated out of sequence (imported, or an unconfirmed one) can't hide the period; the range
    may start a few orders early, and the batch reads filter by date anyway.
    """
    ends = db.query_one("SELECT MIN(order_id) AS lo, MAX(order_id) AS hi FROM `{p}order`")
    if not ends or ends["hi"] is None:
        return None
    lo, hi = int(ends["lo"]), int(ends["hi"]) + 1
    while lo < hi:
        mid = (lo + hi) // 2
        rows = db.query(
            "SELECT order_id, date_added FROM `{p}order` WHERE order_id >= %s ORDER BY order_id LIMIT %s",
            (mid, PROBE),
        )
        if any(isinstance(r["date_added"], datetime) and r["date_added"] >= since for r in rows):
            hi = mid
        else:
            lo = int(rows[-1]["order_id"]) + 1 if rows else hi
    return (lo, int(ends["hi"])) if lo <= int(ends["hi"]) else None



@dataclass(frozen=True)
class Closed:
    """An order placed, and last moved, before `closed_before`: past its window under both policies."""

    order_id: int
    date_added: datetime | None
    lines: int


Judged = tuple[Order, Customer | None, dict[int, int], dict[int, int]]


class BatchReader:
    """The engine's input for a range of orders, one indexed query per table (load.situation() reads one
    order the same way, with OpenCart fallbacks a batch can't afford). Products are kept for the whole run.

    Orders placed and last moved before `closed_before` come as Closed, their lines only counted: on a
    period longer than the windows they are most orders, and reading them whole would cost the most."""

    def __init__(self, db: Database, store: Store, store_id: int, tz: ZoneInfo, *, closed_before: datetime
                 ) -> None:
        self.db, self.store, self.store_id, self.tz = db, store, store_id, tz
        self.closed_local = closed_before.astimezone(tz).replace(tzinfo=None)
        self.closed_utc = closed_before.astimezone(timezone.utc).replace(tzinfo=None)
        self.products: dict[int, Product] = {}
        self._asked: set[int] = set()  # product ids read, found or not
        self.not_mirrored = 0
        self._line_cols = store._select("order_product", "l")  # master_id is 4.x only

    def read(self, low: int, high: int, since: datetime) -> list[Judged | Closed]:
        """Orders low..high of the store placed since `since` (naive local), newest first."""
        db, tz = self.db, self.tz
        rows = db.query(
            # Only what the engine reads (names, email and the like are left blank): rows cost to parse.
            "SELECT o.order_id, o.store_id, o.customer_id, o.customer_group_id, o.order_status_id, "
            "o.language_id, o.currency_code, o.currency_value, o.total, o.date_added FROM `{p}order` o "
            "WHERE o.order_id BETWEEN %s AND %s "
            "AND o.order_status_id > 0 AND o.store_id = %s AND o.date_added >= %s ORDER BY o.order_id DESC",
            (low, high, self.store_id, since),
        )
        if not rows:
            return []
        old = {r["order_id"] for r in rows
               if isinstance(r["date_added"], datetime) and r["date_added"] < self.closed_local}
        latest = {r["order_id"]: r["at"] for r in db.query(  # when each old order last reached a new status
            "SELECT order_id, MAX(first_at) AS at FROM `{p}rebound_order_status_time` "
            "WHERE order_id BETWEEN %s AND %s GROUP BY order_id",
            (min(old), max(old)),
        )} if old else {}
        closed = {i for i in old if i in latest and latest[i] < self.closed_utc}
        counts = {r["order_id"]: int(r["n"]) for r in db.query(
            "SELECT order_id, COUNT(*) AS n FROM `{p}order_product` WHERE order_id BETWEEN %s AND %s "
            "GROUP BY order_id",
            (min(closed), max(closed)),
        )} if closed else {}
        # Old orders with no status times are not mirrored yet, and left out below like any such order.
        whole = [r["order_id"] for r in rows if r["order_id"] not in closed and (
            r["order_id"] not in old or r["order_id"] in latest)]
        times: dict[int, list[StatusChange]] = defaultdict(list)
        lines: dict[int, list[OrderLine]] = defaultdict(list)
        if whole:
            low = min(whole)  # ids grow with time: the orders to read whole are the batch's newest
            # Times stay in UTC: the engine compares aware datetimes and puts its answers in the store's zone.
            for r in db.query(
                "SELECT order_id, order_status_id, first_at FROM `{p}rebound_order_status_time` "
                "WHERE order_id BETWEEN %s AND %s ORDER BY order_id, first_at",
                (low, high),
            ):
                times[r["order_id"]].append(StatusChange(
                    history_id=0, status_id=int(r["order_status_id"]), notify=False, comment="",
                    at=r["first_at"].replace(tzinfo=timezone.utc)))
            for r in db.query(
                f"SELECT {self._line_cols} FROM `{{p}}order_product` l WHERE l.order_id BETWEEN %s AND %s "
                "ORDER BY l.order_product_id",
                (low, high),
            ):
                lines[r["order_id"]].append(OrderLine(
                    order_product_id=r["order_product_id"], order_id=r["order_id"],
                    product_id=int_of(r["product_id"]), master_id=r["master_id"], name=text_of(r["name"]),
                    model=text_of(r["model"]), quantity=int_of(r["quantity"]), price=money_of(r["price"]),
                    total=money_of(r["total"]), tax=money_of(r["tax"])))
            returned, by_product = self._returned(low, high)
            customers = self._customers({int_of(r["customer_id"]) for r in rows if r["order_id"] in times} - {0})
            self._add_products({line.product_id for ls in lines.values() for line in ls}
                               | {line.master_id for ls in lines.values() for line in ls if line.master_id})
        out: list[Judged | Closed] = []
        for r in rows:
            order_id = r["order_id"]
            if order_id in closed:
                out.append(Closed(order_id, Store._local(r["date_added"], tz), counts.get(order_id, 0)))
                continue
            if order_id not in times:  # the worker hasn't mirrored it yet
                self.not_mirrored += 1
                continue
            order = Order(
                order_id=order_id, store_id=int_of(r["store_id"]), store_name="", customer_id=int_of(r["customer_id"]),
                customer_group_id=int_of(r["customer_group_id"]), firstname="", lastname="", email="", telephone="",
                status_id=int_of(r["order_status_id"]), total=money_of(r["total"]), language_id=r["language_id"],
                currency_code=r["currency_code"] or "",
                currency_value=money_of(r["currency_value"] if r["currency_value"] is not None else 1),
                date_added=Store._local(r["date_added"], tz), date_modified=None,
                lines=tuple(lines.get(order_id, ())), history=tuple(times[order_id]))
            out.append((order, customers.get(order.customer_id), returned.get(order_id, {}),
                        by_product.get(order_id, {})))
        return out

    def _returned(self, low: int, high: int) -> tuple[dict[int, dict[int, int]], dict[int, dict[int, int]]]:
        """As load.returned_quantities, per order: Rebound's case lines, and core returns in no case."""
        by_line: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        in_cases: set[int] = set()
        for r in self.db.query(
            "SELECT l.order_id, l.order_product_id, l.quantity, l.return_id, l.active, c.status "
            "FROM `{p}rebound_case_line` l JOIN `{p}rebound_case` c ON c.case_id = l.case_id "
            "WHERE l.order_id BETWEEN %s AND %s",
            (low, high),
        ):
            if r["return_id"] is not None:
                in_cases.add(int(r["return_id"]))
            if r["active"] and r["status"] in OPEN_OR_DONE:
                by_line[r["order_id"]][int(r["order_product_id"])] += int(r["quantity"])
        by_product: dict[int, dict[int, int]] = defaultdict(lambda: defaultdict(int))
        for r in self.db.query(
            "SELECT return_id, order_id, product_id, quantity FROM `{p}rebound_return_state` "
            "WHERE order_id BETWEEN %s AND %s",
            (low, high),
        ):
            if int(r["return_id"]) not in in_cases:
                by_product[r["order_id"]][int(r["product_id"])] += int(r["quantity"])
        return by_line, by_product

    def _customers(self, ids: set[int]) -> dict[int, Customer]:
        if not ids:
            return {}
        marks = ", ".join(["%s"] * len(ids))
        return {
            r["customer_id"]: Customer(
                customer_id=r["customer_id"], customer_group_id=int_of(r["customer_group_id"]), customer_group="",
                store_id=int_of(r["store_id"]), language_id=None, firstname="", lastname="", email="", telephone="",
                status=bool(r["status"]), date_added=None)
            for r in self.db.query(
                "SELECT customer_id, customer_group_id, store_id, status FROM `{p}customer` "
                f"WHERE customer_id IN ({marks})",
                sorted(ids),
            )
        }

    def _add_products(self, ids: set[int]) -> None:
        missing = ids - self._asked
        if not missing:
            return
        found = self.store.products(missing)  # a product gone from the catalogue stays missing: "unknown"
        masters = {p.master_id for p in found.values() if p.master_id} - self._asked - missing
        if masters:
            found.update(self.store.products(masters))
        self._asked |= missing | masters
        self.products.update(found)


