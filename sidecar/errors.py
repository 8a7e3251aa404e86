"""Rebound's one error tree and the one JSON error envelope every HTTP answer uses.

{"error": {"code": "...", "message": "...", "fields": {...}}}
"""

from __future__ import annotations

from typing import Any


class ReboundError(Exception):
    """Something went wrong in Rebound."""

    status = 500
    code = "internal_error"

    def __init__(self, message: str | None = None, *, fields: dict[str, Any] | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())
        self.fields = fields or {}

    @property
    def message(self) -> str:
        return str(self.args[0])


class ConfigError(ReboundError):
    """The sidecar's configuration is missing or malformed."""


class DatabaseUnavailable(ReboundError):
    """The store's database cannot be reached right now; try again shortly."""

    status = 503
    code = "database_unavailable"


class SchemaBehind(ReboundError):
    """Rebound's tables are older than this sidecar; run `rebound migrate`."""

    status = 503
    code = "schema_behind"


class BadRequest(ReboundError):
    """The request is malformed."""

    status = 400
    code = "bad_request"


class NotFound(ReboundError):
    """No such resource."""

    status = 404
    code = "not_found"


def envelope(code: str, message: str, fields: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "fields": fields or {}}}


def init_app(app: Any) -> None:
    """Answer every error, ours or Flask's, with the JSON envelope."""
    from werkzeug.exceptions import HTTPException

    @app.errorhandler(ReboundError)
    def _rebound(exc: ReboundError):  # type: ignore[no-untyped-def]
        if exc.status >= 500:
            app.logger.error("request failed", extra={"error": exc.code, "detail": exc.message})
        return envelope(exc.code, exc.message, exc.fields), exc.status

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):  # type: ignore[no-untyped-def]
        code = (exc.name or "error").lower().replace(" ", "_")
        return envelope(code, exc.description or exc.name), exc.code

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):  # type: ignore[no-untyped-def]
        app.logger.exception("unhandled error")
        return envelope("internal_error", "Internal error; see the sidecar's log."), 500
