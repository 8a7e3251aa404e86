"""/livez and /readyz: unsigned probes for the operator and the admin page's connection test."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Flask, current_app

from .db import Database
from .errors import ReboundError
from .mail.health import jobs_health
from .migrate import LATEST, current_version
from .worker import HEARTBEAT_STALE_S, freshest_heartbeat_age

bp = Blueprint("health", __name__)
NON_FATAL = {"jobs"}


def init_app(app: Flask) -> None:
    main = app.extensions["rebound.db"]
    # Probes get their own short-fused connections: a stopped database must show within seconds.
    app.extensions["rebound.probe_db"] = Database(
        main.url, main.prefix, connect_timeout=2.0, read_timeout=2.0, attempts=1
    )
    app.register_blueprint(bp)


@bp.get("/livez")
def livez() -> dict[str, Any]:
    return {"status": "ok"}


def readiness(db: Database) -> tuple[bool, dict[str, Any]]:
    """Each check with its state and, when failing, why; shared by /readyz and `rebound doctor`."""
    checks: dict[str, Any] = {}
    try:
        db.query_one("SELECT 1 AS ok")
        checks["database"] = {"ok": True}
    except ReboundError as exc:
        checks["database"] = {"ok": False, "message": exc.message}
        return False, checks

    version = current_version(db)
    checks["schema"] = {
        "ok": version == LATEST,
        "version": version,
        "expected": LATEST,
        **({} if version == LATEST else {"message": "run `rebound migrate`"}),
    }
    age = freshest_heartbeat_age(db) if version is not None else None
    checks["worker"] = {
        "ok": age is not None and age <= HEARTBEAT_STALE_S,
        "heartbeat_age_s": None if age is None else round(age, 1),
        **({} if age is not None and age <= HEARTBEAT_STALE_S else {"message": "no worker heartbeat; start `rebound worker`"}),
    }
    ready = all(c["ok"] for c in checks.values())
    if version == LATEST:  # informative only: late or dead jobs never take the sidecar out of service
        try:
            checks["jobs"] = jobs_health(db)
        except ReboundError as exc:
            checks["jobs"] = {"ok": False, "message": exc.message}
    return ready, checks


@bp.get("/readyz")
def readyz() -> tuple[dict[str, Any], int]:
    ready, checks = readiness(current_app.extensions["rebound.probe_db"])
    body: dict[str, Any] = {"status": "ready" if ready else "unready", "checks": checks}
    if not ready:
        failing = ", ".join(f"{name}: {c.get('message', 'failing')}" for name, c in checks.items()
                            if not c["ok"] and name not in NON_FATAL)
        body["error"] = {"code": "not_ready", "message": failing, "fields": {}}
    return body, 200 if ready else 503
