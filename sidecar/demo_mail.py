"""The demo's email: what the return walk-through sent, and a review request, read back from the mail sink.

The worker sends everything (the demo only queues one review request, as the planner would for an order
delivered a week ago); this module waits for the messages to land in the sink's Maildir and says which.
"""

from __future__ import annotations

import email.header
import html
import json
import mailbox
import time
from pathlib import Path

from .db import Database
from .mail.outbox import enqueue
from .store import Store

# Quiet hours off and no gap between two emails, so the demo shows every kind at once; a real store keeps
# the defaults (docs/email.md).
DEMO_EMAIL_SETTINGS = {"version": 1, "quiet_hours": None, "budget": {"min_gap_hours": 0}}
WAIT_S = 45.0


def install_settings(db: Database) -> None:
    if not db.query_one("SELECT 1 AS x FROM `{p}setting` WHERE `key` = 'module_rebound_email'"):
        db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
                   "VALUES (0, 'module_rebound', 'module_rebound_email', %s, 1)", (json.dumps(DEMO_EMAIL_SETTINGS),))


def request_review(db: Database) -> dict | None:
    """Queue a review request for a registered customer's delivered order that has no return."""
    complete = sorted(Store(db).status_ids("config_complete_status")) or [5]
    marks = ", ".join(["%s"] * len(complete))
    row = db.query_one(
        "SELECT s.order_id, o.email, o.firstname, o.customer_id, o.language_id, o.store_id "
        "FROM `{p}rebound_order_state` s JOIN `{p}order` o ON o.order_id = s.order_id "
        f"WHERE s.customer_id > 0 AND s.order_status_id IN ({marks}) AND s.delivered_at < UTC_TIMESTAMP() - INTERVAL 7 DAY "
        "AND NOT EXISTS (SELECT 1 FROM `{p}rebound_case` c WHERE c.order_id = s.order_id) "
        "AND NOT EXISTS (SELECT 1 FROM `{p}rebound_return_state` r WHERE r.order_id = s.order_id) "
        "ORDER BY s.delivered_at DESC LIMIT 1",
        complete,
    )
    if row is None:
        return None
    enqueue(db, kind="review_request", subject=f"order:{row['order_id']}:review", recipient=html.unescape(row["email"]),
            name=html.unescape(row["firstname"] or ""), store_id=int(row["store_id"] or 0),
            customer_id=row["customer_id"], language_id=int(row["language_id"] or 0), order_id=row["order_id"])
    return row


def _subject(message: mailbox.MaildirMessage) -> str:
    return str(email.header.make_header(email.header.decode_header(message["Subject"] or "")))


def wait_for(folder: Path, wanted: list[tuple[str, str]],
             timeout: float = WAIT_S) -> dict[tuple[str, str], tuple[str, str]]:
    """(subject fragment, recipient fragment) → (subject, recipient) of the first message in the sink whose
    subject and To header contain them (the worker's own planner may mail other shoppers the same kind)."""
    found: dict[tuple[str, str], tuple[str, str]] = {}
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for message in mailbox.Maildir(str(folder), create=False):
            subject, to = _subject(message), str(message["To"])
            for fragment, recipient in wanted:
                if (fragment, recipient) not in found and fragment in subject \
                        and recipient.casefold() in to.casefold():
                    found[(fragment, recipient)] = (subject, to)
        if len(found) == len(wanted):
            break
        time.sleep(0.3)
    return found


def walk_through(db: Database, folder: Path, order: dict | None) -> list[str]:
    """What the return walk-through and the review request for `order` (request_review()) put in the mail
    sink, one line per message."""
    case = db.query_one("SELECT case_id, reference, status FROM `{p}rebound_case` ORDER BY case_id DESC LIMIT 1")
    wanted: list[tuple[str, str]] = []
    if case:
        ref = case["reference"]
        wanted += [(f"Your return {ref} is approved", ""), (f"We received your return {ref}", ""),
                   (f"Store credit for your return {ref}", "")]
    if order:
        wanted.append(("How do you like your order", html.unescape(order["email"])))
    found = wait_for(folder, wanted)
    steps = [f"{found[w][0]!r} to {found[w][1]}" for w in wanted if w in found]
    missing = [w[0] + (f" (to {w[1]})" if w[1] else "") for w in wanted if w not in found]
    if missing:
        steps.append("Not in the mail sink yet: " + "; ".join(missing) + " (see the worker log and rebound_email)")
    return steps
