"""Events in: parse and validate, then apply each event at most once (docs/bridge.md).

The outbox row (UNIQUE event_uuid) is the record of application: an event is applied in the same
transaction that marks its row delivered, under that row's lock, so the HTTP path and the worker's outbox
delivery can race and the event still takes effect once.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

import pymysql
from marshmallow import ValidationError

from .db import Database, Tx
from .errors import BadRequest, ReboundError
from .event_types import DATA_SCHEMAS, Envelope
from .mail import notify
from .mail import outbox as mail_outbox
from .mirror import refresh_order_at, refresh_returns, refresh_reviews
from .returns import cases, core_admin
from .returns.load import policies_for
from .reviews.verified import record_source
from .store import Store

log = logging.getLogger(__name__)

ENVELOPE = Envelope()
ANSWERING = {"return.submitted"}  # types whose sender waits for a result (the shopper's return form)
DEADLOCK_RETRIES = 3
MAX_DEPTH = 16  # events are flat; anything deeper is an attack or a bug


class EventConflict(ReboundError):
    """An event with this id was already received with a different payload."""

    status = 409
    code = "event_conflict"


@dataclass(frozen=True)
class Event:
    id: str
    type: str
    store_id: int
    created_at: datetime  # aware
    data: dict[str, Any]  # validated; empty for a type this sidecar does not know
    document: dict[str, Any]  # the envelope as received

    @property
    def known(self) -> bool:
        return self.type in DATA_SCHEMAS

    @property
    def created_at_utc(self) -> datetime:
        return self.created_at.astimezone(timezone.utc).replace(tzinfo=None)


def parse(body: bytes | str) -> Event:
    """The envelope and its data, validated; BadRequest with per-field messages otherwise."""
    try:
        document = json.loads(body)
    except (ValueError, RecursionError):
        raise BadRequest("The body is not valid JSON.") from None
    if not isinstance(document, dict):
        raise BadRequest("The body must be a JSON object.")
    if _depth(document) > MAX_DEPTH:
        raise BadRequest(f"The body is nested more than {MAX_DEPTH} levels deep.")
    try:
        envelope = ENVELOPE.load(document)
    except ValidationError as exc:
        raise BadRequest("The event envelope is invalid.", fields=_messages(exc)) from None
    schema = DATA_SCHEMAS.get(envelope["type"])
    try:
        data = schema.load(envelope["data"]) if schema else {}
    except ValidationError as exc:
        raise BadRequest(f"The {envelope['type']} data is invalid.", fields={"data": _messages(exc)}) from None
    return Event(
        id=str(envelope["id"]),
        type=envelope["type"],
        store_id=envelope["store_id"],
        created_at=envelope["created_at"],
        data=data,
        document=document,
    )


def apply(tx: Tx, store: Store, event: Event, answered: bool = True) -> dict[str, Any] | None:
    """What each event type changes; returns what the sender should see, for types that answer.

    `answered`: whether the sender is waiting for that answer (the API path). The worker's delivery of an
    outbox row is not answered: the shopper was told their return request was received, so a refusal is
    emailed to them instead of only stored."""
    data = event.data
    if event.type == "return.submitted":
        result = cases.submit(tx, store, policies_for(store), event.id, data, datetime.now(timezone.utc))
        if result["outcome"] == "refused" and not answered:
            notify.request_refused(tx, event.id, data, result["errors"])
        return result
    if event.type == "order.status_changed":
        refresh_order_at(
            tx, data["order_id"], store.status_ids("config_complete_status", event.store_id),
            event.created_at_utc, data["order_history_id"],
        )
    elif event.type in ("return.requested", "return.status_changed"):
        refresh_returns(tx, [data["return_id"]], zone=store.timezone())
        if event.type == "return.status_changed":  # set in core admin: the case follows (returns/core_admin.py)
            core_admin.follow(tx, store, [data["return_id"]], datetime.now(timezone.utc))
    elif event.type in ("review.submitted", "review.moderated", "review.photos_added"):
        if event.type == "review.submitted" and data["from_email_id"]:
            record_source(tx, data["review_id"], data["product_id"], data["from_email_id"],
                          variants="master_id" in store.present_columns().get("order_product", set()))
        refresh_reviews(tx, [data["review_id"]])
    elif event.type == "email.unsubscribed":
        mail_outbox.suppress(tx, data["email"], "unsubscribe", data["source"], data["email_id"])
    elif event.type == "survey.answered":
        mail_outbox.record_answer(tx, event.id, data, event.created_at_utc)
    return None


def result_of(db: Database, event_id: str) -> dict[str, Any] | None:
    """What an applied event answered (return requests answer with their case), for the sender."""
    row = db.query_one("SELECT result FROM `{p}rebound_event_result` WHERE event_uuid = %s", (event_id,))
    return json.loads(row["result"]) if row else None


def receive(db: Database, store: Store, event: Event) -> str:
    """Record and apply one event: 'applied', 'duplicate' (no second effect) or 'ignored' (unknown type)."""
    payload = json.dumps(event.document, separators=(",", ":"), ensure_ascii=False)
    for attempt in range(DEADLOCK_RETRIES):
        try:
            return _receive(db, store, event, payload)
        except (pymysql.err.OperationalError, pymysql.err.IntegrityError) as exc:
            # The same event arriving twice at once: one inserts, the other hits the unique key (or a
            # deadlock, which InnoDB resolved by rolling it back) and, on retry, finds the row.
            if exc.args[0] not in (1062, 1213, 1205) or attempt == DEADLOCK_RETRIES - 1:
                raise
    raise AssertionError("unreachable")


def _receive(db: Database, store: Store, event: Event, payload: str) -> str:
    with db.transaction() as tx:
        # Usually the extension's outbox row is there already: lock it. When it is not (an event sent
        # without one), insert it; a concurrent twin then fails on the unique key and retries above.
        row = tx.query_one(
            "SELECT rebound_event_id, status, payload FROM `{p}rebound_event` WHERE event_uuid = %s FOR UPDATE",
            (event.id,),
        )
        if row is None:
            row_id = tx.insert(
                "INSERT INTO `{p}rebound_event` (event_uuid, type, store_id, payload, status, created_at) "
                "VALUES (%s, %s, %s, %s, 'pending', %s)",
                (event.id, event.type, event.store_id, payload, event.created_at_utc),
            )
            return deliver(tx, store, event, row_id)
        if _parsed(row["payload"]) != event.document:
            raise EventConflict()
        if row["status"] in ("delivered", "ignored"):
            return "duplicate"
        return deliver(tx, store, event, row["rebound_event_id"])


def deliver(tx: Tx, store: Store, event: Event, row_id: int, answered: bool = True) -> str:
    """Apply a locked, undelivered outbox row's event and mark the row; shared with the worker, which
    passes answered=False (see apply())."""
    if not event.known:
        log.warning("unknown event type ignored", extra={"event_id": event.id, "type": event.type})
        status = "ignored"
    else:
        result = apply(tx, store, event, answered)
        if result is not None:
            tx.execute("INSERT INTO `{p}rebound_event_result` (event_uuid, result) VALUES (%s, %s)",
                       (event.id, json.dumps(result, default=str)))
        status = "delivered"
    tx.execute(
        "UPDATE `{p}rebound_event` SET status = %s, delivered_at = UTC_TIMESTAMP(6), attempts = attempts + 1, "
        "last_error = NULL WHERE rebound_event_id = %s",
        (status, row_id),
    )
    log.info("event " + status, extra={"event_id": event.id, "type": event.type})
    return "applied" if status == "delivered" else status


def _depth(value: Any) -> int:
    """Nesting depth, computed without recursion so a hostile document cannot exhaust the stack."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, dict | list):
            deepest = max(deepest, level)
            if level <= MAX_DEPTH:
                stack.extend((child, level + 1) for child in (item.values() if isinstance(item, dict) else item))
    return deepest


def _messages(exc: ValidationError) -> dict[str, Any]:
    return exc.messages if isinstance(exc.messages, dict) else {"_schema": exc.messages}


def _parsed(payload: str) -> Any:
    try:
        return json.loads(payload)
    except ValueError:
        return None
