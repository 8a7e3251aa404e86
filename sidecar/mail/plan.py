"""The scheduled planners: which review requests, surveys, reminders and owner alerts to queue.

Each planner only queues messages (every one with its UNIQUE dedupe key), so running one twice, or in two
workers at once, adds nothing; the send-time checks (prepare.py, contact.py) decide what goes out.
Planners that follow deliveries read rebound_order_state from a watermark on delivered_at, and never
look further back than the setting's max_age_days: installing Rebound on a store with years of orders
does not email its old customers.
"""

from __future__ import annotations

import html
from datetime import datetime, timedelta, timezone
from typing import Any

from ..db import Database
from ..reconcile import set_watermark, watermark
from ..schedule import Job, previous_due
from .context import MailContext
from .kinds import CLOSED_STATUSES
from .notify import enqueue_case, snapshot
from .outbox import enqueue

BATCH = 500
EPOCH = datetime(1970, 1, 1)
SLA_STATUSES = {"requested": ("requested_hours", 3600), "approved": ("approved_days", 86400),
                "received": ("received_hours", 3600)}


def _micros(dt: datetime) -> int:
    return int((dt - EPOCH) / timedelta(microseconds=1))


def _from_micros(value: int) -> datetime:
    return EPOCH + timedelta(microseconds=value)


def after_delivery(db: Database, ctx: MailContext, now: datetime, kind: str, suffix: str, delay_days: int,
                   max_age_days: int) -> int:
    """Queue `kind` for orders delivered between `delay_days` ago and `max_age_days` before that."""
    name = f"mail.{kind}"
    upto = now - timedelta(days=delay_days)
    since = max(_from_micros(watermark(db, name)), upto - timedelta(days=max_age_days))
    rows = db.query(
        "SELECT s.order_id, s.delivered_at, o.store_id, o.customer_id, o.email, o.firstname, o.language_id "
        "FROM `{p}rebound_order_state` s JOIN `{p}order` o ON o.order_id = s.order_id "
        "WHERE s.delivered_at > %s AND s.delivered_at <= %s ORDER BY s.delivered_at, s.order_id LIMIT %s",
        (since, upto, BATCH),
    )
    added = 0
    for r in rows:
        added += enqueue(db, kind=kind, subject=f"order:{r['order_id']}:{suffix}", recipient=html.unescape(r["email"] or ""),
                         name=html.unescape(r["firstname"] or ""), store_id=int(r["store_id"] or 0),
                         customer_id=int(r["customer_id"] or 0), language_id=int(r["language_id"] or 0),
                         order_id=r["order_id"], data={})
    if rows:
        last = max(r["delivered_at"] for r in rows)
        # A full batch may end inside a run of equal times: read that instant again (dedupe makes it free).
        set_watermark(db, name, _micros(last) - (1 if len(rows) == BATCH else 0))
    return added


def csat(db: Database, ctx: MailContext, now: datetime) -> int:
    """A CSAT survey once a return has been closed for csat.delay_hours (looking back a week at most)."""
    delay = timedelta(hours=ctx.settings.get(0)["csat"]["delay_hours"])
    marks = ", ".join(["%s"] * len(CLOSED_STATUSES))
    added = 0
    for r in db.query(
        f"SELECT case_id FROM `{{p}}rebound_case` WHERE status IN ({marks}) AND updated_at <= %s AND updated_at > %s",
        (*CLOSED_STATUSES, now - delay, now - delay - timedelta(days=7)),
    ):
        data = snapshot(db, r["case_id"])
        if data and data["email"]:
            added += enqueue_case(db, "csat", f"case:{r['case_id']}:csat", data)
    return added


def instructions(db: Database, ctx: MailContext, now: datetime) -> int:
    """A reminder of the return instructions when approved items have not come back after N days."""
    days = ctx.settings.get(0)["instructions_reminder_days"]
    if not days:
        return 0
    added = 0
    for r in db.query("SELECT case_id FROM `{p}rebound_case` WHERE status = 'approved' AND updated_at <= %s "
                      "AND updated_at > %s", (now - timedelta(days=days), now - timedelta(days=days + 7))):
        data = snapshot(db, r["case_id"])
        if data and data["email"]:
            added += enqueue_case(db, "return_instructions", f"case:{r['case_id']}:instructions", data)
    return added


def plan(db: Database, ctx: MailContext, now: datetime | None = None) -> dict[str, int]:
    """Every customer-facing planner, once; returns how many messages each queued."""
    now = now or datetime.now(timezone.utc).replace(tzinfo=None)
    s = ctx.settings.get(0)
    return {
        "review_request": after_delivery(db, ctx, now, "review_request", "review", s["review"]["delay_days"],
                                         s["review"]["max_age_days"]),
        "nps": after_delivery(db, ctx, now, "nps", "nps", s["nps"]["delay_days"], s["nps"]["max_age_days"]),
        "csat": csat(db, ctx, now),
        "return_instructions": instructions(db, ctx, now),
    }


# -- the owner's mail ---------------------------------------------------------------------------------------------

def stuck(db: Database, ctx: MailContext, since: datetime | None, upto: datetime) -> list[dict[str, Any]]:
    """Cases whose time in their status passed the SLA limit within (since, upto]; all stuck ones at `upto`
    when `since` is None. Each: case_id, reference, order_id, status, entered (naive UTC)."""
    sla = ctx.settings.get(0)["sla"]
    found = []
    for status, (key, unit) in SLA_STATUSES.items():
        limit = timedelta(seconds=sla[key] * unit)
        low = "AND updated_at > %s " if since is not None else ""
        args = (status, upto - limit) + ((since - limit,) if since is not None else ())
        found += db.query(
            "SELECT case_id, reference, order_id, status, updated_at AS entered FROM `{p}rebound_case` "
            f"WHERE status = %s AND updated_at <= %s {low}ORDER BY updated_at", args)
    return found


def _lines(cases: list[dict[str, Any]], upto: datetime) -> list[str]:
    return [f"{c['reference']} (order #{c['order_id']}): {c['status']} for "
            f"{(upto - c['entered']).days} day(s) {((upto - c['entered']).seconds // 3600)} hour(s)" for c in cases]


def sla_alert(db: Database, ctx: MailContext, job: Job) -> bool:
    """One alert per hourly slot listing the cases that crossed their limit since the last slot ran."""
    since = previous_due(db, job.task, job.due_at) or job.due_at - timedelta(hours=1)
    cases = stuck(db, ctx, since, job.due_at)
    owner, language_id = ctx.owner(0)
    if not cases or not owner:
        return False
    return enqueue(db, kind="sla_alert", subject=f"sla:{job.slot}", recipient=owner, language_id=language_id,
                   data={"count": len(cases), "lines": _lines(cases, job.due_at)})


def digest(db: Database, ctx: MailContext, job: Job) -> bool:
    """The owner's daily summary: stuck cases and dead letters. Nothing to report: no email."""
    if not ctx.settings.get(0)["digest"]["enabled"]:
        return False
    now = job.due_at
    cases = stuck(db, ctx, None, now)
    counts = {r["status"]: int(r["n"]) for r in db.query(
        "SELECT status, COUNT(*) AS n FROM `{p}rebound_email` WHERE updated_at > %s GROUP BY status",
        (now - timedelta(days=1),))}
    dead = {
        "dead_email": counts.get("dead", 0),
        "dead_events": int(db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_event` WHERE status = 'dead'")["n"]),
        "dead_jobs": int(db.query_one("SELECT COUNT(*) AS n FROM `{p}rebound_job` WHERE status = 'dead' "
                                      "AND finished_at > %s", (now - timedelta(days=1),))["n"]),
    }
    owner, language_id = ctx.owner(0)
    if not owner or (not cases and not any(dead.values())):
        return False
    return enqueue(db, kind="digest", subject=f"digest:{job.slot}", recipient=owner, language_id=language_id,
                   data={"date": job.slot, "stuck_count": len(cases), "lines": _lines(cases, now),
                         "sent": counts.get("sent", 0), "skipped": counts.get("skipped", 0),
                         "failed": counts.get("failed", 0), **dead})
