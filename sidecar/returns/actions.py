"""The owner's actions on a case: approve, reject, receive, refund, store credit, exchange.

Each one locks the case, is idempotent by its key (the same key again answers the same, with no second
effect), checks the transition, re-applies the policy to the case's lines as they were asked for, and
writes OpenCart's rows as OpenCart would: a return_history row per return, the action by name, and for
store credit a customer_transaction row.
"""

from __future__ import annotations

import dataclasses
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any

from ..db import Tx
from ..errors import BadRequest, ReboundError
from ..policy import RequestedLine, decide_request
from ..store import Store
from . import opencart_writes as oc
from .cases import add_history, load_case, set_opencart_status
from .load import PolicyCache, situation

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "approve": (frozenset({"requested"}), "approved"),
    "reject": (frozenset({"requested", "approved", "received"}), "rejected"),
    "receive": (frozenset({"approved"}), "received"),
    "refund": (frozenset({"approved", "received"}), "refunded"),
    "credit": (frozenset({"approved", "received"}), "credited"),
    "exchange": (frozenset({"approved", "received"}), "exchanged"),
}
OPENCART_ACTION = {"refund": "Refunded", "credit": "Credit Issued", "exchange": "Replacement Sent"}


class InvalidTransition(ReboundError):
    """This action is not possible in the case's current state."""

    status = 409
    code = "invalid_transition"


class PolicyViolation(ReboundError):
    """The store's return policy does not allow this any more; pass override to do it anyway."""

    status = 409
    code = "policy_violation"


def allowed_actions(status: str, *, guest: bool = False) -> list[str]:
    """The actions a case in `status` can take; store credit needs a customer account, so not a guest's."""
    return [name for name, (sources, _) in TRANSITIONS.items()
            if status in sources and not (guest and name == "credit")]


def suggested_credit(decision: Any, bonus_percent: Decimal) -> Decimal:
    """The store credit the owner's form starts from: the policy's credit when the shopper asked for credit,
    else what a refund would pay (value less the restocking fee) with the policy's credit bonus."""
    if decision.credit > 0:
        return decision.credit
    base = decision.gross - decision.restocking_fee
    return (base * (100 + bonus_percent) / 100).quantize(Decimal("0.01"))


def recheck(tx: Tx, store: Store, policies: PolicyCache, case: dict[str, Any]) -> Any:
    """The policy's decision on the case's lines, judged at the time they were asked for and without
    counting the case's own lines as already returned."""
    asked_at = case["created_at"].replace(tzinfo=timezone.utc)
    sit = situation(tx, store, policies, case["order_id"], asked_at, check=False)
    own: dict[int, int] = {}
    for line in case["lines"]:
        own[line["order_product_id"]] = own.get(line["order_product_id"], 0) + line["quantity"]
    returned = {k: v - own.get(k, 0) for k, v in sit.returned.items()}
    sit = dataclasses.replace(sit, returned={k: v for k, v in returned.items() if v > 0})
    return decide_request(sit, [
        RequestedLine(line["order_product_id"], line["quantity"], line["reason_id"], line["resolution"],
                      line["photo_count"])
        for line in case["lines"]
    ])


def act(tx: Tx, store: Store, policies: PolicyCache, case_id: int, body: dict[str, Any],
        now: datetime) -> dict[str, Any]:
    """Apply one admin action to a case; returns the case as it is afterwards."""
    if not tx.query_one("SELECT case_id FROM `{p}rebound_case` WHERE case_id = %s FOR UPDATE", (case_id,)):
        return load_case(tx, case_id=case_id)  # raises NotFound
    key = body["idempotency_key"]
    if tx.query_one("SELECT 1 AS done FROM `{p}rebound_case_history` WHERE case_id = %s AND idempotency_key = %s",
                    (case_id, key)):
        return load_case(tx, case_id=case_id)
    case = load_case(tx, case_id=case_id)
    action = body["action"]
    sources, target = TRANSITIONS[action]
    if case["status"] not in sources:
        raise InvalidTransition(f"A {case['status']} return cannot be given the action {action}.",
                                fields={"allowed": allowed_actions(case["status"], guest=not case["customer_id"])})
    decision = recheck(tx, store, policies, case) if action != "reject" else None
    if decision is not None and not decision.accepted and not body["override"]:
        raise PolicyViolation(fields=dict(decision.errors))

    utc = now.astimezone(timezone.utc).replace(tzinfo=None)
    local = oc.local_now(store, case["store_id"], now)
    comment = body["comment"] or (f"Rejected: {body['reason']}" if action == "reject" else "")
    updates: dict[str, Any] = {"status": target}
    if action == "refund":
        updates["refund_amount"] = _amount(body, decision.refund if decision else Decimal(0), decision)
    elif action == "credit":
        bonus = policies.get(case["store_id"]).resolutions.store_credit_bonus_percent
        updates["credit_amount"], updates["credit_transaction_id"] = _credit(tx, case, body, decision, bonus, local)
    elif action == "receive" and body["condition"]:
        comment = f"Received ({body['condition'].replace('_', ' ')}). {comment}".strip()
    elif action == "exchange" and not comment:
        comment = "Replacement created in OpenCart (Sales > Orders > Add) and sent."

    sets = ", ".join(f"`{k}` = %s" for k in updates)
    tx.execute(f"UPDATE `{{p}}rebound_case` SET {sets}, updated_at = %s WHERE case_id = %s",
               (*updates.values(), utc, case_id))
    add_history(tx, case_id, target, action, body["user"] or "admin", comment, utc, key)
    set_opencart_status(tx, store, case_id, target, f"Rebound case {case['reference']}: {comment or target}", local)
    if action in OPENCART_ACTION:
        for line in case["lines"]:
            if line["return_id"]:
                oc.set_return_action(tx, store, line["return_id"], OPENCART_ACTION[action], local)
    return load_case(tx, case_id=case_id)


def _amount(body: dict[str, Any], computed: Decimal, decision: Any) -> Decimal:
    amount = body["amount"] if body["amount"] is not None else computed
    ceiling = decision.gross if decision else computed
    if amount <= 0:
        raise BadRequest("Enter an amount above 0 (or reject the return).", fields={"amount": "Enter an amount above 0."})
    if amount > ceiling:
        raise BadRequest("The amount must be between 0 and what was paid for these items.",
                         fields={"amount": f"At most {ceiling}."})
    return amount


def _credit(tx: Tx, case: dict[str, Any], body: dict[str, Any], decision: Any, policy_bonus: Decimal,
            local: datetime) -> tuple[Decimal, int]:
    if not case["customer_id"]:
        raise InvalidTransition("Store credit needs a customer account; this order was a guest's.")
    base = decision.gross - decision.restocking_fee if decision else Decimal(0)
    bonus = body["bonus_percent"]
    if bonus is not None:
        computed = (base * (100 + bonus) / 100).quantize(Decimal("0.01"))
    else:
        computed = suggested_credit(decision, policy_bonus) if decision else Decimal(0)
    amount = body["amount"] if body["amount"] is not None else computed
    if amount <= 0:
        raise BadRequest("Enter a credit above 0 (or reject the return).", fields={"amount": "Enter an amount above 0."})
    if amount > base * 2:
        raise BadRequest("The credit must be between 0 and twice the value returned.", fields={"amount": "Out of range."})
    transaction_id = oc.add_store_credit(
        tx, case["customer_id"], f"Store credit for return {case['reference']} (order #{case['order_id']})", amount,
        local,
    )
    return amount, transaction_id
