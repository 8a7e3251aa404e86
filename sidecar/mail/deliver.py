"""The worker's email delivery: claim due messages, check them again, send, record what happened.

Per message, in order: the kind is still wanted (settings); the address is not suppressed (checked for
the batch, and again in the same write that precedes the hand-over, so an unsubscribe that lands while
the batch runs is still honoured); the kind's own checks (prepare.py); quiet hours and the contact budget
for non-transactional kinds (contact.py); render; send through the one SMTP adapter (smtp.py).

Write cost: one statement per message on the happy path. The `gate` write just before the hand-over sets
in_data on this message and marks the previous ones sent, so a crash between a 250 and its "sent" leaves
a row whose lapsed lease tells the next claimant that the message may have been delivered (counted in
`unconfirmed`, the only duplicate this design allows).
"""

from __future__ import annotations

import logging
import time
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from ..db import Database
from ..errors import ReboundError
from ..schedule import worker_ident
from . import contact, outbox
from .address import ascii_address, valid_address
from .context import MailContext
from .kinds import KINDS
from .outbox import Email
from .prepare import Defer, Ready, Skip, prepare
from .render import RenderError, render
from .settings import kind_enabled
from .smtp import Mailer

log = logging.getLogger(__name__)

CONFIG_RETRY_S = 300  # no SMTP server configured, or no way to sign links: look again in five minutes


def utc_now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


class Sender:
    """Delivers claimed batches over `delivery.connections` SMTP connections at once: one message's
    rendering overlaps another's network and database waits."""

    def __init__(self, ctx: MailContext, worker_id: str | None = None) -> None:
        self.ctx = ctx
        self.worker_id = worker_id or worker_ident()
        self._pool: ThreadPoolExecutor | None = None

    def run(self, db: Database, budget_s: float = 5.0) -> int:
        """Deliver batches until the queue is empty or `budget_s` is spent; returns messages handled."""
        deadline = time.monotonic() + budget_s
        handled = 0
        while time.monotonic() < deadline:
            batch = self.ctx.settings.get(0)["delivery"]["batch"]
            done = self.deliver(db, batch, deadline)
            handled += done
            if done < batch:
                break
        return handled

    def deliver(self, db: Database, limit: int, deadline: float | None = None) -> int:
        delivery = self.ctx.settings.get(0)["delivery"]
        emails = outbox.claim(db, self.worker_id, limit, delivery["lease_seconds"])
        if not emails:
            return 0
        seen = _Seen(outbox.suppressions(db, [e.recipient for e in emails]), outbox.case_states(db, emails))
        parts = [p for p in (emails[i::delivery["connections"]] for i in range(delivery["connections"])) if p]
        if len(parts) == 1:
            self._part(db, parts[0], 0, seen, deadline)
        else:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(max_workers=8, thread_name_prefix="rebound-mail")
            futures = [self._pool.submit(self._part, db, part, i, seen, deadline) for i, part in enumerate(parts)]
            wait(futures)
            for future in futures:
                future.result()  # the first failure, once every part has finished
        return len(emails)

    def _part(self, db: Database, emails: list[Email], slot: int, seen: _Seen, deadline: float | None) -> None:
        """One connection's share of a batch, in order."""
        delivery = self.ctx.settings.get(0)["delivery"]
        batch = _Batch(db, self.worker_id, delivery["lease_seconds"], [e.email_id for e in emails], slot)
        try:
            for index, email in enumerate(emails):
                if deadline is not None and time.monotonic() > deadline:
                    batch.release(emails[index:])
                    break
                batch.renew_if_due()
                if not self._one(db, email, seen, batch):
                    # The server is unreachable or refuses our setup: the rest waits too.
                    batch.requeue(emails[index + 1:], delivery)
                    break
        finally:
            batch.flush()

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown()
            self._pool = None
        self.ctx.close()

    def _one(self, db: Database, email: Email, seen: _Seen, batch: _Batch) -> bool:
        """Handle one claimed message; False when the rest of the batch should not be tried now."""
        w = self.worker_id
        suppression = seen.suppressed.get(email.recipient)
        kind = KINDS.get(email.kind)
        settings = self.ctx.settings.get(email.store_id)
        now = utc_now()
        if kind is None:
            outbox.skip(db, email, "unknown_kind", w)
            return True
        if not kind_enabled(settings, email.kind):
            outbox.skip(db, email, "disabled", w)
            return True
        if suppression == "bounce" or (suppression and not kind.transactional):
            outbox.skip(db, email, "bounced" if suppression == "bounce" else "unsubscribed", w)
            return True
        if not valid_address(email.recipient):
            outbox.skip(db, email, "invalid_address", w)
            return True
        if not kind.transactional and (problem := self.ctx.links_ready(email.store_id)):
            retry_at = now + timedelta(seconds=CONFIG_RETRY_S)
            if retry_at > email.created_at + timedelta(days=settings["max_defer_days"]):
                outbox.skip(db, email, "links_unavailable", w, problem)
            else:
                outbox.defer(db, email, retry_at, "links_unavailable", w)
            log.warning("email without unsubscribe link held back", extra={"email_id": email.email_id,
                                                                           "detail": problem})
            return True
        ready = prepare(self.ctx, db, email, now, seen.cases)
        if isinstance(ready, Skip):
            outbox.skip(db, email, ready.reason, w)
            return True
        if isinstance(ready, Defer):
            outbox.defer(db, email, ready.until, ready.reason, w)
            return True
        if not kind.transactional:
            quiet = contact.quiet_until(now, settings["quiet_hours"], self.ctx.store.timezone(email.store_id))
            if quiet is not None:
                outbox.defer(db, email, quiet, "quiet_hours", w)
                return True
            verdict = contact.reserve(db, email.email_id, email.recipient, email.kind, email.created_at, w, settings)
            if verdict.action == "drop":
                outbox.skip(db, email, verdict.reason, w)
                return True
            if verdict.action == "defer":
                outbox.defer(db, email, verdict.until or now, verdict.reason, w)
                return True
        return self._send(db, email, ready, batch)

    def _send(self, db: Database, email: Email, ready: Ready, batch: _Batch) -> bool:
        w = self.worker_id
        delivery = self.ctx.settings.get(0)["delivery"]
        mailer = self.ctx.mailer(email.store_id, batch.slot)
        if not isinstance(mailer, Mailer):
            outbox.retry(db, email, mailer, w, uncertain=False, backoff_s=CONFIG_RETRY_S, horizon_h=delivery["retry_hours"])
            log.warning("email not sent: no SMTP server", extra={"email_id": email.email_id, "detail": mailer})
            return False
        try:
            message = render(self.ctx, email, ready.data)
        except RenderError as exc:
            outbox.retry(db, email, str(exc), w, uncertain=False, backoff_s=CONFIG_RETRY_S,
                         horizon_h=delivery["retry_hours"])
            return False
        sender = self.ctx.brand(email.store_id).from_email
        outcome = mailer.send(message.as_bytes(), ascii_address(sender), ascii_address(email.recipient),
                              on_data=lambda: batch.gate(email.email_id))
        if outcome.status == "sent":
            batch.sent(email)
            self._follow_up(db, email, ready)
            return True
        batch.flush()  # the "sent" marks first: an outcome write below must not wait behind them
        if outcome.status == "aborted":
            row = db.query_one("SELECT status, claimed_by FROM `{p}rebound_email` WHERE email_id = %s",
                               (email.email_id,))
            if row and row["status"] == "sending" and row["claimed_by"] == w:  # suppressed since the claim
                reason = outbox.suppressions(db, [email.recipient]).get(email.recipient)
                outbox.skip(db, email, "bounced" if reason == "bounce" else "unsubscribed", w)
            return True
        if outcome.status == "bounce":
            outbox.fail(db, email, outcome.error, w)
            outbox.suppress(db, email.recipient, "bounce", "smtp", email.email_id, outcome.error)
            return True
        if outcome.status == "failed":
            outbox.fail(db, email, outcome.error, w)
            return True
        outbox.retry(db, email, outcome.error, w, uncertain=outcome.uncertain, backoff_s=delivery["backoff_seconds"],
                     horizon_h=delivery["retry_hours"])
        log.info("email will be retried", extra={"email_id": email.email_id, "detail": outcome.error})
        # A 4xx for one recipient says nothing of the next; a lost connection, a 421 or a refusal of our
        # own setup (MAIL FROM, login) does: the rest of the batch waits.
        return outcome.code is not None and 400 <= outcome.code < 500 and outcome.code != 421

    def _follow_up(self, db: Database, email: Email, ready: Ready) -> None:
        """A review request's one reminder, for registered customers (a guest's review can't be matched)."""
        if email.kind != "review_request" or not email.customer_id:
            return
        days = self.ctx.settings.get(email.store_id)["review"]["reminder_after_days"]
        if days:
            outbox.enqueue(db, kind="review_reminder", subject=email.subject_key.rsplit(":", 1)[0] + ":reminder",
                           recipient=email.recipient, name=email.recipient_name, store_id=email.store_id,
                           customer_id=email.customer_id, language_id=email.language_id, order_id=email.order_id,
                           data={"product_ids": ready.data.get("product_ids", [])},
                           due_at=utc_now() + timedelta(days=days))


@dataclass(frozen=True)
class _Seen:
    """Read once per claimed batch: suppressed addresses, and the status and reference of its cases."""

    suppressed: dict[str, str]
    cases: dict[int, dict[str, Any]]


class _Batch:
    """One connection's share of a claimed batch: sent marks waiting for the next write, the lease."""

    def __init__(self, db: Database, worker_id: str, lease_s: int, ids: list[int], slot: int = 0) -> None:
        self.db, self.worker_id, self.lease_s, self.slot = db, worker_id, lease_s, slot
        self.open = set(ids)
        self.pending: list[int] = []
        self.renewed = time.monotonic()

    def gate(self, email_id: int) -> bool:
        try:
            ok = outbox.gate(self.db, email_id, self.pending, self.worker_id, self.lease_s)
        except ReboundError:
            return False  # no database: don't hand the message over
        self.open -= set(self.pending)
        self.pending = []
        return ok

    def sent(self, email: Email) -> None:
        self.pending.append(email.email_id)
        self.open.discard(email.email_id)

    def flush(self) -> None:
        if self.pending:
            outbox.mark_sent(self.db, self.pending, self.worker_id)
            self.pending = []

    def renew_if_due(self) -> None:
        if time.monotonic() - self.renewed > self.lease_s / 3:
            outbox.renew(self.db, sorted(self.open), self.worker_id, self.lease_s)
            self.renewed = time.monotonic()

    def release(self, emails: list[Email]) -> None:
        outbox.release(self.db, [e.email_id for e in emails], self.worker_id)

    def requeue(self, emails: list[Email], delivery: dict[str, int]) -> None:
        """Untried messages of a batch whose server is unavailable: back, after the first backoff."""
        for email in emails:
            outbox.defer(self.db, email, utc_now() + timedelta(seconds=delivery["backoff_seconds"]), "server_unavailable",
                         self.worker_id)
