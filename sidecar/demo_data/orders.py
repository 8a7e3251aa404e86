"""Orders in date order: lines with options, totals, shipping and payment, and status histories."""

from __future__ import annotations

import heapq
import math
import random
import zoneinfo
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from ..db import Database
from .aftercare import RETURN_RATE, Aftercare, Emit
from .catalog import Product
from .clock import DAY, Clock, orders_per_day
from .customers import GUEST_SHARE, Person
from .pools import (
    CANCELED,
    COMPLETE,
    HOUR_WEIGHTS,
    ORDER_COMMENTS,
    PAYMENT_METHODS,
    PENDING,
    PROCESSING,
    REFUNDED,
    SHIPPED,
    cumulative,
)
from .render import TAX_PERCENT, lit, money, oc_text, php_json, tax_of
from .writer import BATCH_ORDERS, COLUMNS, BulkWriter, Ids, Summary

FLAT_SHIPPING_CENTS = 500
FREE_SHIPPING_FROM_CENTS = 10_000
STORE_URL = "http://localhost/"  # store 0's URL is in config.php, out of our reach
LINE_COUNTS, LINE_CUM = (1, 2, 3, 4), cumulative((55, 28, 12, 5))
QUANTITIES, QUANTITY_CUM = (1, 2, 3, 4, 5), cumulative((80, 14, 4, 1.5, 0.5))
HOURS, HOUR_CUM = tuple(range(24)), cumulative(HOUR_WEIGHTS)
PAYMENT_SQL = tuple(lit(php_json({"code": code, "name": name})) for _, code, name in PAYMENT_METHODS)
PAYMENT_CUM = cumulative([weight for weight, _, _ in PAYMENT_METHODS])
COMMENT_SQL = tuple(lit(oc_text(c)) for c in ORDER_COMMENTS)
CANCEL_SQL = ("''", "'Customer asked to cancel.'", "'Payment not received.'")


def shipping_methods() -> dict[str, tuple[int, int, str, str]]:
    """code → (cost, tax, order_total title SQL, shipping_method JSON SQL), as 4.1 extensions store them."""
    def method(code: str, name: str, cost: int, tax_class: int) -> str:
        shown = cost + (tax_of(cost) if tax_class else 0)
        return lit(php_json({"code": code, "name": name, "cost": money(cost), "tax_class_id": str(tax_class),
                             "text": f"${money(shown)}"}))

    flat = FLAT_SHIPPING_CENTS
    return {
        "flat": (flat, tax_of(flat), "'Flat Shipping Rate'",
                 method("flat.flat", "Flat Shipping Rate", flat, 9)),
        "free": (0, 0, "'Free Shipping'", method("free.free", "Free Shipping", 0, 0)),
        "pickup": (0, 0, "'Pickup From Store'", method("pickup.pickup", "Pickup From Store", 0, 0)),
    }


@dataclass(frozen=True)
class Store:
    """What orders copy from the store's settings (values as stored: already HTML-encoded)."""

    name: str
    invoice_prefix: str
    currency_id: int
    currency_code: str
    language_id: int
    language_code: str
    timezone: str


def store_settings(db: Database) -> Store:
    values = {r["key"]: r["value"] for r in db.query(
        "SELECT `key`, `value` FROM `{p}setting` WHERE store_id = 0 AND code = 'config'")}
    currency = db.query_one("SELECT currency_id, code FROM `{p}currency` WHERE code = %s",
                            (values.get("config_currency") or "USD",)) or {"currency_id": 2, "code": "USD"}
    language_code = values.get("config_language_catalog") or values.get("config_language") or "en-gb"
    language = db.query_one("SELECT language_id, code FROM `{p}language` WHERE code = %s", (language_code,))
    language = language or {"language_id": 1, "code": "en-gb"}
    timezone = values.get("config_timezone") or "UTC"
    try:
        zoneinfo.ZoneInfo(timezone)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        timezone = "UTC"
    return Store(name=values.get("config_name") or "Your Store",
                 invoice_prefix=values.get("config_invoice_prefix") or "INV-",
                 currency_id=currency["currency_id"], currency_code=currency["code"],
                 language_id=language["language_id"], language_code=language["code"], timezone=timezone)


class OrderMaker:
    """Renders orders in date order. Later rows (status changes, returns, reviews) wait in a heap until the
    clock reaches them and only then get their ids, so every id grows with its row's date."""

    def __init__(self, rng: random.Random, ids: Ids, clock: Clock, out: BulkWriter, summary: Summary,
                 store: Store, products: list[Product], people: tuple[list[Person], list[int], list[Person]],
                 return_rate: float = RETURN_RATE) -> None:
        self.rng, self.ids, self.clock, self.out, self.summary = rng, ids, clock, out, summary
        self.products = products
        self.customers, self.signups, self.guests = people
        ranks = list(range(len(products)))
        rng.shuffle(ranks)
        self.product_cum = cumulative([1 / (r + 4) ** 0.9 for r in ranks])  # best sellers and a long tail
        self.shipping = shipping_methods()
        self.store_sql = f"{lit(store.invoice_prefix)},0,{lit(store.name)},{lit(STORE_URL)}"
        self.order_tail = (f"0,0.0000,0,'',{store.language_id},{lit(store.language_code)},"
                           f"{store.currency_id},{lit(store.currency_code)},1.00000000,'','en-US,en;q=0.9'")
        self.rows = {table: out.rows(table) for table in COLUMNS}
        self.events: list[tuple[int, int, Emit, Any]] = []
        self.seq = 0
        self.aftercare = Aftercare(rng, ids, clock, self.rows, summary, self._push, return_rate)

    def run(self, total: int) -> None:
        made = 0
        for start, open_seconds, count in orders_per_day(total, self.clock):
            for second in self._times(count, open_seconds):
                self.order(start + second)
                made += 1
                if made % BATCH_ORDERS == 0:
                    self.out.flush(BATCH_ORDERS)
        self._emit_due(math.inf)
        self.out.flush(made % BATCH_ORDERS)

    def _times(self, count: int, open_seconds: int) -> list[int]:
        rng = self.rng
        if open_seconds < DAY:  # today, up to `now`
            return sorted(rng.randrange(open_seconds) for _ in range(count))
        hours = rng.choices(HOURS, cum_weights=HOUR_CUM, k=count)
        return sorted(h * 3600 + rng.randrange(3600) for h in hours)

    def _push(self, ts: int, emit: Emit, payload: Any) -> None:
        self.seq += 1
        heapq.heappush(self.events, (ts, self.seq, emit, payload))

    def _emit_due(self, until: float) -> None:
        """Render the deferred rows dated up to `until`, in date order (rendering one may defer another)."""
        events = self.events
        while events and events[0][0] <= until:
            ts, _, emit, payload = heapq.heappop(events)
            emit(ts, payload)

    def _emit_history(self, ts: int, payload: str) -> None:
        self.rows["order_history"].append(f"({self.ids.take('order_history')},{payload}")

    def order(self, placed: int) -> None:
        """One order: its row, lines, options, totals and first history row now; later rows deferred."""
        self._emit_due(placed)
        rng, rows, take = self.rng, self.rows, self.ids.take
        order_id = take("order")
        person = self._person(placed)
        lines, subtotal, tax = self._lines(order_id)
        free = subtotal >= FREE_SHIPPING_FROM_CENTS
        method = "pickup" if rng.random() < 0.05 else "free" if free else "flat"
        ship_cost, ship_tax, ship_title, ship_json = self.shipping[method]
        tax += ship_tax
        total = subtotal + ship_cost + tax
        steps = self._timeline(placed)
        invoice = take("invoice") if any(step[0] == SHIPPED for step in steps) else 0
        payment = rng.choices(PAYMENT_SQL, cum_weights=PAYMENT_CUM)[0]
        comment = rng.choice(COMMENT_SQL) if rng.random() < 0.03 else "''"
        when = self.clock.dt(placed)
        rows["order"].append(
            f"({order_id},0,{invoice},{self.store_sql},{person.order_sql},{payment},{ship_json},{comment},"
            f"{money(total)},{steps[-1][0]},{self.order_tail},'{when}','{when}')")
        total_id = take("order_total", 4)
        rows["order_total"].extend((
            f"({total_id},{order_id},'opencart','sub_total','Sub-Total',{money(subtotal)},1)",
            f"({total_id + 1},{order_id},'opencart','shipping',{ship_title},{money(ship_cost)},3)",
            f"({total_id + 2},{order_id},'opencart','tax','Sales Tax ({TAX_PERCENT}%)',{money(tax)},5)",
            f"({total_id + 3},{order_id},'opencart','total','Total',{money(total)},9)",
        ))
        rows["order_history"].append(f"({take('order_history')},{order_id},{PENDING},0,'','{when}')")
        for status, ts, notify, note in steps[1:]:
            self._push(ts, self._emit_history, f"{order_id},{status},{notify},{note},'{self.clock.dt(ts)}')")
        self.summary.orders += 1
        self.summary.order_totals += 4
        self.summary.order_histories += len(steps)
        delivered = next((ts for status, ts, _, _ in steps if status == COMPLETE), None)
        if delivered is not None:
            self.aftercare.after_delivery(order_id, placed, delivered, person, lines)

    def _person(self, placed: int) -> Person:
        rng = self.rng
        if rng.random() >= GUEST_SHARE:
            signed_up = bisect_right(self.signups, placed)
            if signed_up:  # recent sign-ups order more often than old ones
                return self.customers[int(signed_up * rng.random() ** 0.5)]
        return self.guests[int(len(self.guests) * rng.random())]

    def _lines(self, order_id: int) -> tuple[list[tuple[Product, int]], int, int]:
        rng, take, line_rows = self.rng, self.ids.take, self.rows["order_product"]
        count = rng.choices(LINE_COUNTS, cum_weights=LINE_CUM)[0]
        lines, subtotal, tax = [], 0, 0
        for product in dict.fromkeys(rng.choices(self.products, cum_weights=self.product_cum, k=count)):
            quantity = rng.choices(QUANTITIES, cum_weights=QUANTITY_CUM)[0]
            line_id = take("order_product")
            subtotal += product.price * quantity
            tax += product.tax * quantity
            line_rows.append(f"({line_id},{order_id},{product.line_sql},{quantity},{product.price_sql},"
                             f"{money(product.price * quantity)},{product.tax_sql},0)")
            if product.options:
                option = rng.choices(product.options, cum_weights=product.option_cum)[0]
                self.rows["order_option"].append(f"({take('order_option')},{order_id},{line_id},{option}")
                self.summary.order_options += 1
            lines.append((product, quantity))
        self.summary.order_products += len(lines)
        return lines, subtotal, tax

    def _timeline(self, placed: int) -> list[tuple[int, int, int, str]]:
        """(status, time, notify, comment SQL) from Pending on, cut at `now`: mostly Complete in the end,
        6% Canceled, 3% left at Shipped, 1% Refunded after completion."""
        rng = self.rng
        outcome = rng.random()
        steps = [(PENDING, placed, 0, "''")]
        ts = placed
        if outcome < 0.06:
            ts += rng.randint(600, 2 * DAY)
            steps.append((CANCELED, ts, 1, rng.choice(CANCEL_SQL)))
        else:
            if rng.random() < 0.85:
                ts += rng.randint(300, 8 * 3600)
                steps.append((PROCESSING, ts, 0, "''"))
            ts += rng.randint(6 * 3600, 3 * DAY)
            steps.append((SHIPPED, ts, 1, self._tracking()))
            if outcome >= 0.09:
                ts += rng.randint(2 * DAY, 8 * DAY)
                steps.append((COMPLETE, ts, 0, "''"))
                if outcome < 0.10:
                    ts += rng.randint(3 * DAY, 30 * DAY)
                    steps.append((REFUNDED, ts, 1, "'Refund issued.'"))
        return [step for step in steps if step[1] <= self.clock.end]

    def _tracking(self) -> str:
        rng = self.rng
        if rng.random() < 0.6:
            return f"'Shipped with UPS, tracking number 1Z{rng.getrandbits(64):016X}'"
        return f"'Shipped with USPS, tracking number 9400{rng.randrange(10 ** 18):018d}'"
