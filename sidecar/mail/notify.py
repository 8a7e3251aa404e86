"""Transactional email for a return case's status changes, queued in the same transaction as the change.

`case_status` is called by sidecar/returns/cases.add_history on every change; the message's content is
a snapshot of the case at that moment (the email says what happened then), and its dedupe key
(kind, "case:<id>:<status>", recipient) makes a replayed change add nothing. `request_refused` tells a
shopper whose request the policy refused after the store had already told them it was received.
"""

from __future__ import annotations

import html
from datetime import datetime
from decimal import Decimal
from typing import Any

from .kinds import STATUS_KINDS
from .outbox import enqueue

RESOLUTION_WORDS = {"refund": "refund", "store_credit": "store credit", "exchange": "replacement"}


def money(amount: Any, rate: Any, currency: str) -> str:
    value = (Decimal(amount or 0) * Decimal(rate or 1)).quantize(Decimal("0.01"))
    return f"{value} {currency}".strip()


def snapshot(sql: Any, case_id: int) -> dict[str, Any] | None:
    """What a case email shows: reference, order, items, amounts in the order's currency, the customer."""
    case = sql.query_one(
        "SELECT c.case_id, c.reference, c.store_id, c.order_id, c.customer_id, c.email, c.language_id, c.status, "
        "c.refund_amount, c.credit_amount, c.free_return_shipping, o.firstname, o.lastname, o.currency_code, "
        "o.currency_value, o.language_id AS order_language_id FROM `{p}rebound_case` c "
        "LEFT JOIN `{p}order` o ON o.order_id = c.order_id WHERE c.case_id = %s",
        (case_id,),
    )
    if case is None:
        return None
    lines = sql.query(
        "SELECT l.quantity, l.resolution, op.name FROM `{p}rebound_case_line` l "
        "LEFT JOIN `{p}order_product` op ON op.order_product_id = l.order_product_id "
        "WHERE l.case_id = %s ORDER BY l.case_line_id",
        (case_id,),
    )
    currency, rate = case["currency_code"] or "", case["currency_value"] or 1
    resolutions = sorted({RESOLUTION_WORDS.get(line["resolution"], line["resolution"]) for line in lines})
    return {
        "case_id": case["case_id"], "reference": case["reference"], "order_id": case["order_id"],
        "store_id": case["store_id"], "customer_id": case["customer_id"], "email": case["email"],
        "language_id": case["language_id"] or case["order_language_id"] or 0,
        "first_name": html.unescape(case["firstname"] or ""),
        "items": [{"name": html.unescape(line["name"] or ""), "quantity": line["quantity"]} for line in lines],
        "refund": money(case["refund_amount"], rate, currency), "credit": money(case["credit_amount"], rate, currency),
        "resolution": " and ".join(resolutions) or "refund",
        "free_return_shipping": bool(case["free_return_shipping"]),
    }


def enqueue_case(sql: Any, kind: str, subject: str, data: dict[str, Any], due_at: datetime | None = None) -> bool:
    return enqueue(
        sql, kind=kind, subject=subject, recipient=data["email"], name=data["first_name"], store_id=data["store_id"],
        customer_id=data["customer_id"], language_id=data["language_id"], order_id=data["order_id"],
        case_id=data["case_id"], data=data, due_at=due_at,
    )


def case_status(sql: Any, case_id: int, status: str, comment: str = "") -> bool:
    """Queue the customer's email for the case's new status; False when there is none to send."""
    kind = STATUS_KINDS.get(status)
    data = snapshot(sql, case_id) if kind else None
    if kind is None or data is None or not data["email"]:
        return False
    if status == "rejected":
        data["comment"] = comment  # the store's reason, which the shopper may read (views._shown_comment)
    return enqueue_case(sql, kind, f"case:{case_id}:{status}", data)


def request_refused(sql: Any, event_id: str, data: dict[str, Any], errors: dict[str, str]) -> bool:
    """Queue `request_not_accepted` for a return request refused after the shopper was told "received":
    why, line by line with the product's name, and a link back to the form (prepare adds it)."""
    order = sql.query_one(
        "SELECT order_id, store_id, customer_id, email, firstname, language_id FROM `{p}order` WHERE order_id = %s",
        (data["order_id"],),
    )
    if order is None or not order["email"]:
        return False
    names = {int(r["order_product_id"]): html.unescape(r["name"] or "") for r in sql.query(
        "SELECT order_product_id, name FROM `{p}order_product` WHERE order_id = %s", (data["order_id"],))}
    reasons = []
    for key, message in errors.items():
        parts = key.split(".")
        if parts[0] == "lines" and len(parts) > 1 and parts[1].isdigit() and int(parts[1]) < len(data["lines"]):
            name = names.get(int(data["lines"][int(parts[1])]["order_product_id"]), "")
            reasons.append(f"{name}: {message}" if name else message)
        else:
            reasons.append(message)
    return enqueue(
        sql, kind="request_not_accepted", subject=f"event:{event_id}", recipient=order["email"],
        name=html.unescape(order["firstname"] or ""), store_id=int(order["store_id"] or 0),
        customer_id=int(order["customer_id"] or 0), language_id=int(data.get("language_id") or order["language_id"] or 0),
        order_id=int(order["order_id"]),
        data={"first_name": html.unescape(order["firstname"] or ""), "order_id": int(order["order_id"]),
              "reasons": " ".join(dict.fromkeys(reasons))},
    )
