"""What the extension's pages receive (docs/returns-api.md): decisions and cases shaped as JSON."""

from __future__ import annotations

from datetime import datetime, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from ..policy import LineDecision, OrderDecision, Situation
from ..store import Store
from .cases import money
from .load import line_options

STATUS_TEXT = {
    "requested": "Requested — the store will review it",
    "approved": "Approved — send the items back",
    "rejected": "Not accepted",
    "received": "Items received",
    "refunded": "Refunded",
    "credited": "Store credit issued",
    "exchanged": "Replacement on its way",
}
NEXT_STEP = {
    "requested": "The store reviews your request, usually within two working days, and emails you the answer.",
    "approved": "Pack the items with the reference written on the parcel and send them to the store.",
    "rejected": "The store has explained why below. Reply to its email if you have questions.",
    "received": "The store is checking the items; your refund, credit or replacement follows.",
    "refunded": "The refund is on its way to your original payment method.",
    "credited": "Your store credit is in your account, ready for your next order.",
    "exchanged": "Your replacement has been sent.",
}


def _iso(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _blocks(blocks: Any) -> list[dict[str, str]]:
    return [b.dump() for b in blocks]


def _offers(store: Store, line: LineDecision, rate: Decimal) -> list[dict[str, Any]]:
    """The resolutions a line offers; the fee is per unit and waived for reasons marked merchant_fault."""
    offers = []
    for offer in line.offers:
        item: dict[str, Any] = {"resolution": offer.resolution,
                                "restocking_fee": money(offer.restocking_fee, rate)}
        if offer.resolution == "store_credit":
            item["bonus_percent"] = str(offer.bonus_percent)
        if offer.resolution == "exchange" and offer.exchange_product_id:
            item["options"] = [
                {"product_option_value_id": v["product_option_value_id"], "name": v["option"], "value": v["name"]}
                for v in store.option_values(offer.exchange_product_id) if v["quantity"] > 0
            ]
        offers.append(item)
    return offers


def _requests(sit: Situation, order_product_id: int) -> list[dict[str, Any]]:
    """The line's open cases, oldest first: what the order pages show next to it."""
    return [{"reference": r["reference"], "status": r["status"],
             "status_text": STATUS_TEXT.get(r["status"], r["status"]), "quantity": r["quantity"]}
            for r in sit.requests.get(order_product_id, ())]


def eligibility(store: Store, sit: Situation, decision: OrderDecision) -> dict[str, Any]:
    order, rate = sit.order, sit.order.currency_value or Decimal(1)
    reason_names = store.names("return_reason", order.language_id)
    policy_reasons = sit.policy.reasons_by_id
    reasons = [
        {"reason_id": rid, "name": name,
         "photos_required": bool(policy_reasons.get(rid) and policy_reasons[rid].photos_required),
         "merchant_fault": bool(policy_reasons.get(rid) and policy_reasons[rid].merchant_fault)}
        for rid, name in sorted(reason_names.items()) if not policy_reasons or rid in policy_reasons
    ]
    lines_by_id = {line.order_product_id: line for line in order.lines}
    lines = []
    for d in decision.lines:
        line = lines_by_id[d.order_product_id]
        reason_ids = [r["reason_id"] for r in reasons] if d.any_reason else [r.reason_id for r in d.reasons]
        lines.append({
            "order_product_id": d.order_product_id, "product_id": d.product_id, "name": line.name,
            "model": line.model, "options": line_options(line), "bought": d.bought,
            "already_returned": d.already_returned, "returnable": d.returnable_quantity, "eligible": d.eligible,
            "deadline": _iso(d.deadline), "blocks": _blocks(d.blocks), "notes": _blocks(d.notes),
            "reason_ids": reason_ids, "photos_required_for": [r for r in reason_ids if d.photos_required(r)],
            "offers": _offers(store, d, rate) if d.eligible else [],
            "restocking_fee": money(d.restocking_fee, rate), "free_return_shipping": d.free_return_shipping,
            "unit_price": money(d.unit_price, rate), "requests": _requests(sit, d.order_product_id),
        })
    return {
        "order_id": order.order_id, "store_id": order.store_id, "currency_code": order.currency_code,
        "currency_value": str(order.currency_value),
        "window": {"start": _iso(decision.window_start), "basis": decision.window_basis,
                   "days": decision.window_days, "deadline": _iso(decision.deadline)},
        "blocked": decision.blocks[0].dump() if decision.blocks else None,
        "policy_text": decision.policy_text,
        "reasons": reasons,
        "lines": lines,
    }


def order_summary(sit: Situation, decision: OrderDecision) -> dict[str, Any]:
    """One order of the shopper's order list: per line whether it can be returned, until when, or why not."""
    names = {line.order_product_id: line.name for line in sit.order.lines}
    return {
        "order_id": sit.order.order_id,
        "deadline": _iso(decision.deadline),
        "blocked": decision.blocks[0].dump() if decision.blocks else None,
        "lines": [
            {"order_product_id": d.order_product_id, "name": names.get(d.order_product_id, ""), "bought": d.bought,
             "returnable": d.returnable_quantity, "eligible": d.eligible, "deadline": _iso(d.deadline),
             "blocks": _blocks(d.blocks), "free_return_shipping": d.free_return_shipping,
             "requests": _requests(sit, d.order_product_id)}
            for d in decision.lines
        ],
    }


def _local(value: datetime | None, tz: ZoneInfo) -> str | None:
    return value.replace(tzinfo=timezone.utc).astimezone(tz).isoformat() if value else None


def tracking(store: Store, case: dict[str, Any], order: Any) -> dict[str, Any]:
    """The shopper's tracking page; amounts in the order's currency."""
    tz = store.timezone(case["store_id"])
    rate = order.currency_value if order else Decimal(1)
    lines_by_id = {line.order_product_id: line for line in order.lines} if order else {}
    reasons = store.names("return_reason", case["language_id"] or None)
    lines = []
    for row in case["lines"]:
        line = lines_by_id.get(row["order_product_id"])
        lines.append({
            "name": line.name if line else "", "model": line.model if line else "",
            "options": line_options(line) if line else [], "quantity": row["quantity"],
            "reason": reasons.get(row["reason_id"], ""), "resolution": row["resolution"],
        })
    status = case["status"]
    free = bool(case["free_return_shipping"])
    return {
        "reference": case["reference"], "order_id": case["order_id"], "status": status,
        "status_text": STATUS_TEXT.get(status, status), "created_at": _local(case["created_at"], tz),
        "resolution": sorted({row["resolution"] for row in case["lines"]}),
        "currency_code": order.currency_code if order else "",
        "refund": money(case["refund_amount"], rate), "credit": money(case["credit_amount"], rate),
        "fee": money(case["fee_amount"], rate), "free_return_shipping": free,
        "next_step": NEXT_STEP.get(status, ""),
        "instructions": (
            "Return shipping is free: the store sends you a label or pays on delivery." if free
            else "Please send the items at your own cost, with a tracked service."
        ) if status == "approved" else "",
        "timeline": [
            {"status": h["status"], "text": STATUS_TEXT.get(h["status"], h["status"]),
             "at": _local(h["created_at"], tz), "comment": _shown_comment(h)}
            for h in case["history"] if h["action"] != "opencart"  # core admin notes are the owner's
        ],
        "lines": lines,
        "related_products": related_products(store, [row["product_id"] for row in case["lines"]]),
    }


def _shown_comment(history: dict[str, Any]) -> str:
    """What a shopper may read: their own words and the store's reason for a rejection, never the
    policy's or the owner's internal notes."""
    if history["actor"] == "shopper" or history["action"] == "reject":
        return history["comment"] or ""
    return ""


def related_products(store: Store, product_ids: list[int], limit: int = 4) -> list[dict[str, Any]]:
    """Other products from the same categories: a gentle cross-sell on the tracking page."""
    if not product_ids:
        return []
    marks = ", ".join(["%s"] * len(product_ids))
    rows = store.db.query(
        "SELECT DISTINCT p.product_id FROM `{p}product_to_category` a "
        "JOIN `{p}product_to_category` b ON b.category_id = a.category_id "
        "JOIN `{p}product` p ON p.product_id = b.product_id AND p.status = 1 "
        f"WHERE a.product_id IN ({marks}) AND b.product_id NOT IN ({marks}) ORDER BY p.product_id LIMIT %s",
        (*product_ids, *product_ids, limit),
    )
    products = store.products([r["product_id"] for r in rows])
    return [{"product_id": p.product_id, "name": p.name} for p in products.values()]


def case_summary(case: dict[str, Any], now: datetime) -> dict[str, Any]:
    """One row of the owner's list; the value is what the case gives back now (refund, credit, goods)."""
    created = case["created_at"].replace(tzinfo=timezone.utc)
    value = Decimal(case["refund_amount"]) + Decimal(case["credit_amount"]) + Decimal(case["exchange_value"])
    return {
        "case_id": case["case_id"], "reference": case["reference"], "order_id": case["order_id"],
        "customer": " ".join(n for n in (case.get("firstname"), case.get("lastname")) if n).strip(),
        "email": case["email"], "customer_id": case["customer_id"], "status": case["status"],
        "created_at": created.isoformat(), "age_days": (now - created).days, "base_value": money(value),
        "items": int(case.get("items") or 0),
        "reasons": [int(r) for r in (case.get("reason_ids") or "").split(",") if r],
        "auto_approved": bool(case["auto_approved"]), "serial_returner": bool(case["serial_returner"]),
    }
