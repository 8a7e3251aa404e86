"""The email outbox's SQL: enqueue, claim, the send gate, outcomes, suppressions, survey answers, the log.

Every state change after a claim is fenced by `claimed_by` and status 'sending': a worker whose lease ran
out (and whose row another worker now holds) changes nothing. Claims follow reconcile.deliver_outbox:
candidates without locks, then FOR UPDATE SKIP LOCKED by primary key, so concurrent workers never wait on
each other's index ranges and never take the same row.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from ..db import Database
from .address import canonical
from .kinds import KINDS


@dataclass(frozen=True)
class Email:
    email_id: int
    kind: str
    subject_key: str
    recipient: str
    recipient_name: str
    store_id: int
    customer_id: int
    language_id: int
    order_id: int
    case_id: int
    transactional: bool
    data: dict[str, Any]
    attempts: int  # including the current one
    deferrals: int
    created_at: datetime  # naive UTC
    due_at: datetime


COLUMNS = ("email_id, kind, subject_key, recipient, recipient_name, store_id, customer_id, language_id, order_id, "
           "case_id, transactional, data, attempts, deferrals, created_at, due_at")


def _email(r: dict[str, Any]) -> Email:
    return Email(int(r["email_id"]), r["kind"], r["subject_key"], r["recipient"], r["recipient_name"],
                 int(r["store_id"]), int(r["customer_id"]), int(r["language_id"]), int(r["order_id"]),
                 int(r["case_id"]), bool(r["transactional"]), json.loads(r["data"] or "{}"), int(r["attempts"]),
                 int(r["deferrals"]), r["created_at"], r["due_at"])


def enqueue(sql: Any, *, kind: str, subject: str, recipient: str, name: str = "", store_id: int = 0,
            customer_id: int = 0, language_id: int = 0, order_id: int = 0, case_id: int = 0,
            data: dict[str, Any] | None = None, due_at: datetime | None = None) -> bool:
    """Add a message unless (kind, subject, recipient) exists; True when it was new. `sql` may be a
    transaction: a case's status change and its email commit together."""
    address = canonical(recipient)
    if not address:
        return False
    return bool(sql.execute(
        "INSERT INTO `{p}rebound_email` (kind, subject_key, recipient, recipient_name, store_id, customer_id, "
        "language_id, order_id, case_id, transactional, data, status, due_at, created_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, 'queued', COALESCE(%s, UTC_TIMESTAMP(6)), "
        "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE email_id = email_id",
        (kind, subject[:96], address[:255], name[:128], store_id, customer_id, language_id or 0, order_id, case_id,
         KINDS[kind].transactional, json.dumps(data or {}, default=str), due_at),
    ))


# -- claims --------------------------------------------------------------------------------------------------

def claim(db: Database, worker_id: str, limit: int, lease_s: int) -> list[Email]:
    """Lease up to `limit` messages: due queued ones, and ones whose sender's lease ran out (a crash).

    A lapsed row whose last attempt had reached the hand-over (in_data) may have been delivered: that
    attempt is counted in `unconfirmed` before the row is tried again.
    """
    due = [r["email_id"] for r in db.query(
        "(SELECT email_id FROM `{p}rebound_email` WHERE status = 'queued' AND due_at <= UTC_TIMESTAMP(6) "
        " ORDER BY due_at LIMIT %s) UNION ALL "
        "(SELECT email_id FROM `{p}rebound_email` WHERE status = 'sending' AND lease_until <= UTC_TIMESTAMP(6) "
        " ORDER BY lease_until LIMIT %s)",
        (limit, limit),
    )][:limit]
    if not due:
        return []
    marks = ", ".join(["%s"] * len(due))
    with db.transaction() as tx:
        ids = [r["email_id"] for r in tx.query(
            f"SELECT email_id FROM `{{p}}rebound_email` WHERE email_id IN ({marks}) "
            "AND ((status = 'queued' AND due_at <= UTC_TIMESTAMP(6)) "
            "OR (status = 'sending' AND lease_until <= UTC_TIMESTAMP(6))) ORDER BY email_id FOR UPDATE SKIP LOCKED",
            due,
        )]
        if not ids:
            return []
        mine = ", ".join(["%s"] * len(ids))
        # Assignments run left to right: count the lapsed hand-over before status and in_data change.
        tx.execute(
            "UPDATE `{p}rebound_email` SET unconfirmed = unconfirmed + (status = 'sending' AND in_data = 1), "
            "in_data = 0, status = 'sending', claimed_by = %s, attempts = attempts + 1, "
            "lease_until = UTC_TIMESTAMP(6) + INTERVAL %s SECOND, updated_at = UTC_TIMESTAMP(6) "
            f"WHERE email_id IN ({mine})",
            (worker_id, lease_s, *ids),
        )
        rows = tx.query(f"SELECT {COLUMNS} FROM `{{p}}rebound_email` WHERE email_id IN ({mine}) ORDER BY email_id", ids)
    return [_email(r) for r in rows]


def renew(db: Database, ids: list[int], worker_id: str, lease_s: int) -> None:
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        db.execute(
            "UPDATE `{p}rebound_email` SET lease_until = UTC_TIMESTAMP(6) + INTERVAL %s SECOND "
            f"WHERE email_id IN ({marks}) AND status = 'sending' AND claimed_by = %s",
            (lease_s, *ids, worker_id),
        )


def gate(db: Database, current: int, sent: list[int], worker_id: str, lease_s: int) -> bool:
    """One write before the message `current` is handed over: mark the `sent` ones (answered 250 since
    the last write), and set in_data on `current` with a fresh lease, unless its address was suppressed
    meanwhile. True when `current` may be sent."""
    ids = [current, *sent]
    marks = ", ".join(["%s"] * len(ids))
    changed = db.execute(
        "UPDATE `{p}rebound_email` SET status = IF(email_id = %s, 'sending', 'sent'), "
        "sent_at = IF(email_id = %s, sent_at, UTC_TIMESTAMP(6)), in_data = IF(email_id = %s, 1, in_data), "
        "lease_until = IF(email_id = %s, UTC_TIMESTAMP(6) + INTERVAL %s SECOND, NULL), updated_at = UTC_TIMESTAMP(6) "
        f"WHERE email_id IN ({marks}) AND status = 'sending' AND claimed_by = %s AND (email_id <> %s OR NOT EXISTS ("
        " SELECT 1 FROM `{p}rebound_suppression` s WHERE s.email = recipient AND (s.reason = 'bounce' OR transactional = 0)))",
        (current, current, current, current, lease_s, *ids, worker_id, current),
    )
    if changed == len(ids):
        return True
    row = db.query_one("SELECT in_data, claimed_by, status FROM `{p}rebound_email` WHERE email_id = %s", (current,))
    return bool(row and row["in_data"] and row["claimed_by"] == worker_id and row["status"] == "sending")


def mark_sent(db: Database, ids: list[int], worker_id: str) -> None:
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        db.execute(
            "UPDATE `{p}rebound_email` SET status = 'sent', sent_at = UTC_TIMESTAMP(6), lease_until = NULL, "
            f"updated_at = UTC_TIMESTAMP(6) WHERE email_id IN ({marks}) AND status = 'sending' AND claimed_by = %s",
            (*ids, worker_id),
        )


# -- outcomes other than sent ------------------------------------------------------------------------------------

_RELEASE = "claimed_by = NULL, lease_until = NULL, in_data = 0, updated_at = UTC_TIMESTAMP(6)"
_FENCE = "WHERE email_id = %s AND status = 'sending' AND claimed_by = %s"


def skip(db: Any, email: Email, reason: str, worker_id: str, detail: str | None = None) -> None:
    """Dropped by a rule; `reason` is what the email log shows."""
    db.execute(f"UPDATE `{{p}}rebound_email` SET status = 'skipped', reason = %s, last_error = %s, {_RELEASE} {_FENCE}",
               (reason, detail, email.email_id, worker_id))


def defer(db: Any, email: Email, until: datetime, reason: str, worker_id: str) -> None:
    """Back to the queue until `until` (naive UTC); a deferral is not an attempt."""
    db.execute(
        "UPDATE `{p}rebound_email` SET status = 'queued', due_at = %s, reason = %s, deferrals = deferrals + 1, "
        f"attempts = attempts - 1, contacted_at = NULL, {_RELEASE} {_FENCE}",
        (until, reason, email.email_id, worker_id),
    )


def release(db: Database, ids: list[int], worker_id: str) -> None:
    """Claimed but not tried (the batch ran out of time, or the server went away): back as they were."""
    if ids:
        marks = ", ".join(["%s"] * len(ids))
        db.execute(
            f"UPDATE `{{p}}rebound_email` SET status = 'queued', attempts = attempts - 1, contacted_at = NULL, {_RELEASE} "
            f"WHERE email_id IN ({marks}) AND status = 'sending' AND claimed_by = %s",
            (*ids, worker_id),
        )


def retry(db: Database, email: Email, error: str, worker_id: str, *, uncertain: bool, backoff_s: int,
          horizon_h: int) -> None:
    """A transient failure: back off and try again, or 'dead' once the message is older than the horizon.
    `uncertain`: the failure came after the hand-over, so this attempt may have been delivered."""
    delay = min(backoff_s * 2 ** max(email.attempts - 1, 0), 3600) * random.uniform(0.8, 1.2)
    db.execute(
        "UPDATE `{p}rebound_email` SET unconfirmed = unconfirmed + %s, last_error = %s, contacted_at = NULL, "
        "status = IF(created_at < UTC_TIMESTAMP(6) - INTERVAL %s HOUR, 'dead', 'queued'), "
        f"due_at = UTC_TIMESTAMP(6) + INTERVAL %s SECOND, {_RELEASE} {_FENCE}",
        (int(uncertain), error[:255], horizon_h, round(delay, 3), email.email_id, worker_id),
    )


def fail(db: Database, email: Email, error: str, worker_id: str) -> None:
    """A permanent failure (5xx): not tried again."""
    db.execute(f"UPDATE `{{p}}rebound_email` SET status = 'failed', last_error = %s, {_RELEASE} {_FENCE}",
               (error[:255], email.email_id, worker_id))


def case_states(db: Database, emails: list[Email]) -> dict[int, dict[str, Any]]:
    """case_id → status, reference and email of the batch's cases, in one read."""
    ids = sorted({e.case_id for e in emails if e.case_id})
    if not ids:
        return {}
    marks = ", ".join(["%s"] * len(ids))
    return {int(r["case_id"]): r for r in db.query(
        f"SELECT case_id, status, reference, email FROM `{{p}}rebound_case` WHERE case_id IN ({marks})", ids)}


# -- suppressions and answers --------------------------------------------------------------------------------

def suppressions(db: Database, addresses: list[str]) -> dict[str, str]:
    """address → 'unsubscribe' | 'bounce' for those of `addresses` that must not be mailed."""
    wanted = sorted(set(addresses))
    if not wanted:
        return {}
    marks = ", ".join(["%s"] * len(wanted))
    return {r["email"]: r["reason"] for r in db.query(
        f"SELECT email, reason FROM `{{p}}rebound_suppression` WHERE email IN ({marks})", wanted)}


def suppress(sql: Any, address: str, reason: str, source: str, email_id: int | None = None,
             detail: str | None = None) -> None:
    """Record an address not to mail; a bounce outranks an unsubscribe (it stops all mail)."""
    sql.execute(
        "INSERT INTO `{p}rebound_suppression` (email, reason, source, email_id, detail, created_at) "
        "VALUES (%s, %s, %s, %s, %s, UTC_TIMESTAMP(6)) ON DUPLICATE KEY UPDATE "
        "source = IF(reason = 'bounce' AND VALUES(reason) <> 'bounce', source, VALUES(source)), "
        "detail = IF(reason = 'bounce' AND VALUES(reason) <> 'bounce', detail, VALUES(detail)), "
        "reason = IF(reason = 'bounce', reason, VALUES(reason))",
        (canonical(address)[:255], reason, source[:32], email_id or None, (detail or "")[:255] or None),
    )


def suppression_list(db: Database, filters: dict[str, Any], page: int,
                     per_page: int) -> tuple[int, list[dict[str, Any]]]:
    """Suppressed addresses, newest first; `email` matches a part of the address, `reason` exactly."""
    where, args = [], []
    if filters.get("email"):
        where.append("email LIKE %s")
        args.append("%" + _like(canonical(filters["email"])) + "%")
    if filters.get("reason"):
        where.append("reason = %s")
        args.append(filters["reason"])
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = db.query_one(f"SELECT COUNT(*) AS n FROM `{{p}}rebound_suppression` {clause}", args)["n"]  # type: ignore[index]
    rows = db.query(
        f"SELECT email, reason, source, email_id, detail, created_at FROM `{{p}}rebound_suppression` {clause} "
        "ORDER BY created_at DESC, email LIMIT %s OFFSET %s", (*args, per_page, (page - 1) * per_page))
    for r in rows:
        r["created_at"] = r["created_at"].replace(tzinfo=timezone.utc).isoformat() if r["created_at"] else None
        r["email_id"] = int(r["email_id"]) if r["email_id"] else None
    return int(total), rows


def _like(text: str) -> str:
    """`text` matched literally inside a LIKE pattern."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def unsuppress(sql: Any, address: str) -> bool:
    """Lets an address be mailed again (the owner's decision, e.g. the customer asked); True if it was listed."""
    return bool(sql.execute("DELETE FROM `{p}rebound_suppression` WHERE email = %s", (canonical(address)[:255],)))


def record_answer(sql: Any, event_id: str, data: dict[str, Any], at: datetime) -> None:
    """A survey answer (the last one for an email wins), with what the email was about."""
    row = sql.query_one("SELECT subject_key, recipient, store_id, case_id, order_id FROM `{p}rebound_email` "
                        "WHERE email_id = %s", (data["email_id"],)) or {}
    sql.execute(
        "INSERT INTO `{p}rebound_survey_answer` (email_id, kind, subject_key, recipient, store_id, case_id, order_id, "
        "score, comment, event_uuid, answered_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) "
        "ON DUPLICATE KEY UPDATE score = VALUES(score), comment = VALUES(comment), event_uuid = VALUES(event_uuid), "
        "answered_at = VALUES(answered_at)",
        (data["email_id"], data["kind"], row.get("subject_key", ""), row.get("recipient", canonical(data["email"])),
         row.get("store_id", 0), row.get("case_id", 0), row.get("order_id", 0), data["score"], data["comment"],
         event_id, at),
    )


# -- the log ---------------------------------------------------------------------------------------------------

LOG_FILTERS = ("status", "kind", "recipient", "case_id", "order_id")


def log(db: Database, filters: dict[str, Any], page: int, per_page: int) -> tuple[int, list[dict[str, Any]]]:
    where, args = [], []
    for name in LOG_FILTERS:
        if filters.get(name) not in (None, ""):
            where.append(f"`{name}` = %s")
            args.append(canonical(filters[name]) if name == "recipient" else filters[name])
    clause = ("WHERE " + " AND ".join(where)) if where else ""
    total = db.query_one(f"SELECT COUNT(*) AS n FROM `{{p}}rebound_email` {clause}", args)["n"]  # type: ignore[index]
    rows = db.query(
        "SELECT email_id, kind, subject_key, recipient, store_id, order_id, case_id, transactional, status, reason, "
        "attempts, deferrals, unconfirmed, last_error, created_at, due_at, sent_at FROM `{p}rebound_email` "
        f"{clause} ORDER BY email_id DESC LIMIT %s OFFSET %s",
        (*args, per_page, (page - 1) * per_page),
    )
    for r in rows:
        for key in ("created_at", "due_at", "sent_at"):
            r[key] = r[key].replace(tzinfo=timezone.utc).isoformat() if r[key] else None
        r["transactional"] = bool(r["transactional"])
    return int(total), rows


def utc(dt: datetime) -> datetime:
    """An aware time as the naive UTC the rebound_* tables hold."""
    return dt.astimezone(timezone.utc).replace(tzinfo=None) if dt.tzinfo else dt


def later(seconds: float) -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None) + timedelta(seconds=seconds)
