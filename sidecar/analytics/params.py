"""Query parameters → Filters, or one 400 naming every bad parameter (docs/analytics-api.md)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from ..errors import BadRequest
from .compute import PERIODS

MAX_DAYS = 1096
DEFAULT_DAYS = 90
COMMON = ("from", "to", "store_id", "category_id", "format")
DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Filters:
    first: date
    last: date
    store_id: int | None
    category_id: int | None
    zone: ZoneInfo
    fmt: str = "json"
    period: str = "week"
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def utc_range(self) -> tuple[datetime, datetime]:
        """[start, end) of the local days as naive UTC, for columns stored in UTC (rebound_*)."""
        start = datetime.combine(self.first, time(0), self.zone).astimezone(timezone.utc)
        end = datetime.combine(self.last + timedelta(days=1), time(0), self.zone).astimezone(timezone.utc)
        return start.replace(tzinfo=None), end.replace(tzinfo=None)

    @property
    def utc_offsets(self) -> list[tuple[datetime | None, int]]:
        """The store's UTC offsets over the range, for putting UTC times into local periods: (the naive UTC
        instant it starts, seconds), the first starting with the range (None). A DST change in the range
        adds one, found to the second."""
        start, end = self.utc_range

        def offset(seconds: int) -> int:
            moment = datetime.fromtimestamp(seconds, timezone.utc).astimezone(self.zone)
            return int(moment.utcoffset().total_seconds())  # type: ignore[union-attr]

        first, last = (int(t.replace(tzinfo=timezone.utc).timestamp()) for t in (start, end))
        offsets: list[tuple[datetime | None, int]] = [(None, offset(first))]
        day = 86400
        for at in range(first, last, day):
            after = min(at + day, last)
            if offset(after) == offsets[-1][1]:
                continue
            low, high = at, after  # offset(low) is the current one, offset(high) the next
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if offset(middle) == offsets[-1][1] else (low, middle)
            offsets.append((datetime.fromtimestamp(high, timezone.utc).replace(tzinfo=None), offset(high)))
        return offsets

    def dump(self) -> dict[str, Any]:
        return {"from": self.first.isoformat(), "to": self.last.isoformat(), "store_id": self.store_id,
                "category_id": self.category_id, "timezone": self.zone.key}


def _int(raw: str, low: int, high: int) -> int | None:
    if not re.fullmatch(r"\d{1,10}", raw.strip()):
        return None
    value = int(raw)
    return value if low <= value <= high else None


def _number(raw: str, low: float, high: float) -> float | None:
    if not re.fullmatch(r"\d{1,6}(\.\d{1,4})?", raw.strip()):
        return None
    value = float(raw)
    return value if low <= value <= high else None


def parse(args: Any, zone: ZoneInfo, today: date, *, period: bool = False, csv: bool = False,
          extra: dict[str, tuple[str, Any, Any, Any]] | None = None) -> Filters:
    """Read the common filters plus `extra` ({name: (kind 'int'|'number'|'choice', default, low|choices, high)}).

    Raises BadRequest with one message per bad or unknown parameter.
    """
    extra = extra or {}
    allowed = set(COMMON) | set(extra) | ({"period"} if period else set())
    errors: dict[str, str] = {}
    for name in args:
        if name not in allowed:
            errors[name] = "Unknown parameter."

    def day(name: str) -> date | None:
        raw = args.get(name)
        if raw is None or raw == "":
            return None
        try:
            if not DATE_RE.match(raw):
                raise ValueError
            return date.fromisoformat(raw)
        except ValueError:
            errors[name] = "Use a date as YYYY-MM-DD."
            return None

    last = day("to") or today
    first = day("from") or last - timedelta(days=DEFAULT_DAYS - 1)
    if "from" not in errors and "to" not in errors:
        if first > last:
            errors["from"] = "Must not be after `to`."
        elif (last - first).days + 1 > MAX_DAYS:
            errors["to"] = f"The range may span at most {MAX_DAYS} days."

    ids: dict[str, int | None] = {}
    for name in ("store_id", "category_id"):
        raw = args.get(name)
        ids[name] = None
        if raw not in (None, ""):
            ids[name] = _int(raw, 0, 2**31 - 1)
            if ids[name] is None:
                errors[name] = "Must be a whole number, 0 or more."

    fmt = args.get("format") or "json"
    if fmt not in ("json", "csv"):
        errors["format"] = "Must be one of: json, csv."
    elif fmt == "csv" and not csv:
        errors["format"] = "This route has no table; only json."

    chosen = args.get("period") or "week"
    if period and chosen not in PERIODS:
        errors["period"] = "Must be one of: day, week, month."

    values: dict[str, Any] = {}
    for name, (kind, default, low, high) in extra.items():
        raw = args.get(name)
        if raw in (None, ""):
            values[name] = default
            continue
        if kind == "choice":
            if raw not in low:
                errors[name] = "Must be one of: " + ", ".join(low) + "."
            values[name] = raw
            continue
        value = _int(raw, low, high) if kind == "int" else _number(raw, low, high)
        if value is None:
            errors[name] = f"Must be a {'whole ' if kind == 'int' else ''}number from {low} to {high}."
        values[name] = value

    if errors:
        raise BadRequest("The analytics query is invalid.", fields=errors)
    return Filters(first, last, ids["store_id"], ids["category_id"], zone, fmt, chosen, values)
