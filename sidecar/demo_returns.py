"""The demo's return life cycle, played through the sidecar's real API as the extension would call it:
a shopper asks to return an item, the policy approves it (or the owner does), the owner receives it and
issues store credit, which lands in OpenCart's ledger."""

from __future__ import annotations

import json
import time
import uuid
from datetime import datetime, timezone
from typing import Any

import requests

from . import signing
from .db import Database

DEMO_POLICY = {
    "version": 1,
    "window": {"days": 30, "groups": [{"customer_group_id": 3, "days": 60}]},
    "reasons": [
        {"reason_id": 1, "photos_required": True, "merchant_fault": True},
        {"reason_id": 2, "merchant_fault": True},
        {"reason_id": 4, "photos_required": True, "merchant_fault": True},
        {"reason_id": 5},
    ],
    "resolutions": {"refund": True, "exchange": True, "store_credit": True, "store_credit_bonus_percent": "10"},
    "restocking_fee": {"percent": "10", "applies_to": ["refund"]},
    "auto_approve": {"enabled": True, "max_value": "150.00", "min_completed_orders": 1},
    "text": "Return anything within 30 days of delivery (60 for VIP members). Store credit earns a 10% bonus.",
}


class Api:
    def __init__(self, base: str, secret: str) -> None:
        self.base, self.secret = base, secret

    def get(self, path: str) -> dict[str, Any]:
        answer = requests.get(self.base + path, headers=signing.headers(self.secret, "GET", path), timeout=10)
        answer.raise_for_status()
        return answer.json()

    def post(self, path: str, body: dict[str, Any]) -> dict[str, Any]:
        raw = json.dumps(body).encode()
        headers = {**signing.headers(self.secret, "POST", path, raw), "Content-Type": "application/json"}
        answer = requests.post(self.base + path, data=raw, headers=headers, timeout=10)
        answer.raise_for_status()
        return answer.json()


def install_policy(db: Database) -> None:
    """The demo store's policy, unless it already has one."""
    if not db.query_one("SELECT 1 AS x FROM `{p}setting` WHERE `key` = 'module_rebound_policy'"):
        db.execute("INSERT INTO `{p}setting` (store_id, code, `key`, `value`, serialized) "
                   "VALUES (0, 'module_rebound', 'module_rebound_policy', %s, 1)", (json.dumps(DEMO_POLICY),))


def _candidate(db: Database, api: Api, timeout: float = 60) -> tuple[dict[str, Any], dict[str, Any]] | None:
    """A recently delivered order of a registered customer with a returnable line, once the worker has
    mirrored the store's history (polled with a deadline)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        rows = db.query(
            "SELECT order_id, customer_id FROM `{p}rebound_order_state` WHERE customer_id > 0 "
            "AND delivered_at > UTC_TIMESTAMP() - INTERVAL 25 DAY ORDER BY delivered_at DESC LIMIT 30"
        )
        for row in rows:
            body = api.get(f"/v1/orders/{row['order_id']}/eligibility?customer_id={row['customer_id']}")
            line = next((x for x in body["lines"] if x["eligible"]), None)
            if line:
                return {**row, "eligibility": body}, line
        time.sleep(0.5)
    return None


def walk_through(db: Database, base: str, secret: str) -> list[str]:
    """Play one return from request to store credit; returns what happened, one line per step."""
    api = Api(base, secret)
    found = _candidate(db, api)
    if found is None:
        return ["No recently delivered order with a returnable line was found; generate a bigger store."]
    order, line = found
    event = {"id": str(uuid.uuid4()), "type": "return.submitted", "store_id": 0,
             "created_at": datetime.now(timezone.utc).isoformat(),
             "data": {"order_id": order["order_id"], "customer_id": order["customer_id"], "comment": "Too small.",
                      "lines": [{"order_product_id": line["order_product_id"], "quantity": 1, "reason_id": 5,
                                 "resolution": "store_credit"}]}}
    result = api.post("/v1/events", event)["result"]
    if result["outcome"] != "accepted":
        return [f"The demo request was refused: {result['errors']}"]
    case = result["case"]
    steps = [f"Shopper #{order['customer_id']} asked to return 1 × {line['name']} from order #{order['order_id']} "
             f"for store credit: case {case['reference']}, {case['status']}"
             + (" automatically by the policy." if case["status"] == "approved" else ".")]
    actions = (["approve"] if case["status"] == "requested" else []) + ["receive", "credit"]
    for action in actions:
        after = api.post(f"/v1/admin/returns/{case['case_id']}/actions",
                         {"action": action, "idempotency_key": str(uuid.uuid4()), "user": "demo owner",
                          "condition": "as_new" if action == "receive" else ""})
        steps.append(f"The owner chose {action}: the case is {after['status']}.")
    credit = db.query_one("SELECT customer_transaction_id, amount FROM `{p}customer_transaction` "
                          "WHERE customer_transaction_id = (SELECT credit_transaction_id FROM `{p}rebound_case` "
                          "WHERE case_id = %s)", (case["case_id"],))
    if credit:
        steps.append(f"Store credit {credit['amount']:.2f} is in OpenCart's ledger "
                     f"(customer_transaction #{credit['customer_transaction_id']}).")
    tracking = api.get(f"/v1/returns/{case['reference']}?customer_id={order['customer_id']}")
    steps.append("Tracking page timeline: " + " → ".join(t["status"] for t in tracking["timeline"]))
    return steps
