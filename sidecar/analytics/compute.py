"""Pure arithmetic for analytics: no I/O, `now` passed in. Rates are percent, rounded to 2 decimals."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

PERIODS = ("day", "week", "month")
CLOSED = ("rejected", "refunded", "credited", "exchanged")
OPEN = ("requested", "approved", "received")


def rate(part: float | int | Decimal, whole: float | int | Decimal) -> float:
    """part ÷ whole in percent, 2 decimals; 0.0 when whole is 0."""
    if not whole:
        return 0.0
    return float((Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.01"), ROUND_HALF_UP))


def money(value: Any) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01"), ROUND_HALF_UP))


def hours(seconds: float | None) -> float | None:
    return None if seconds is None else round(seconds / 3600, 1)


def period_start(day: date, period: str) -> date:
    if period == "day":
        return day
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def period_key(day: date, period: str) -> str:
    """The key a period is shown under: its first day, or YYYY-MM for a month."""
    start = period_start(day, period)
    return start.strftime("%Y-%m") if period == "month" else start.isoformat()


def periods(first: date, last: date, period: str) -> list[str]:
    """Every period key from the one holding `first` to the one holding `last`, oldest first."""
    keys: list[str] = []
    day = period_start(first, period)
    while day <= last:
        keys.append(period_key(day, period))
        if period == "day":
            day += timedelta(days=1)
        elif period == "week":
            day += timedelta(days=7)
        else:
            day = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return keys


def nearest_rank(sorted_values: Sequence[float], pct: float) -> float | None:
    """The nearest-rank percentile of already sorted values; None when there are none."""
    if not sorted_values:
        return None
    rank = max(1, math.ceil(pct / 100 * len(sorted_values)))
    return sorted_values[rank - 1]


def median(sorted_values: Sequence[float]) -> float | None:
    return nearest_rank(sorted_values, 50)


@dataclass(frozen=True)
class Nps:
    score: float
    count: int
    promoters: int
    passives: int
    detractors: int

    def dump(self) -> dict[str, Any]:
        return {"score": self.score, "count": self.count, "promoters": self.promoters,
                "passives": self.passives, "detractors": self.detractors}


def nps(promoters: int, passives: int, detractors: int) -> Nps:
    """% promoters (9–10) − % detractors (0–6), 2 decimals; 0.0 with no answers."""
    count = promoters + passives + detractors
    return Nps(round(rate(promoters, count) - rate(detractors, count), 2), count, promoters, passives, detractors)


def average(total: float | int | Decimal, count: int) -> float:
    if not count:
        return 0.0
    return float((Decimal(total) / count).quantize(Decimal("0.01"), ROUND_HALF_UP))


@dataclass(frozen=True)
class CaseTimes:
    """One case's clock (naive UTC): when it was created and first reached each later state."""

    status: str
    created_at: datetime
    approved_at: datetime | None
    received_at: datetime | None
    closed_at: datetime | None


def resolution_seconds(case: CaseTimes) -> float | None:
    """Creation to the first closed status; None while open."""
    if case.closed_at is None:
        return None
    return max(0.0, (case.closed_at - case.created_at).total_seconds())


def breached_stages(case: CaseTimes, limits: dict[str, timedelta], now: datetime) -> list[str]:
    """Stages that lasted (or, for the current one, have lasted until `now`) longer than their limit.

    requested: creation → approved or closed; approved: approved → received or closed; received: received →
    closed. A stage never entered is not judged.
    """
    out = []
    decided = case.approved_at or case.closed_at
    end = decided if decided is not None else now
    if end - case.created_at > limits["requested"]:
        out.append("requested")
    if case.approved_at is not None:
        end = case.received_at or case.closed_at or now
        if end - case.approved_at > limits["approved"]:
            out.append("approved")
    if case.received_at is not None:
        end = case.closed_at or now
        if end - case.received_at > limits["received"]:
            out.append("received")
    return out


@dataclass(frozen=True)
class ProductRate:
    product_id: int
    units_sold: int
    units_returned: int

    @property
    def rate(self) -> float:
        return rate(self.units_returned, self.units_sold)


def unusual(products: Iterable[ProductRate], store_sold: int, store_returned: int, *, min_units: int,
            margin: float) -> list[tuple[ProductRate, int]]:
    """Products with at least `min_units` sold whose rate is at least `margin` points above the store's,
    with their excess returned units (returned − sold × the store's rate, rounded), largest excess first.

    Compared exactly, not on rounded rates: returned/sold ≥ store_returned/store_sold + margin/100.
    """
    out = []
    for p in products:
        if p.units_sold < min_units or p.units_sold <= 0:
            continue
        lhs = Decimal(p.units_returned) * store_sold * 100
        base = Decimal(store_returned) * 100 + Decimal(str(margin)) * store_sold if store_sold else None
        if base is None:
            continue
        if lhs >= base * p.units_sold:
            excess = p.units_returned - (Decimal(p.units_sold) * store_returned / store_sold)
            out.append((p, int(excess.quantize(Decimal(1), ROUND_HALF_UP))))
    out.sort(key=lambda item: (-item[1], -item[0].units_returned, item[0].product_id))
    return out


def serial_flag(cases: int, units_returned: int, units_bought: int, *, min_returns: int,
                min_rate_percent: Decimal) -> bool:
    """The policy's serial-returner rule on a customer's numbers (the engine's own rule, capped at 100 %)."""
    base = max(units_bought, units_returned)
    return cases >= min_returns and base > 0 and units_returned * 100 >= min_rate_percent * base
