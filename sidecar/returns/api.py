"""Returns routes under the signed /v1 API (docs/returns-api.md)."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, request
from marshmallow import Schema, fields, validate

from .. import web
from ..errors import BadRequest, NotFound
from ..policy import decide
from ..policy import validate as validate_policy
from . import views
from .actions import TRANSITIONS, act, allowed_actions, recheck, suggested_credit
from .cases import load_case
from .load import check_access, order_list_situations, order_with_options, policies_for, situation
from . import simulate_jobs
from .simulate import API_MAX_ORDERS, simulate

bp = Blueprint("returns", __name__)


class ActionBody(Schema):
    action = fields.String(required=True, validate=validate.OneOf(list(TRANSITIONS)))
    idempotency_key = fields.String(required=True, validate=validate.Length(1, 64))
    comment = fields.String(load_default="", validate=validate.Length(max=5000))
    reason = fields.String(load_default="", validate=validate.Length(max=500))
    condition = fields.String(load_default="", validate=validate.OneOf(["", "as_new", "opened", "damaged"]))
    amount = fields.Decimal(load_default=None, allow_none=True, places=2)
    bonus_percent = fields.Decimal(load_default=None, allow_none=True, validate=validate.Range(0, 100))
    override = fields.Boolean(load_default=False)
    user = fields.String(load_default="", validate=validate.Length(max=64))


ACTION_BODY = ActionBody()


def _now() -> datetime:
    return datetime.now(timezone.utc)


def _asker() -> dict[str, Any]:
    customer_id = request.args.get("customer_id", type=int)
    return {"customer_id": customer_id or None, "email": request.args.get("email") or None}


@bp.get("/orders/<int:order_id>/eligibility")
def eligibility(order_id: int) -> dict[str, Any]:
    store = web.store()
    # The shopper's view: the return history decides auto-approval and the serial-returner flag (the owner's
    # concern, applied again on submission), never what can be returned, so it is not read here.
    sit = situation(web.db(), store, policies_for(store), order_id, _now(), **_asker(), history=False)
    return views.eligibility(store, sit, decide(sit))


MAX_LIST_ORDERS = 25


@bp.get("/orders/eligibility")
def eligibility_list() -> dict[str, Any]:
    """The shopper's order list: several orders of one logged-in customer in one call (docs/returns-api.md).
    An order that isn't there or isn't theirs comes back as {"order_id", "found": false}."""
    customer_id = request.args.get("customer_id", type=int)
    raw = [x.strip() for x in request.args.get("order_ids", "").split(",") if x.strip()]
    if not customer_id or customer_id < 1:
        raise BadRequest("Ask as a logged-in customer.", fields={"customer_id": "A customer id is required."})
    if not raw or len(raw) > MAX_LIST_ORDERS or not all(x.isdigit() for x in raw):
        raise BadRequest("Name the orders.", fields={
            "order_ids": f"From 1 to {MAX_LIST_ORDERS} order ids, separated by commas."})
    store, now = web.store(), _now()
    asked = list(dict.fromkeys(int(x) for x in raw))
    found = order_list_situations(web.db(), store, policies_for(store), asked, now, customer_id)
    orders = [{**views.order_summary(found[i], decide(found[i])), "found": True} if i in found
              else {"order_id": i, "found": False} for i in asked]
    return {"orders": orders}


@bp.get("/returns/<reference>")
def tracking(reference: str) -> dict[str, Any]:
    store = web.store()
    case = load_case(web.db(), reference=reference.upper())
    order = order_with_options(web.db(), store, case["order_id"])
    if order is None:
        raise NotFound("No such return.")
    check_access(order, **_asker())
    return views.tracking(store, case, order)


@bp.get("/admin/returns")
def admin_list() -> dict[str, Any]:
    args = request.args
    page, per_page = max(args.get("page", 1, type=int), 1), min(max(args.get("per_page", 25, type=int), 1), 100)
    where, params = ["1 = 1"], []
    if args.get("status"):
        where.append("c.status = %s")
        params.append(args["status"])
    if args.get("store_id", type=int) is not None:
        where.append("c.store_id = %s")
        params.append(args.get("store_id", type=int))
    if args.get("reason_id", type=int):
        where.append("EXISTS (SELECT 1 FROM `{p}rebound_case_line` l WHERE l.case_id = c.case_id AND l.reason_id = %s)")
        params.append(args.get("reason_id", type=int))
    if args.get("min_age_days", type=int):
        where.append("c.created_at <= UTC_TIMESTAMP(6) - INTERVAL %s DAY")
        params.append(args.get("min_age_days", type=int))
    if args.get("min_value", type=float):
        where.append("c.refund_amount + c.credit_amount + c.exchange_value >= %s")
        params.append(args.get("min_value", type=float))
    sql = " AND ".join(where)
    db = web.db()
    total = db.query_one(f"SELECT COUNT(*) AS n FROM `{{p}}rebound_case` c WHERE {sql}", params)["n"]
    rows = db.query(
        "SELECT c.*, o.firstname, o.lastname, "
        "(SELECT SUM(l.quantity) FROM `{p}rebound_case_line` l WHERE l.case_id = c.case_id) AS items, "
        "(SELECT GROUP_CONCAT(DISTINCT l.reason_id) FROM `{p}rebound_case_line` l WHERE l.case_id = c.case_id) "
        "AS reason_ids FROM `{p}rebound_case` c LEFT JOIN `{p}order` o ON o.order_id = c.order_id "
        f"WHERE {sql} ORDER BY c.case_id DESC LIMIT %s OFFSET %s",
        [*params, per_page, (page - 1) * per_page],
    )
    now = _now()
    return {"total": total, "page": page, "per_page": per_page,
            "cases": [views.case_summary(row, now) for row in rows]}


@bp.get("/admin/returns/<int:case_id>")
def admin_case(case_id: int) -> dict[str, Any]:
    store, db = web.store(), web.db()
    case = load_case(db, case_id=case_id)
    policies = policies_for(store)
    decision = recheck(db, store, policies, case)
    bonus = policies.get(case["store_id"]).resolutions.store_credit_bonus_percent
    return {**_admin_view(case, decision.dump()), "suggested_credit": f"{suggested_credit(decision, bonus):.2f}"}


@bp.post("/admin/returns/<int:case_id>/actions")
def admin_action(case_id: int) -> dict[str, Any]:
    body = web.load(ACTION_BODY, web.body(), "The action is invalid.")
    store = web.store()
    with web.db().transaction() as tx:
        case = act(tx, store, policies_for(store), case_id, body, _now())
    return _admin_view(case, None)


def _admin_view(case: dict[str, Any], policy_check: dict[str, Any] | None) -> dict[str, Any]:
    lines = [{**line, "photo_ids": json.loads(line["photo_ids"] or "[]")} for line in case["lines"]]
    out = {k: v for k, v in case.items() if k not in ("lines", "history", "decision")}
    return {**out, "lines": lines, "history": case["history"], "policy_check": policy_check,
            "allowed_actions": allowed_actions(case["status"], guest=not case["customer_id"])}


@bp.get("/admin/policy")
def admin_policy() -> dict[str, Any]:
    store = web.store()
    raw, origin = policies_for(store).source(request.args.get("store_id", 0, type=int))
    document = validate_policy(raw).dump()
    return {"document": document, "source": origin}


@bp.post("/admin/policy/validate")
def admin_policy_validate() -> dict[str, Any]:
    body = web.body()
    if "document" not in body:
        raise BadRequest("Send the policy as {\"document\": {…}}.", fields={"document": "Missing."})
    return {"document": validate_policy(body["document"]).dump()}


class SimulateBody(Schema):
    document = fields.Raw(required=True)
    since_days = fields.Integer(load_default=90, strict=True, validate=validate.Range(1, 3650))
    store_id = fields.Integer(load_default=0, strict=True, validate=validate.Range(0, 2**31 - 1))


SIMULATE_BODY = SimulateBody()


@bp.post("/admin/policy/simulate")
def admin_policy_simulate() -> dict[str, Any]:
    """The proposed policy against the current one on recent orders (sidecar/returns/simulate.py), at most
    API_MAX_ORDERS orders, the newest; `orders.capped` says when the period held more."""
    body = web.load(SIMULATE_BODY, web.body(), "The simulation request is invalid.")
    proposed = validate_policy(body["document"])
    return simulate(web.db(), web.store(), proposed, since_days=body["since_days"], store_id=body["store_id"],
                    now=_now(), max_orders=API_MAX_ORDERS).dump()


@bp.post("/admin/policy/simulations")
def admin_simulation_start() -> tuple[dict[str, Any], int]:
    """A simulation of any size, run in steps by the page that shows its progress (returns/simulate_jobs.py)."""
    body = web.load(SIMULATE_BODY, web.body(), "The simulation request is invalid.")
    proposed = validate_policy(body["document"])
    return simulate_jobs.start(web.db(), web.store(), proposed, since_days=body["since_days"], store_id=body["store_id"],
                               now=_now()), 201


@bp.post("/admin/policy/simulations/<int:simulation_id>/step")
def admin_simulation_step(simulation_id: int) -> dict[str, Any]:
    return simulate_jobs.step(web.db(), web.store(), simulation_id)


@bp.get("/admin/policy/simulations/<int:simulation_id>")
def admin_simulation(simulation_id: int) -> dict[str, Any]:
    return simulate_jobs.get(web.db(), simulation_id)


@bp.post("/admin/policy/simulations/<int:simulation_id>/cancel")
def admin_simulation_cancel(simulation_id: int) -> dict[str, Any]:
    return simulate_jobs.cancel(web.db(), simulation_id)
