"""Return cases: a shopper's request becomes one Rebound case and one OpenCart `return` row per line.

The policy is applied again here, server-side, whatever the form said. Requests for the same order are
serialised by a row lock (rebound_order_lock), so two requests for the same line at once cannot both have
it: the second one sees the first's lines and is refused.
"""

from __future__ import annotations

import json
import secrets
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from ..db import Tx
from ..errors import NotFound
from ..mail import notify
from ..policy import RequestDecision, RequestedLine, decide_request
from ..store import Store
from . import opencart_writes as oc
from .load import PolicyCache, situation

# Unambiguous letters and digits for references a shopper may read out on the phone.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
STATUS_NAMES = {  # case status → OpenCart return status name (docs/returns-api.md)
    "requested": "Pending",
    "approved": "Awaiting Products",
    "rejected": "Rejected",
    "received": "Received",
    "refunded": "Complete",
    "credited": "Complete",
    "exchanged": "Complete",
}


def new_reference() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(8))


def submit(tx: Tx, store: Store, policies: PolicyCache, event_id: str, data: dict[str, Any],
           now: datetime) -> dict[str, Any]:
    """Apply a `return.submitted` event: the result the shopper sees ({"outcome": "accepted", "case"} or
    {"outcome": "refused", "errors"})."""
    tx.execute("INSERT INTO `{p}rebound_order_lock` (order_id) VALUES (%s) ON DUPLICATE KEY UPDATE order_id = order_id",
               (data["order_id"],))
    try:
        sit = situation(tx, store, policies, data["order_id"], now,
                        customer_id=data["customer_id"] or None, email=data["email"] or None)
    except NotFound:
        return {"outcome": "refused", "errors": {"order_id": "No such order for this customer."}}
    requested = [
        RequestedLine(line["order_product_id"], line["quantity"], line["reason_id"], line["resolution"],
                      len(line["photo_ids"]))
        for line in data["lines"]
    ]
    decision = decide_request(sit, requested)
    if not decision.accepted:
        return {"outcome": "refused", "errors": dict(decision.errors)}
    case = create_case(tx, store, event_id, sit.order, data, decision, now)
    return {"outcome": "accepted", "case": case}


def create_case(tx: Tx, store: Store, event_id: str, order: Any, data: dict[str, Any],
                decision: RequestDecision, now: datetime) -> dict[str, Any]:
    status = "approved" if decision.auto_approved else "requested"
    utc = now.astimezone(timezone.utc).replace(tzinfo=None)
    reference = new_reference()
    case_id = tx.insert(
        "INSERT INTO `{p}rebound_case` (reference, event_uuid, store_id, order_id, customer_id, email, language_id, "
        "status, comment, refund_amount, credit_amount, fee_amount, exchange_value, free_return_shipping, "
        "auto_approved, serial_returner, decision, created_at, updated_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
        (reference, event_id, order.store_id, order.order_id, order.customer_id, order.email,
         data.get("language_id") or order.language_id or 0, status, data.get("comment", ""), decision.refund,
         decision.credit, decision.restocking_fee, decision.exchange_value, decision.free_return_shipping,
         decision.auto_approved, decision.serial_returner.flagged, json.dumps(decision.dump()), utc, utc),
    )
    local = oc.local_now(store, order.store_id, now)
    pending = oc.return_status_id(store, STATUS_NAMES["requested"])
    lines_by_id = {line.order_product_id: line for line in order.lines}
    for asked, decided in zip(data["lines"], decision.lines, strict=True):
        line = lines_by_id[decided.order_product_id]
        return_id = oc.add_return(tx, {
            "order_id": order.order_id, "customer_id": order.customer_id,
            "firstname": oc.encode(order.firstname), "lastname": oc.encode(order.lastname),
            "email": oc.encode(order.email), "telephone": oc.encode(order.telephone),
            "product_id": line.product_id, "product": oc.encode(line.name), "model": oc.encode(line.model),
            "quantity": decided.quantity, "opened": int(bool(asked.get("opened"))),
            "return_reason_id": decided.reason_id, "return_action_id": 0, "return_status_id": pending,
            "comment": oc.encode(data.get("comment", "")),
            "date_ordered": order.date_added.date() if order.date_added else None,
            "date_added": local, "date_modified": local,
        })
        oc.add_return_history(tx, return_id, pending, f"Rebound case {reference}: {decided.resolution} requested.", local)
        tx.execute(
            "INSERT INTO `{p}rebound_case_line` (case_id, order_id, order_product_id, product_id, quantity, reason_id, "
            "resolution, exchange_option_value_id, opened, photo_count, photo_ids, unit_price, fee, refund, credit, "
            "return_id) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)",
            (case_id, order.order_id, decided.order_product_id, line.product_id, decided.quantity, decided.reason_id,
             decided.resolution, asked.get("exchange_option_value_id"), int(bool(asked.get("opened"))),
             len(asked["photo_ids"]), json.dumps(asked["photo_ids"]), decided.unit_price, decided.restocking_fee,
             decided.refund, decided.credit, return_id),
        )
    photo_ids = [p for line in data["lines"] for p in line["photo_ids"]]
    if photo_ids:  # the extension stored them before the case existed
        marks = ", ".join(["%s"] * len(photo_ids))
        tx.execute(f"UPDATE `{{p}}rebound_photo` SET owner_id = %s WHERE kind = 'return' AND owner_id = 0 "
                   f"AND photo_id IN ({marks})", (case_id, *photo_ids))
    add_history(tx, case_id, "requested", "submit", "shopper", data.get("comment", ""), utc)
    if status == "approved":
        add_history(tx, case_id, "approved", "approve", "policy", decision.approval.text, utc)
        set_opencart_status(tx, store, case_id, "approved", f"Rebound case {reference}: approved automatically.",
                            local)
    return {"case_id": case_id, "reference": reference, "status": status}


def add_history(tx: Tx, case_id: int, status: str, action: str, actor: str, comment: str, at: datetime,
                idempotency_key: str | None = None, *, notify_customer: bool = True) -> None:
    tx.execute(
        "INSERT INTO `{p}rebound_case_history` (case_id, status, action, actor, comment, idempotency_key, created_at) "
        "VALUES (%s, %s, %s, %s, %s, %s, %s)",
        (case_id, status, action, actor[:64], comment, idempotency_key, at),
    )
    if notify_customer:
        notify.case_status(tx, case_id, status, comment)  # the customer's email, committed with the change


def set_opencart_status(tx: Tx, store: Store, case_id: int, status: str, comment: str, local: datetime) -> None:
    """Every OpenCart return row of the case moves to the status's name, with a history row each."""
    status_id = oc.return_status_id(store, STATUS_NAMES[status])
    for row in tx.query("SELECT return_id FROM `{p}rebound_case_line` WHERE case_id = %s AND return_id IS NOT NULL",
                        (case_id,)):
        oc.add_return_history(tx, row["return_id"], status_id, comment, local)


def load_case(sql: Any, *, case_id: int | None = None, reference: str | None = None) -> dict[str, Any]:
    where, key = ("case_id = %s", case_id) if case_id is not None else ("reference = %s", reference)
    case = sql.query_one(f"SELECT * FROM `{{p}}rebound_case` WHERE {where}", (key,))
    if case is None:
        raise NotFound("No such return.")
    case["lines"] = sql.query("SELECT * FROM `{p}rebound_case_line` WHERE case_id = %s ORDER BY case_line_id",
                              (case["case_id"],))
    case["history"] = sql.query(
        "SELECT * FROM `{p}rebound_case_history` WHERE case_id = %s ORDER BY case_history_id", (case["case_id"],)
    )
    return case


def money(value: Decimal, rate: Decimal = Decimal(1)) -> str:
    return str((Decimal(value) * rate).quantize(Decimal("0.01")))
