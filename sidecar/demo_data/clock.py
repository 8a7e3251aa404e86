"""The store's clock, and when orders happen: more of them lately, with a weekly rhythm and holiday peaks."""

from __future__ import annotations

import zoneinfo
from datetime import date, datetime, timedelta

from .pools import WEEKDAY_WEIGHTS

DAY = 86_400
HISTORY_DAYS = 365  # orders span the 365 days before today, plus today up to `now`
LEAD_DAYS = 35  # the first customers and products exist this long before the first order


class Clock:
    """Whole seconds since `base` (a store-local midnight), rendered to DATETIME text by table lookup."""

    def __init__(self, now: datetime) -> None:
        today = datetime.combine(now.date(), datetime.min.time())
        self.base = today - timedelta(days=HISTORY_DAYS + LEAD_DAYS)
        self.end = int((now.replace(microsecond=0) - self.base).total_seconds())  # `now`: nothing later
        self.first_order = LEAD_DAYS * DAY  # the midnight HISTORY_DAYS before today's
        self._days = [(self.base + timedelta(days=d)).date().isoformat() for d in range(self.end // DAY + 2)]
        self._times = [f" {s // 3600:02d}:{s // 60 % 60:02d}:{s % 60:02d}" for s in range(DAY)]

    def dt(self, ts: int) -> str:
        return self._days[ts // DAY] + self._times[ts % DAY]

    def day(self, ts: int) -> str:
        return self._days[ts // DAY]

    def date_of(self, ts: int) -> date:
        return (self.base + timedelta(days=ts // DAY)).date()


def store_now(timezone: str, now: datetime | None) -> datetime:
    """`now` as the naive store-local time OpenCart stores; by default the start of today."""
    zone = zoneinfo.ZoneInfo(timezone)
    if now is None:
        now = datetime.combine(datetime.now(zone).date(), datetime.min.time())
    elif now.tzinfo is not None:
        now = now.astimezone(zone)
    return now.replace(tzinfo=None)


def thanksgiving(year: int) -> date:
    november = date(year, 11, 1)
    return november + timedelta(days=(3 - november.weekday()) % 7 + 21)


def day_weight(day: date, index: int) -> float:
    """Relative order volume: doubling over the year, a weekly rhythm, Black Friday and December peaks."""
    weight = 2.0 ** (index / HISTORY_DAYS) * WEEKDAY_WEIGHTS[day.weekday()]
    black_friday = thanksgiving(day.year) + timedelta(days=1)
    if black_friday <= day <= black_friday + timedelta(days=3):
        weight *= 2.5
    elif day.month == 12 and day.day <= 20:
        weight *= 1.4
    elif day.month == 12 and 24 <= day.day <= 26:
        weight *= 0.6
    elif day.month == 1 and day.day <= 15:
        weight *= 0.85
    return weight


def orders_per_day(total: int, clock: Clock) -> list[tuple[int, int, int]]:
    """(day start, seconds of it before `now`, orders) per day; the counts add up to `total` exactly."""
    days: list[tuple[int, int, float]] = []
    for index in range(HISTORY_DAYS + 1):
        start = clock.first_order + index * DAY
        open_seconds = min(DAY, clock.end - start)
        if open_seconds > 0:
            days.append((start, open_seconds, day_weight(clock.date_of(start), index) * open_seconds / DAY))
    scale = total / sum(weight for _, _, weight in days)
    exact = [weight * scale for _, _, weight in days]
    counts = [int(x) for x in exact]
    by_remainder = sorted(range(len(days)), key=lambda i: (counts[i] - exact[i], i))
    for i in by_remainder[:total - sum(counts)]:  # largest remainders take the leftover orders
        counts[i] += 1
    return [(start, open_seconds, n) for (start, open_seconds, _), n in zip(days, counts, strict=True)]

