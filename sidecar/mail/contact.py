"""One contact budget per recipient, shared by every non-transactional kind, and quiet hours.

Budget (setting `budget`): at most `max_per_window` budgeted messages in any `window_days`, and at least
`min_gap_hours` between two. Quiet hours (setting `quiet_hours`, store-local, may span midnight): nothing
budgeted is sent then; it waits for the end. A message over budget is deferred to when the budget allows
or dropped, by kind (setting `over_budget`), and never deferred beyond `max_defer_days` after it was
queued: then it is dropped. Each outcome carries the reason the email log shows.

NPS surveys also have a per-customer throttle (nps.throttle_days), checked in the same place.

The decision is pure (`judge`); `reserve` takes it under a row lock on the recipient's rebound_contact
row, so two workers cannot both spend the last allowance, and marks the message as the contact it is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta, timezone
from typing import Any
from zoneinfo import ZoneInfo

from ..db import Database


@dataclass(frozen=True)
class Verdict:
    action: str  # send | defer | drop
    reason: str = ""
    until: datetime | None = None  # naive UTC, for defer


SEND = Verdict("send")


def _hhmm(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def quiet_until(now: datetime, quiet: dict[str, str] | None, zone: ZoneInfo) -> datetime | None:
    """When the quiet hours around `now` (naive UTC) end, as naive UTC; None outside them."""
    if not quiet:
        return None
    start, end = _hhmm(quiet["start"]), _hhmm(quiet["end"])
    if start == end:
        return None
    local = now.replace(tzinfo=timezone.utc).astimezone(zone)
    t = local.time()
    inside = start <= t < end if start < end else (t >= start or t < end)
    if not inside:
        return None
    day = local.date() if (start < end or t < end) else local.date() + timedelta(days=1)
    return datetime.combine(day, end, zone).astimezone(timezone.utc).replace(tzinfo=None)


def judge(now: datetime, count: int, first: datetime | None, last: datetime | None, budget: dict[str, int]) -> Verdict:
    """`count` budgeted contacts in the window, the first of them and the last contact at all (naive UTC)."""
    window = timedelta(days=budget["window_days"])
    waits = []
    if count >= budget["max_per_window"] and first is not None:
        waits.append((first + window, "frequency_cap"))
    gap = timedelta(hours=budget["min_gap_hours"])
    if last is not None and last + gap > now:
        waits.append((last + gap, "min_gap"))
    if not waits:
        return SEND
    until, reason = max(waits)
    return Verdict("defer", reason, until)


def by_rule(verdict: Verdict, kind: str, queued_at: datetime, settings: dict[str, Any]) -> Verdict:
    """A budget deferral as the kind's rule says: deferred (within max_defer_days) or dropped."""
    if verdict.action != "defer":
        return verdict
    latest = queued_at + timedelta(days=settings["max_defer_days"])
    if settings["over_budget"].get(kind, "drop") == "drop" or verdict.until is None or verdict.until > latest:
        return Verdict("drop", verdict.reason)
    return verdict


def reserve(db: Database, email_id: int, recipient: str, kind: str, queued_at: datetime, worker_id: str,
            settings: dict[str, Any]) -> Verdict:
    """Decide under the recipient's lock; on send, the message counts against the budget from now on."""
    budget = settings["budget"]
    span = max(timedelta(days=budget["window_days"]), timedelta(hours=budget["min_gap_hours"]))
    with db.transaction() as tx:
        tx.execute("INSERT INTO `{p}rebound_contact` (recipient) VALUES (%s) "
                   "ON DUPLICATE KEY UPDATE recipient = recipient", (recipient,))
        now = tx.query_one("SELECT UTC_TIMESTAMP(6) AS now")["now"]  # type: ignore[index]
        window_start = now - timedelta(days=budget["window_days"])
        row = tx.query_one(
            "SELECT COALESCE(SUM(contacted_at >= %s), 0) AS n, MIN(IF(contacted_at >= %s, contacted_at, NULL)) AS first, "
            "MAX(contacted_at) AS last FROM `{p}rebound_email` WHERE recipient = %s AND contacted_at >= %s "
            "AND status IN ('sending', 'sent') AND transactional = 0 AND email_id <> %s",
            (window_start, window_start, recipient, now - span, email_id),
        ) or {}
        verdict = by_rule(judge(now, int(row.get("n") or 0), row.get("first"), row.get("last"), budget),
                          kind, queued_at, settings)
        if kind == "nps" and verdict.action == "send" and _surveyed(tx, recipient, email_id, now, settings):
            verdict = Verdict("drop", "nps_throttled")
        if verdict.action == "send":
            tx.execute("UPDATE `{p}rebound_email` SET contacted_at = %s WHERE email_id = %s AND claimed_by = %s "
                       "AND status = 'sending'", (now, email_id, worker_id))
            tx.execute("UPDATE `{p}rebound_contact` SET last_contact_at = %s WHERE recipient = %s", (now, recipient))
    return verdict


def _surveyed(tx: Any, recipient: str, email_id: int, now: datetime, settings: dict[str, Any]) -> bool:
    """An NPS survey went to this recipient within nps.throttle_days."""
    days = settings["nps"]["throttle_days"]
    return bool(days) and tx.query_one(
        "SELECT 1 AS x FROM `{p}rebound_email` WHERE recipient = %s AND contacted_at > %s AND kind = 'nps' "
        "AND status IN ('sending', 'sent') AND email_id <> %s LIMIT 1",
        (recipient, now - timedelta(days=days), email_id),
    ) is not None
