"""Admin routes for email and jobs under the signed /v1 API (docs/email.md, "Admin API").

The extension's admin pages call these after their own permission check: the email log (what was sent,
skipped and why), a preview of each kind, the settings document with its defaults and its validation,
and the health of the worker's jobs.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, current_app, request
from marshmallow import Schema, fields, validate

from .. import web
from ..errors import BadRequest
from . import templates
from .context import MailContext
from .health import jobs_health
from .kinds import KINDS
from .outbox import Email, log, suppression_list, unsuppress
from .render import render
from .settings import DEFAULTS, validate_settings
from .tokens import canonical

bp = Blueprint("mail", __name__)

STATUSES = ("queued", "sending", "sent", "skipped", "failed", "dead")


class LogQuery(Schema):
    status = fields.String(load_default=None, validate=validate.OneOf(STATUSES))
    kind = fields.String(load_default=None, validate=validate.OneOf(sorted(KINDS)))
    recipient = fields.String(load_default=None, validate=validate.Length(1, 255))
    case_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1))
    order_id = fields.Integer(load_default=None, validate=validate.Range(1, 2**31 - 1))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(1, 200))


class PreviewQuery(Schema):
    kind = fields.String(required=True, validate=validate.OneOf(sorted(KINDS)))
    language = fields.String(load_default=None, validate=validate.Regexp(r"^[a-z]{2}(-[a-z]{2})?$"))
    store_id = fields.Integer(load_default=0, validate=validate.Range(0, 2**31 - 1))
    # A subject line as typed on the admin page, not yet saved: checked as the settings check it.
    subject = fields.String(load_default=None, validate=[
        validate.Length(1, 200), validate.Regexp(r"^[^\x00-\x1f\x7f]*$", error="One line, please.")])


class SuppressionQuery(Schema):
    email = fields.String(load_default=None, validate=validate.Length(1, 255))
    reason = fields.String(load_default=None, validate=validate.OneOf(("unsubscribe", "bounce")))
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(1, 200))


class Unsuppress(Schema):
    email = fields.String(required=True, validate=validate.Length(3, 255))


LOG_QUERY, PREVIEW_QUERY, SUPPRESSION_QUERY, UNSUPPRESS = LogQuery(), PreviewQuery(), SuppressionQuery(), Unsuppress()

SAMPLE_ITEMS = [{"name": "Linen shirt (M)", "quantity": 1}, {"name": "Canvas tote", "quantity": 2}]
# Only emails about a return list its items (their data is the case's snapshot, sidecar/mail/notify.py).
CASE_KINDS = frozenset(k for k in KINDS if k.startswith("return_")) | {"csat"}
SAMPLES: dict[str, dict[str, Any]] = {
    "review_request": {"products": [
        {"product_id": 40, "name": "Linen shirt", "photo": True, "url": "#"},
        {"product_id": 41, "name": "Canvas tote", "photo": False, "url": "#"}]},
    "sla_alert": {"count": 2, "lines": ["R7K2M9QX (order #1042): requested for 2 day(s) 3 hour(s)",
                                        "QC4GXDND (order #1017): received for 3 day(s) 1 hour(s)"]},
    "request_not_accepted": {"reasons": "Linen shirt (M): Choose one of: refund. Canvas tote: Returns for this order "
                                        "closed on 2026-11-20.", "form_url": "#"},
    "digest": {"date": "2026-11-26", "stuck_count": 1, "lines": ["R7K2M9QX (order #1042): requested for 3 day(s)"],
               "sent": 41, "skipped": 3, "failed": 0, "dead_email": 0, "dead_events": 0, "dead_jobs": 0},
}
SAMPLES["review_reminder"] = SAMPLES["review_request"]


def _ctx() -> MailContext:
    ext = current_app.extensions
    if "rebound.mail" not in ext:
        ext["rebound.mail"] = MailContext(ext["rebound"], ext["rebound.store"])
    return ext["rebound.mail"]


@bp.get("/admin/email/log")
def email_log() -> dict[str, Any]:
    query = web.load(LOG_QUERY, request.args.to_dict(), "Invalid query.")
    total, rows = log(web.db(), query, query["page"], query["per_page"])
    return {"total": total, "page": query["page"], "per_page": query["per_page"], "emails": rows}


@bp.get("/admin/email/preview")
def preview() -> dict[str, Any]:
    query = web.load(PREVIEW_QUERY, request.args.to_dict(), "Invalid query.")
    ctx = _ctx()
    language_id = ctx.store.language_id(query["language"]) if query["language"] else 0
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    sample = Email(0, query["kind"], "preview", "ann@example.com", "Ann", query["store_id"], 3, language_id, 1042,
                   12, KINDS[query["kind"]].transactional, {}, 1, 0, now, now)
    data = {"first_name": "Ann", "reference": "R7K2M9QX", "order_id": 1042,
            "items": SAMPLE_ITEMS if query["kind"] in CASE_KINDS else [],
            "refund": "42.00 USD", "credit": "46.20 USD", "resolution": "refund", "free_return_shipping": True,
            "comment": "The items were worn.", "tracking_url": "#", **SAMPLES.get(query["kind"], {})}
    message = render(ctx, sample, data, subject_line=query["subject"])
    text = message.get_body(("plain",))
    page = message.get_body(("html",))
    problem = None if KINDS[query["kind"]].transactional else ctx.links_ready(query["store_id"])
    return {"kind": query["kind"], "subject": str(message["Subject"]), "from": str(message["From"]),
            "headers": {k: str(v) for k, v in message.items() if k.startswith("List-")},
            "text": text.get_content() if text else "", "html": page.get_content() if page else "",
            "problem": problem}


@bp.get("/admin/email/settings")
def settings() -> dict[str, Any]:
    store_id = request.args.get("store_id", default=0, type=int)
    ctx = _ctx()
    # The page shows what the owner just saved: not the store's settings as cached up to SETTINGS_TTL_S ago.
    ctx.settings.forget(store_id)
    document, error = ctx.settings.checked(store_id)
    raw = ctx.settings.raw(store_id)
    return {"document": document, "defaults": DEFAULTS,
            "source": "store" if raw not in (None, "", [], {}) else "default",
            "error": error, "smtp": _smtp(ctx, store_id), **_kinds(request.args.get("languages", ""))}


@bp.post("/admin/email/settings/validate")
def validate_document() -> dict[str, Any]:
    body = request.get_json(silent=True)
    if not isinstance(body, dict) or not isinstance(body.get("document"), dict):
        raise BadRequest("The body must be {\"document\": {…}}.")
    return {"document": validate_settings(body["document"])}


@bp.get("/admin/email/suppressions")
def suppressions() -> dict[str, Any]:
    query = web.load(SUPPRESSION_QUERY, request.args.to_dict(), "Invalid query.")
    total, rows = suppression_list(web.db(), query, query["page"], query["per_page"])
    return {"total": total, "page": query["page"], "per_page": query["per_page"], "suppressions": rows}


@bp.post("/admin/email/suppressions/remove")
def remove_suppression() -> dict[str, Any]:
    body = request.get_json(silent=True)
    email = web.load(UNSUPPRESS, body if isinstance(body, dict) else {}, "The body must be {\"email\": \"…\"}.")["email"]
    return {"email": canonical(email), "removed": unsuppress(web.db(), email)}


@bp.get("/admin/jobs")
def jobs() -> dict[str, Any]:
    return jobs_health(web.db())


def _kinds(languages: str) -> dict[str, Any]:
    """Each kind's treatment, and its subject line before any override in each language its emails are
    written in: `languages` (comma-separated store language codes) maps each code to the one used (English
    where Rebound ships no texts for it), and `subjects` is keyed by that code, as `subjects` overrides are."""
    codes = [c for c in dict.fromkeys(c.strip().lower() for c in languages.split(",")) if c][:20] or ["en-gb"]
    used = {code: templates.language_of(code) for code in codes}
    return {"kinds": {name: {"transactional": k.transactional, "audience": k.audience} for name, k in KINDS.items()},
            "languages": used,
            "subjects": {code: {name: templates.message(code, name)["subject"] for name in KINDS}
                         for code in dict.fromkeys(used.values())}}


def _smtp(ctx: MailContext, store_id: int) -> dict[str, Any]:
    server = ctx.smtp(store_id)
    return {"source": server.source, "server": str(server.url) if server.url else None, "problem": server.problem}
