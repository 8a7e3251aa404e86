"""Review moderation routes under the signed /v1 API (docs/reviews-api.md).

Every action is idempotent: repeating it answers 200 with `changed: false`. Errors use the one envelope:
400 bad_request (with fields), 404 not_found / photo_not_found.
"""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from flask import Blueprint, request
from marshmallow import Schema, fields, validate

from .. import web
from ..errors import BadRequest, NotFound
from . import moderate, queries

bp = Blueprint("reviews", __name__)

MAX_ID = 2**31 - 1


def _id_field(**kwargs: Any) -> fields.Integer:
    return fields.Integer(validate=validate.Range(1, MAX_ID), **kwargs)


class ListQuery(Schema):
    photos = fields.String(load_default=None, validate=validate.OneOf(queries.PHOTO_FILTERS))
    status = fields.Integer(load_default=None, validate=validate.OneOf([0, 1]))
    rating = fields.Integer(load_default=None, validate=validate.Range(1, 5))
    product_id = _id_field(load_default=None)
    page = fields.Integer(load_default=1, validate=validate.Range(1, 100_000))
    per_page = fields.Integer(load_default=25, validate=validate.Range(1, 100))


class PhotoBody(Schema):
    status = fields.String(required=True, validate=validate.OneOf(moderate.PHOTO_STATUSES))


class PhotosBody(Schema):
    status = fields.String(required=True, validate=validate.OneOf(moderate.PHOTO_STATUSES))
    only = fields.String(load_default="pending", allow_none=True, validate=validate.OneOf(moderate.PHOTO_STATUSES))


class StatusBody(Schema):
    status = fields.Integer(strict=True, required=True, validate=validate.OneOf([0, 1]))


class ReplyBody(Schema):
    # OpenCart's own review text is 25-1000 characters; a reply may be short ("Thank you!").
    text = fields.String(required=True, validate=validate.Length(1, 2000))
    author = fields.String(required=True, validate=validate.Length(1, 64))


LIST_QUERY, PHOTO_BODY, PHOTOS_BODY = ListQuery(), PhotoBody(), PhotosBody()
STATUS_BODY, REPLY_BODY = StatusBody(), ReplyBody()


def _body(schema: Schema, what: str) -> dict[str, Any]:
    body = web.load(schema, request.get_json(silent=True), f"The {what} is invalid.")
    if isinstance(body.get("text"), str) and not body["text"].strip():
        raise BadRequest(f"The {what} is invalid.", fields={"text": ["The reply is empty."]})
    if isinstance(body.get("author"), str) and not body["author"].strip():
        raise BadRequest(f"The {what} is invalid.", fields={"author": ["The author is empty."]})
    return body


def _review(review_id: int) -> dict[str, Any]:
    review = queries.one_review(web.store(), review_id)
    if review is None:
        raise NotFound("No such review.")
    return review


@bp.get("/admin/reviews")
def admin_list() -> dict[str, Any]:
    query = web.load(LIST_QUERY, request.args.to_dict(), "The filter is invalid.")
    return queries.list_reviews(web.store(), queries.Filters(**query))


@bp.get("/admin/reviews/<int:review_id>")
def admin_review(review_id: int) -> dict[str, Any]:
    return _review(review_id)


@bp.post("/admin/reviews/<int:review_id>/photos/<photo_id>")
def admin_photo(review_id: int, photo_id: str) -> dict[str, Any]:
    body = _body(PHOTO_BODY, "photo decision")
    with web.db().transaction() as tx:
        changed = moderate.set_photo_status(tx, review_id, photo_id, body["status"])
    return {"changed": changed, "review": _review(review_id)}


@bp.post("/admin/reviews/<int:review_id>/photos")
def admin_photos(review_id: int) -> dict[str, Any]:
    body = _body(PHOTOS_BODY, "photo decision")
    with web.db().transaction() as tx:
        changed = moderate.set_all_photos(tx, review_id, body["status"], body["only"])
    return {"changed": changed > 0, "photos_changed": changed, "review": _review(review_id)}


@bp.post("/admin/reviews/<int:review_id>/status")
def admin_status(review_id: int) -> dict[str, Any]:
    body = _body(STATUS_BODY, "review decision")
    with web.db().transaction() as tx:
        changed = moderate.set_review_status(tx, web.store(), review_id, body["status"], datetime.now(timezone.utc))
    return {"changed": changed, "review": _review(review_id)}


@bp.put("/admin/reviews/<int:review_id>/reply")
def admin_reply(review_id: int) -> dict[str, Any]:
    body = _body(REPLY_BODY, "reply")
    with web.db().transaction() as tx:
        outcome = moderate.save_reply(tx, review_id, body["text"], body["author"])
    return {"changed": outcome != "unchanged", "outcome": outcome, "review": _review(review_id)}


@bp.delete("/admin/reviews/<int:review_id>/reply")
def admin_delete_reply(review_id: int) -> dict[str, Any]:
    with web.db().transaction() as tx:
        deleted = moderate.delete_reply(tx, review_id)
    return {"changed": deleted, "review": _review(review_id)}
