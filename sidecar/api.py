"""The signed internal API under /v1: every request must carry a valid Rebound signature."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Flask, current_app, request

from . import __version__, intake, signing, web
from .analytics.api import bp as analytics_bp
from .errors import ReboundError
from .health import readiness
from .mail.api import bp as mail_bp
from .returns.api import bp as returns_bp
from .reviews.api import bp as reviews_bp

bp = Blueprint("v1", __name__, url_prefix="/v1")
bp.register_blueprint(returns_bp)  # its routes are signed like every /v1 route
bp.register_blueprint(mail_bp)  # email log, previews, settings, job health
bp.register_blueprint(analytics_bp)  # the owner's analytics (docs/analytics-api.md)
bp.register_blueprint(reviews_bp)  # review moderation: photos, status, replies


def init_app(app: Flask) -> None:
    app.register_blueprint(bp)


def path_as_sent() -> str:
    """The request target exactly as the client signed it: path plus query, no '?' when there is none."""
    raw = request.environ.get("RAW_URI") or request.environ.get("REQUEST_URI")
    if raw:
        return raw
    query = request.query_string.decode("latin-1")
    return request.path + (f"?{query}" if query else "")


@bp.before_request
def verify_signature() -> None:
    secrets = current_app.extensions["rebound"].secrets
    if not secrets:
        raise ReboundError("REBOUND_SECRET is not set on the sidecar; requests cannot be verified.")
    signing.verify(secrets, request.headers, request.method, path_as_sent(), request.get_data(cache=True))


@bp.post("/events")
def post_event() -> tuple[dict[str, Any], int]:
    event = intake.parse(request.get_data(cache=True))
    outcome = intake.receive(web.db(), web.store(), event)
    body: dict[str, Any] = {"status": outcome, "id": event.id}
    if event.type in intake.ANSWERING:
        body["result"] = intake.result_of(web.db(), event.id)
    return body, 202 if outcome == "ignored" else 200


@bp.get("/health")
def health() -> dict[str, Any]:
    """What the admin page's Test connection shows."""
    _, checks = readiness(current_app.extensions["rebound.probe_db"])
    outbox = {
        r["status"]: int(r["n"])
        for r in web.db().query(
            "SELECT status, COUNT(*) AS n FROM `{p}rebound_event` WHERE status IN ('pending', 'dead') GROUP BY status"
        )
    } if checks.get("schema", {}).get("version") else {}
    return {
        "sidecar_version": __version__,
        "server_time": int(time.time()),
        "database": checks["database"],
        "schema": checks.get("schema"),
        "worker": checks.get("worker"),
        "outbox": {"pending": outbox.get("pending", 0), "dead": outbox.get("dead", 0)},
    }
