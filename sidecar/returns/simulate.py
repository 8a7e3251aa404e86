"""The policy simulator: recent orders replayed against the current and a proposed policy, line by line.

`rebound simulate --policy new.json --since 90d` and POST /v1/admin/policy/simulate answer the owner's
question before a policy is saved: which lines would shoppers be able to return that they can't now, which
could they no longer return, and what those lines are worth.

When each order is judged: now, under both policies. The engine applies the policy in force to every order,
old ones too (policy/engine.py), so "now" is exactly what saving the proposal changes for shoppers today:
a shorter window closes the lines delivered between the two deadlines, a longer one reopens them, an
excluded category closes its lines whose window is still open. The alternative, judging each order on the
last day of its current window, would count every line as lost for any shortening (30 → 29 days like
30 → 7) and could not show a longer window at all; "now" keeps the numbers in proportion to the change.
Lines whose window is closed under both policies are unchanged, so `since` should reach back past the longer
window to see a window change in full (90 days covers 30 and 60).

A line whose eligibility changes counts with its returnable quantity (bought less returned or requested)
at its unit price incl. tax, in the store's base currency. Block codes are the engine's (`window_closed`,
`excluded_category`, …); a line refused for two reasons counts under both codes. Customer history and
options don't change eligibility (only the serial-returner flag and auto-approval), so they aren't read.

Reads, for big stores: `order` has no index on date_added, so the first order of the period is found by
binary search on the primary key (order ids grow with time), then orders are read newest first in
primary-key ranges of BATCH_IDS, with their lines, status times (Rebound's mirror) and returned quantities
one indexed range query each. Orders placed and last moved before the longer window can't change and are
only counted (most of a long period). A cap on the number of orders keeps the newest. Orders the worker
hasn't mirrored yet (no status times) are left out and counted. A 1,000,000-order store's last 90 days
(308,000 orders) take about 40 s on 2 cores.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ..db import Database
from ..policy import LineDecision, OrderDecision, Policy, Situation, decide
from ..records import Customer, Order, OrderLine, Product, StatusChange
from ..store import Store, int_of, money_of, text_of
from .load import OPEN_OR_DONE, policies_for

BATCH_IDS = 1000
API_MAX_ORDERS = 100_000  # the newest: about 15 s on 2 cores (benchmarks/eligibility.py's 1M store); more is the CLI's
MAX_EXAMPLES = 50
PROBE = 16  # orders read per step of the search for the period's first order
ZERO = Decimal("0.00")

Progress = Callable[[int, int], None]  # (orders judged so far, estimated total)


@dataclass
class Tally:
    lines: int = 0
    quantity: int = 0
    value: Decimal = ZERO

    def add(self, quantity: int, value: Decimal) -> None:
        self.lines += 1
        self.quantity += quantity
        self.value += value

    def dump(self) -> dict[str, Any]:
        return {"lines": self.lines, "quantity": self.quantity, "base_value": f"{self.value:.2f}"}


@dataclass
class Change:
    """Lines that became eligible (by the blocks lifted) or ineligible (by the blocks added)."""

    total: Tally = field(default_factory=Tally)
    by_block: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def add(self, codes: set[str], quantity: int, value: Decimal) -> None:
        self.total.add(quantity, value)
        for code in codes:
            self.by_block[code].add(quantity, value)

    def dump(self) -> dict[str, Any]:
        return {**self.total.dump(), "by_block": {c: self.by_block[c].dump() for c in sorted(self.by_block)}}


@dataclass
class Simulation:
    store_id: int
    since_days: int
    since: datetime
    judged_at: datetime
    current_source: str  # "store" or "default"
    max_orders: int | None
    orders: int = 0
    not_mirrored: int = 0
    capped: bool = False
    oldest_order: datetime | None = None
    lines: int = 0
    unchanged_eligible: int = 0
    unchanged_ineligible: int = 0
    returnable_current: Tally = field(default_factory=Tally)
    returnable_proposed: Tally = field(default_factory=Tally)
    became_eligible: Change = field(default_factory=Change)
    became_ineligible: Change = field(default_factory=Change)
    # Up to MAX_EXAMPLES per kind of change (direction and block codes), newest first; dump() interleaves them
    # so that one common change does not hide a rare one.
    examples: dict[tuple[str, ...], list[dict[str, Any]]] = field(default_factory=dict)

    def dump(self) -> dict[str, Any]:
        return {
            "store_id": self.store_id, "since_days": self.since_days, "since": self.since.isoformat(),
            "judged_at": self.judged_at.isoformat(), "judged_as": "now",
            "current_source": self.current_source,
            "orders": {"judged": self.orders, "not_mirrored": self.not_mirrored, "capped": self.capped,
                       "max_orders": self.max_orders,
                       "oldest_judged": self.oldest_order.isoformat() if self.oldest_order else None},
            "lines": {"judged": self.lines,
                      "changed": self.became_eligible.total.lines + self.became_ineligible.total.lines,
                      "unchanged_eligible": self.unchanged_eligible,
                      "unchanged_ineligible": self.unchanged_ineligible},
            "returnable": {"current": self.returnable_current.dump(), "proposed": self.returnable_proposed.dump()},
            "became_eligible": self.became_eligible.dump(),
            "became_ineligible": self.became_ineligible.dump(),
            "examples": _interleave(list(self.examples.values()), MAX_EXAMPLES),
        }


def _interleave(lists: list[list[dict[str, Any]]], limit: int) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i in range(limit):
        out += [x[i] for x in lists if i < len(x)]
    return out[:limit]


# -- the run -------------------------------------------------------------------------------------------------


def simulate(
    db: Database, store: Store, proposed: Policy, *, since_days: int, now: datetime, store_id: int = 0,
    max_orders: int | None = None, progress: Progress | None = None,
) -> Simulation:
    """Judge the store's orders placed in the last `since_days` local days under both policies, now."""
    if now.tzinfo is None:
        raise ValueError("now must be an aware datetime")
    tz = store.timezone(store_id)
    policies = policies_for(store)
    current = policies.get(store_id)
    local_now = now.astimezone(tz)
    since = datetime.combine(local_now.date() - timedelta(days=since_days), time.min, tzinfo=tz)
    result = Simulation(store_id=store_id, since_days=since_days, since=since, judged_at=local_now,
                        current_source=policies.source(store_id)[1], max_orders=max_orders)
    span = first_and_last_order(db, since.replace(tzinfo=None))
    if span is None:
        return result
    first, last = span
    estimate = last - first + 1 if max_orders is None else min(last - first + 1, max_orders)
    complete = frozenset(store.status_ids("config_complete_status", store_id))
    # An order whose dates (placed, every status) are all older than the longest window of either policy, and
    # a day for time zones, is past its window under both whatever starts it: unchanged, no need to decide.
    longest = max(d for p in (current, proposed) for d in (p.window.days, *p.window.days_by_group.values()))
    reader = BatchReader(db, store, store_id, tz, closed_before=now - timedelta(days=longest + 2))
    for top in range(last, first - 1, -BATCH_IDS):
        for item in reader.read(max(first, top - BATCH_IDS + 1), top, since.replace(tzinfo=None)):
            if max_orders is not None and result.orders >= max_orders:
                result.capped = True
                break
            if isinstance(item, Closed):
                result.orders += 1
                result.lines += item.lines
                result.unchanged_ineligible += item.lines
                result.oldest_order = item.date_added or result.oldest_order
                continue
            order, customer, returned, by_product = item
            base = dict(order=order, now=now, complete_status_ids=complete, products=reader.products,
                        customer=customer, returned=returned, returned_by_product=by_product, timezone=tz)
            _compare(result, order, decide(Situation(policy=current, **base)),
                     decide(Situation(policy=proposed, **base)))
        result.not_mirrored = reader.not_mirrored
        if progress:
            progress(result.orders, estimate)
        if result.capped:
            break
    return result


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


def _codes(line: LineDecision) -> set[str]:
    return {b.code for b in line.blocks}


def _compare(result: Simulation, order: Order, current: OrderDecision, proposed: OrderDecision) -> None:
    result.orders += 1
    result.oldest_order = order.date_added or result.oldest_order
    for line, cur, new in zip(order.lines, current.lines, proposed.lines, strict=True):
        result.lines += 1
        if cur.eligible:
            result.returnable_current.add(cur.returnable_quantity, cur.unit_price * cur.returnable_quantity)
        if new.eligible:
            result.returnable_proposed.add(new.returnable_quantity, new.unit_price * new.returnable_quantity)
        if cur.eligible == new.eligible:
            if cur.eligible:
                result.unchanged_eligible += 1
            else:
                result.unchanged_ineligible += 1
            continue
        gained = new.eligible
        quantity = new.returnable_quantity if gained else cur.returnable_quantity
        value = cur.unit_price * quantity
        change = result.became_eligible if gained else result.became_ineligible
        change_codes = _codes(cur if gained else new)
        change.add(change_codes, quantity, value)
        kind = result.examples.setdefault(("gained" if gained else "lost", *sorted(change_codes)), [])
        if len(kind) < MAX_EXAMPLES:
            kind.append({
                "order_id": order.order_id, "order_product_id": line.order_product_id,
                "product_id": line.product_id, "name": line.name, "model": line.model,
                "date_added": order.date_added.isoformat() if order.date_added else None,
                "change": "became_eligible" if gained else "became_ineligible",
                "quantity": quantity, "base_unit_price": f"{cur.unit_price:.2f}", "base_value": f"{value:.2f}",
                "current": _side(cur), "proposed": _side(new),
            })


def _side(line: LineDecision) -> dict[str, Any]:
    return {"eligible": line.eligible, "returnable": line.returnable_quantity,
            "deadline": line.deadline.isoformat() if line.deadline else None,
            "blocks": [b.dump() for b in line.blocks]}


# -- batch reads ---------------------------------------------------------------------------------------------


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


# -- the readable summary ------------------------------------------------------------------------------------


def render(answer: dict[str, Any], examples: int = 10) -> str:
    """The CLI's summary of a dumped Simulation."""
    orders, lines = answer["orders"], answer["lines"]
    at = answer["judged_at"][:16].replace("T", " ")
    out = [
        f"Store {answer['store_id']}: {orders['judged']:,} orders placed since {answer['since'][:10]} "
        f"({answer['since_days']} days), {lines['judged']:,} lines, judged as of {at} "
        f"against the {'store' if answer['current_source'] == 'store' else 'default'} policy.",
    ]
    if orders["capped"]:
        out.append(f"Stopped at {orders['max_orders']:,} orders (the newest); the oldest judged was placed "
                   f"{(orders['oldest_judged'] or '')[:10]}.")
    if orders["not_mirrored"]:
        n = orders["not_mirrored"]
        out.append(f"Left out {n:,} order{'s' if n != 1 else ''} the worker hasn't mirrored yet; run again once "
                   "`rebound worker` has caught up.")
    row = "{:<28}{:>10}{:>10}{:>16}"
    out += ["", row.format("", "lines", "quantity", "base value")]

    def tally(name: str, t: dict[str, Any]) -> str:
        return row.format(name, f"{t['lines']:,}", f"{t['quantity']:,}", f"{Decimal(t['base_value']):,.2f}")

    out += [tally("returnable now: current", answer["returnable"]["current"]),
            tally("returnable now: proposed", answer["returnable"]["proposed"])]
    for key, name in (("became_eligible", "became eligible"), ("became_ineligible", "became ineligible")):
        out.append(tally(name, answer[key]))
        out += [tally(f"  {code}", t) for code, t in answer[key]["by_block"].items()]
    if not lines["changed"]:
        out += ["", "No line changes eligibility."]
    shown = answer["examples"][:examples]
    if shown:
        out += ["", f"Examples ({len(shown)} of {lines['changed']:,} changed lines; --json lists up to "
                    f"{MAX_EXAMPLES}):"]
        for x in shown:
            side = x["proposed"] if x["change"] == "became_ineligible" else x["current"]
            why = " ".join(b["text"] for b in side["blocks"])
            verb = "no longer returnable" if x["change"] == "became_ineligible" else "now returnable, was not"
            out.append(f"  order {x['order_id']} ({(x['date_added'] or '')[:10]}) {x['name']} × {x['quantity']}, "
                       f"{Decimal(x['base_value']):,.2f}: {verb}" + (f" — {why}" if why else ""))
    return "\n".join(out)
