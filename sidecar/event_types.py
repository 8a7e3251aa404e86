"""The events the extension sends (docs/bridge.md): one marshmallow schema for the envelope, one per type.

Unknown fields are refused everywhere (marshmallow's default RAISE); ids are OpenCart's int(11).
"""

from __future__ import annotations

from typing import Any

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

MAX_ID = 2**31 - 1


def _id(minimum: int = 1, **kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(minimum, MAX_ID), **kwargs)


class OrderStatusChanged(Schema):
    order_id = _id(required=True)
    order_status_id = _id(0, required=True)
    previous_status_id = _id(0, allow_none=True, load_default=None)
    order_history_id = _id(allow_none=True, load_default=None)
    notify = fields.Boolean(load_default=False)
    comment = fields.String(load_default="", validate=validate.Length(max=65535))


class ReturnRequested(Schema):
    return_id = _id(required=True)
    order_id = _id(0, load_default=0)
    customer_id = _id(0, load_default=0)
    product_id = _id(0, load_default=0)
    quantity = _id(0, load_default=0)  # core OpenCart accepts 0; the event reports what it stored


class ReturnStatusChanged(Schema):
    return_id = _id(required=True)
    return_status_id = _id(required=True)
    notify = fields.Boolean(load_default=False)
    comment = fields.String(load_default="", validate=validate.Length(max=65535))


class ReviewSubmitted(Schema):
    review_id = _id(required=True)
    product_id = _id(required=True)
    customer_id = _id(0, load_default=0)
    rating = fields.Integer(strict=True, required=True, validate=validate.Range(1, 5))
    # The review request whose link the shopper followed (its signed token, verified by the storefront).
    from_email_id = _id(0, load_default=0)


class ReviewModerated(Schema):
    review_id = _id(required=True)
    status = fields.Integer(strict=True, required=True, validate=validate.OneOf([0, 1]))


class ReviewPhotosAdded(Schema):
    """The storefront stored photos for a review (rebound_photo rows, kind 'review', owner_id = review_id)."""

    review_id = _id(required=True)
    product_id = _id(required=True)
    customer_id = _id(0, load_default=0)
    store_id = _id(0, load_default=0)
    photo_ids = fields.List(fields.String(validate=validate.Regexp(r"^[0-9a-f]{32}$")), required=True,
                            validate=validate.Length(1, 20))


class RequestedLine(Schema):
    order_product_id = _id(required=True)
    quantity = fields.Integer(strict=True, required=True, validate=validate.Range(1, 10_000))
    reason_id = _id(required=True)
    resolution = fields.String(required=True, validate=validate.OneOf(["refund", "exchange", "store_credit"]))
    exchange_option_value_id = _id(allow_none=True, load_default=None)
    opened = fields.Boolean(load_default=False)
    photo_ids = fields.List(fields.String(validate=validate.Regexp(r"^[0-9a-f]{32}$")),
                            load_default=list, validate=validate.Length(max=20))


class ReturnSubmitted(Schema):
    order_id = _id(required=True)
    customer_id = _id(0, load_default=0)
    email = fields.String(load_default="", validate=validate.Length(max=96))
    lines = fields.List(fields.Nested(RequestedLine), required=True, validate=validate.Length(1, 100))
    comment = fields.String(load_default="", validate=validate.Length(max=5000))
    language_id = _id(0, load_default=0)


class EmailUnsubscribed(Schema):
    """The extension's unsubscribe route (one-click POST or its page) verified a link token (docs/email.md)."""

    email = fields.String(required=True, validate=validate.Length(3, 255))
    email_id = _id(0, load_default=0)  # the outbox row the link came from; 0 when not known
    source = fields.String(load_default="one_click", validate=validate.OneOf(["one_click", "page", "admin"]))


class SurveyAnswered(Schema):
    """A CSAT (1-5) or NPS (0-10) answer from the extension's survey route, for a verified link token."""

    email_id = _id(required=True)
    kind = fields.String(required=True, validate=validate.OneOf(["csat", "nps"]))
    score = fields.Integer(strict=True, required=True, validate=validate.Range(0, 10))
    email = fields.String(required=True, validate=validate.Length(3, 255))
    comment = fields.String(load_default="", validate=validate.Length(max=2000))

    @validates_schema
    def _score_on_scale(self, data: dict[str, Any], **_: Any) -> None:
        if data.get("kind") == "csat" and not 1 <= data.get("score", 1) <= 5:
            raise ValidationError({"score": ["A CSAT score is 1 to 5."]})


# Instances, built once: a marshmallow Schema is costly to construct and safe to share between threads.
DATA_SCHEMAS: dict[str, Schema] = {
    "order.status_changed": OrderStatusChanged(),
    "return.requested": ReturnRequested(),
    "return.submitted": ReturnSubmitted(),
    "return.status_changed": ReturnStatusChanged(),
    "review.submitted": ReviewSubmitted(),
    "review.moderated": ReviewModerated(),
    "review.photos_added": ReviewPhotosAdded(),
    "email.unsubscribed": EmailUnsubscribed(),
    "survey.answered": SurveyAnswered(),
}


class Envelope(Schema):
    id = fields.UUID(required=True)
    type = fields.String(required=True, validate=[validate.Length(1, 64), validate.Regexp(r"^[a-z_]+(\.[a-z_]+)+$")])
    store_id = _id(0, load_default=0)
    created_at = fields.AwareDateTime(required=True, default_timezone=None)
    data = fields.Dict(required=True)
