"""What every blueprint reads from the running app: the database, the store adapter, and a request's query
or body loaded through a marshmallow schema, a refusal being a BadRequest with the field messages."""
from __future__ import annotations

from typing import Any

from flask import current_app, request
from marshmallow import Schema, ValidationError

from .db import Database
from .errors import BadRequest
from .store import Store


def db() -> Database:
    return current_app.extensions["rebound.db"]


def store() -> Store:
    return current_app.extensions["rebound.store"]


def body() -> dict[str, Any]:
    """The request's JSON body; BadRequest when it is not a JSON object."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.")
    return data


def load(schema: Schema, data: Any, message: str) -> dict[str, Any]:
    """`data` (request.args.to_dict() or the JSON body) through `schema`; BadRequest(message) when it fails."""
    if not isinstance(data, dict):
        raise BadRequest("The body must be a JSON object.")
    try:
        return schema.load(data)
    except ValidationError as exc:
        raise BadRequest(message, fields=exc.messages if isinstance(exc.messages, dict) else {}) from None
