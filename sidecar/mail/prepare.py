"""Send-time checks and content per kind: what was true when a message was queued may not be any more.

`prepare` answers Ready (with the data to render), Skip (dropped, with the reason the log shows) or Defer
(try again later). Review and NPS requests wait while a return on the order is open, never ask about
returned or refunded lines, and ask for photo reviews first where other shoppers returned the product for
a size or "not as described" reason.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from ..db import Database
from .context import MailContext
from .kinds import CLOSED_STATUSES, OPEN_STATUSES
from .outbox import Email

RETURN_OPEN_RECHECK = timedelta(hours=24)
PHOTO_LOOKBACK_DAYS = 365


@dataclass(frozen=True)
class Ready:
    data: dict[str, Any]


@dataclass(frozen=True)
class Skip:
    reason: str


@dataclass(frozen=True)
class Defer:
    until: datetime
    reason: str


Prepared = Ready | Skip | Defer


def prepare(ctx: MailContext, db: Database, email: Email, now: datetime,
            cases: dict[int, dict[str, Any]] | None = None) -> Prepared:
    """`cases`: the batch's cases as outbox.case_states read them (read here when not given)."""
    data = {**email.data, "first_name": email.data.get("first_name") or email.recipient_name}
    if email.kind.startswith("return_") or email.kind == "csat":
        row = cases.get(email.case_id) if cases is not None else db.query_one(
            "SELECT status, reference, email FROM `{p}rebound_case` WHERE case_id = %s", (email.case_id,))
        return _case(ctx, email, data, row)
    if email.kind in ("review_request", "review_reminder"):
        return _review(ctx, db, email, data, now)
    if email.kind == "nps":
        return _nps(ctx, db, email, data, now)
    if email.kind == "request_not_accepted":
        data["form_url"] = ctx.link(email.store_id, "extension/rebound/module/rebound.returnForm",
                                    language=ctx.language_code(email.language_id), order_id=email.order_id)
    return Ready(data)  # the owner's alerts carry everything they show


def _case(ctx: MailContext, email: Email, data: dict[str, Any], row: dict[str, Any] | None) -> Prepared:
    if row is None:
        return Skip("case_gone")
    status = row["status"]
    if email.kind == "return_requested" and status != "requested":
        return Skip("superseded")  # decided before this went out: the decision's email says it all
    if email.kind == "return_instructions" and status != "approved":
        return Skip("superseded")
    if email.kind == "csat" and status not in CLOSED_STATUSES:
        return Skip("case_reopened")
    data.setdefault("reference", row["reference"])
    language = ctx.language_code(email.language_id)
    # A guest's link carries the order's email and a token (the extension's TrackingToken); a customer logs in.
    token = ctx.tracking_token(row["reference"], row["email"]) if not email.customer_id else None
    data["tracking_url"] = ctx.link(
        email.store_id, "extension/rebound/module/rebound.track", language=language, reference=row["reference"],
        email=row["email"] if token else None, token=token,
    )
    return Ready(data)


def _order_open(ctx: MailContext, db: Database, order_id: int) -> bool:
    marks = ", ".join(["%s"] * len(OPEN_STATUSES))
    if db.query_one(f"SELECT 1 AS x FROM `{{p}}rebound_case` WHERE order_id = %s AND status IN ({marks}) LIMIT 1",
                    (order_id, *OPEN_STATUSES)):
        return True
    closed = {ctx.store.id_by_name("return_status", n) for n in ("Complete", "Rejected")} - {None}
    core = db.query("SELECT s.return_status_id FROM `{p}rebound_return_state` s LEFT JOIN `{p}rebound_case_line` l "
                    "ON l.return_id = s.return_id WHERE s.order_id = %s AND l.case_line_id IS NULL", (order_id,))
    return any(int(r["return_status_id"]) not in closed for r in core)


def _waiting(email: Email, now: datetime, ctx: MailContext, reason: str) -> Prepared:
    latest = email.created_at + timedelta(days=ctx.settings.get(email.store_id)["max_defer_days"])
    return Defer(now + RETURN_OPEN_RECHECK, reason) if now + RETURN_OPEN_RECHECK <= latest else Skip(reason)


def _delivered_order(ctx: MailContext, db: Database, email: Email) -> dict[str, Any] | None:
    row = db.query_one("SELECT order_id, store_id, order_status_id FROM `{p}order` WHERE order_id = %s",
                       (email.order_id,))
    if row is None or int(row["order_status_id"] or 0) not in ctx.store.status_ids("config_complete_status",
                                                                                   int(row["store_id"] or 0)):
        return None  # refunded, cancelled, reversed…: not an order to ask about any more
    return row


def _review(ctx: MailContext, db: Database, email: Email, data: dict[str, Any], now: datetime) -> Prepared:
    if _delivered_order(ctx, db, email) is None:
        return Skip("order_not_complete")
    if _order_open(ctx, db, email.order_id):
        return _waiting(email, now, ctx, "return_open")
    lines = db.query("SELECT order_product_id, product_id, name, price FROM `{p}order_product` WHERE order_id = %s "
                     "ORDER BY order_product_id", (email.order_id,))
    returned_lines = {int(r["order_product_id"]) for r in db.query(
        "SELECT l.order_product_id FROM `{p}rebound_case_line` l JOIN `{p}rebound_case` c ON c.case_id = l.case_id "
        "WHERE l.order_id = %s AND c.status <> 'rejected'", (email.order_id,))}
    returned_products = {int(r["product_id"]) for r in db.query(
        "SELECT s.product_id FROM `{p}rebound_return_state` s LEFT JOIN `{p}rebound_case_line` l "
        "ON l.return_id = s.return_id WHERE s.order_id = %s AND l.case_line_id IS NULL", (email.order_id,))}
    asked = set(data.get("product_ids") or [])
    candidates: dict[int, dict[str, Any]] = {}
    for line in lines:
        pid = int(line["product_id"] or 0)
        if pid and line["order_product_id"] not in returned_lines and pid not in returned_products \
                and (not asked or pid in asked) and pid not in candidates:
            candidates[pid] = line
    if candidates:  # reviewed already: by the customer's account, or from this order's request link
        marks = ", ".join(["%s"] * len(candidates))
        for r in db.query(f"SELECT DISTINCT product_id FROM `{{p}}rebound_review_state` WHERE product_id IN ({marks}) "
                          "AND ((customer_id > 0 AND customer_id = %s) OR review_id IN (SELECT review_id FROM "
                          "`{p}rebound_review_source` WHERE order_id = %s))",
                          (*candidates, email.customer_id, email.order_id)):
            candidates.pop(int(r["product_id"]), None)
    if not candidates:
        return Skip("already_reviewed" if email.kind == "review_reminder" or asked else "nothing_to_review")
    settings = ctx.settings.get(email.store_id)
    photo = _photo_first(ctx, db, list(candidates), settings["review"])
    chosen = sorted(candidates.values(), key=lambda line: (int(line["product_id"]) not in photo, -float(line["price"] or 0),
                                                            line["order_product_id"]))
    chosen = chosen[:settings["review"]["max_products"]]
    language = ctx.language_code(email.language_id)
    # The review link carries who was asked (a `review` token): a review written after following it is tied to
    # this order, so a guest's review can show it comes from a buyer (docs/reviews-api.md, "Verified buyer").
    source = ctx.token("review", email.email_id, email.recipient)
    data["products"] = [{
        "product_id": int(line["product_id"]), "name": html.unescape(line["name"] or ""),
        "photo": int(line["product_id"]) in photo,
        "url": ctx.link(email.store_id, "product/product", language=language, product_id=int(line["product_id"]),
                        rebound_review="photo" if int(line["product_id"]) in photo else "1", rebound_from=source),
    } for line in chosen]
    data["product_ids"] = [p["product_id"] for p in data["products"]]
    return Ready(data)


def _photo_first(ctx: MailContext, db: Database, product_ids: list[int], review: dict[str, Any]) -> set[int]:
    """Products other shoppers returned for a size or "not as described" reason: a photo helps most there."""
    reason_ids = set(review["photo_reason_ids"])
    words = [w.casefold() for w in review["photo_reason_words"]]
    if words:
        reason_ids |= {rid for rid, name in ctx.store.names("return_reason").items()
                       if any(w in name.casefold() for w in words)}
    if not reason_ids or not product_ids:
        return set()
    pmarks, rmarks = ", ".join(["%s"] * len(product_ids)), ", ".join(["%s"] * len(reason_ids))
    return {int(r["product_id"]) for r in db.query(
        f"SELECT DISTINCT l.product_id FROM `{{p}}rebound_case_line` l JOIN `{{p}}rebound_case` c ON c.case_id = l.case_id "
        f"WHERE l.product_id IN ({pmarks}) AND l.reason_id IN ({rmarks}) "
        "AND c.created_at > UTC_TIMESTAMP(6) - INTERVAL %s DAY",
        (*product_ids, *sorted(reason_ids), PHOTO_LOOKBACK_DAYS))}


def _nps(ctx: MailContext, db: Database, email: Email, data: dict[str, Any], now: datetime) -> Prepared:
    if _delivered_order(ctx, db, email) is None:
        return Skip("order_not_complete")
    # The per-customer throttle is checked with the contact budget, under the recipient's lock (contact.py).
    if _order_open(ctx, db, email.order_id):
        return _waiting(email, now, ctx, "return_open")
    return Ready(data)
