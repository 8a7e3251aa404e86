"""The return policy document: versioned JSON in `oc_setting` (`module_rebound_policy`, per store_id).

`validate(document)` is the one way in: it checks the JSON with marshmallow (unknown fields refused at every
level) and returns a frozen `Policy`; `Policy.dump()` gives the normalised document back, every default
spelled out, so `validate(policy.dump()) == policy`. `{"version": 1}` alone is a valid, conservative policy:
30 days from delivery, refunds only, no fees, nothing auto-approved.

Defaults live in the dataclasses only; the schemas build them from what was given, so a field left out
takes the dataclass default. Money is in the store's base currency, at most 2 decimal places.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from typing import Any

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from ..errors import BadRequest

VERSION = 1
MAX_ID = 2**31 - 1
MAX_DAYS = 3650
MAX_MONEY = Decimal("999999999.99")
# OpenCart's seeded order statuses (same ids in 3.0, 4.0 and 4.1) after which nothing can be returned:
# 7 Canceled, 8 Denied, 10 Failed, 11 Refunded, 12 Reversed, 13 Chargeback, 14 Expired, 16 Voided.
CLOSED_STATUS_IDS = frozenset({7, 8, 10, 11, 12, 13, 14, 16})
RESOLUTIONS = ("refund", "exchange", "store_credit")
FEE_RESOLUTIONS = ("refund", "store_credit")  # exchanges never carry a restocking fee
CENT = Decimal("0.01")


# -- the policy as the engine reads it ----------------------------------------------------------------------


@dataclass(frozen=True)
class GroupWindow:
    customer_group_id: int
    days: int


@dataclass(frozen=True)
class Window:
    days: int = 30
    # None: the store's own "complete" statuses (config_complete_status), given to the engine by the caller.
    delivered_status_ids: frozenset[int] | None = None
    allow_before_delivery: bool = False  # then an undelivered order's window runs from its order date
    closed_status_ids: frozenset[int] = CLOSED_STATUS_IDS
    groups: tuple[GroupWindow, ...] = ()  # loyalty: longer (or shorter) windows per customer group

    @cached_property
    def days_by_group(self) -> dict[int, int]:
        return {g.customer_group_id: g.days for g in self.groups}


@dataclass(frozen=True)
class Excluded:
    category_ids: frozenset[int] = frozenset()  # a category excludes its whole subtree
    product_ids: frozenset[int] = frozenset()  # a master product excludes its variants too


@dataclass(frozen=True)
class FinalSale:
    product_ids: frozenset[int] = frozenset()
    min_discount_percent: Decimal | None = None  # line price this far below the catalogue price: final sale
    merchant_fault_returns: bool = True  # final sale can still come back damaged or wrong (merchant fault)


@dataclass(frozen=True)
class Reason:
    reason_id: int  # OpenCart's return_reason_id
    photos_required: bool = False
    merchant_fault: bool = False  # damaged / wrong item: no restocking fee, free return shipping


@dataclass(frozen=True)
class Resolutions:
    refund: bool = True
    exchange: bool = False  # the same product in another option or variant (size, colour), or a replacement
    store_credit: bool = False
    store_credit_bonus_percent: Decimal = Decimal("0.00")

    @property
    def offered(self) -> tuple[str, ...]:
        return tuple(r for r in RESOLUTIONS if getattr(self, r))


@dataclass(frozen=True)
class RestockingFee:
    percent: Decimal = Decimal("0.00")  # of the unit price incl. tax
    flat: Decimal = Decimal("0.00")  # per unit returned
    applies_to: frozenset[str] = frozenset({"refund"})


@dataclass(frozen=True)
class FreeShipping:
    product_ids: frozenset[int] = frozenset()
    category_ids: frozenset[int] = frozenset()
    merchant_fault: bool = True  # the store pays return shipping when it was at fault


@dataclass(frozen=True)
class AutoApprove:
    enabled: bool = False
    max_value: Decimal | None = Decimal("100.00")  # None: no value limit
    min_completed_orders: int = 1  # completed orders of the customer besides this one


@dataclass(frozen=True)
class SerialReturner:
    enabled: bool = True
    min_returns: int = 5
    min_return_rate_percent: Decimal = Decimal("50.00")
    lookback_days: int = 365


@dataclass(frozen=True)
class Policy:
    version: int = VERSION
    window: Window = field(default_factory=Window)
    excluded: Excluded = field(default_factory=Excluded)
    final_sale: FinalSale = field(default_factory=FinalSale)
    reasons: tuple[Reason, ...] = ()  # empty: any of the store's reasons, no photos, no merchant fault
    resolutions: Resolutions = field(default_factory=Resolutions)
    restocking_fee: RestockingFee = field(default_factory=RestockingFee)
    free_shipping: FreeShipping = field(default_factory=FreeShipping)
    auto_approve: AutoApprove = field(default_factory=AutoApprove)
    serial_returner: SerialReturner = field(default_factory=SerialReturner)
    text: str = ""  # shown to shoppers on the return form

    @cached_property
    def reasons_by_id(self) -> dict[int, Reason]:
        return {r.reason_id: r for r in self.reasons}

    def dump(self) -> dict[str, Any]:
        """The whole document as JSON-ready data (Decimals as strings, id lists sorted)."""
        return _POLICY_SCHEMA.dump(self)


# -- fields and validators ---------------------------------------------------------------------------------


class SetField(fields.List):
    """A JSON list loaded as a frozenset (a repeated entry is harmless) and dumped sorted."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> frozenset[Any]:
        return frozenset(super()._deserialize(value, attr, data, **kwargs))

    def _serialize(self, value: Any, attr: Any, obj: Any, **kwargs: Any) -> list[Any] | None:
        return None if value is None else sorted(value)


class Flag(fields.Boolean):
    """true or false only: a JSON document has no business saying "yes" or 1 here."""

    def _deserialize(self, value: Any, attr: Any, data: Any, **kwargs: Any) -> bool:
        if value is not True and value is not False:
            raise self.make_error("invalid", input=value)
        return value


class IdSet(SetField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(_id(), **kwargs)


def _cents(value: Decimal) -> None:
    if value != value.quantize(CENT):
        raise ValidationError("Use at most 2 decimal places.")


def _money(**kwargs: Any) -> fields.Decimal:
    return fields.Decimal(
        as_string=True,
        validate=[validate.Range(0, MAX_MONEY, error="Must be between 0 and {max}."), _cents],
        **kwargs,
    )


def _percent(minimum: int = 0, maximum: int = 100, **kwargs: Any) -> fields.Decimal:
    return fields.Decimal(
        as_string=True,
        validate=[validate.Range(minimum, maximum, error="Must be a percentage from {min} to {max}."), _cents],
        **kwargs,
    )


def _days(**kwargs: Any) -> fields.Integer:
    return fields.Integer(
        strict=True, validate=validate.Range(1, MAX_DAYS, error="Must be a number of days from {min} to {max}."),
        **kwargs,
    )


def _id(**kwargs: Any) -> fields.Integer:
    return fields.Integer(strict=True, validate=validate.Range(1, MAX_ID, error="Not an id: {input}."), **kwargs)


def _unique(attr: str, what: str) -> Callable[[Iterable[Any]], None]:
    def check(items: Iterable[Any]) -> None:
        seen: set[int] = set()
        for item in items:
            key = getattr(item, attr)
            if key in seen:
                raise ValidationError(f"{what} {key} is listed twice.")
            seen.add(key)

    return check


def _non_empty(value: Iterable[Any]) -> None:
    if not value:
        raise ValidationError("List at least one status, or use null for the store's complete statuses.")


class _Section(Schema):
    """Builds its dataclass from what was given; what was left out keeps the dataclass default."""

    target: type = object

    @post_load
    def _build(self, data: dict[str, Any], **kwargs: Any) -> Any:
        return self.target(**{k: _normal(v) for k, v in data.items()})


def _normal(value: Any) -> Any:
    # Lists become tuples (frozen), amounts exactly 2 places (validated already), so equal policies compare equal.
    if isinstance(value, list):
        return tuple(value)
    return value.quantize(CENT) if isinstance(value, Decimal) else value


def _section(schema: type[_Section], **kwargs: Any) -> fields.Nested:
    return fields.Nested(schema, load_default=lambda: schema.target(), **kwargs)


# -- the schemas ---------------------------------------------------------------------------------------------


class GroupWindowSchema(_Section):
    target = GroupWindow
    customer_group_id = _id(required=True)
    days = _days(required=True)


class WindowSchema(_Section):
    target = Window
    days = _days()
    delivered_status_ids = IdSet(allow_none=True, validate=_non_empty)
    allow_before_delivery = Flag()
    closed_status_ids = IdSet()
    groups = fields.List(fields.Nested(GroupWindowSchema), validate=_unique("customer_group_id", "Customer group"))

    @validates_schema
    def _not_both(self, data: dict[str, Any], **kwargs: Any) -> None:
        both = (data.get("delivered_status_ids") or frozenset()) & data.get("closed_status_ids", CLOSED_STATUS_IDS)
        if both:
            raise ValidationError(
                f"Status {min(both)} can't mean both delivered and closed.", field_name="closed_status_ids"
            )


class ExcludedSchema(_Section):
    target = Excluded
    category_ids = IdSet()
    product_ids = IdSet()


class FinalSaleSchema(_Section):
    target = FinalSale
    product_ids = IdSet()
    min_discount_percent = _percent(1, 100, allow_none=True)
    merchant_fault_returns = Flag()


class ReasonSchema(_Section):
    target = Reason
    reason_id = _id(required=True)
    photos_required = Flag()
    merchant_fault = Flag()


class ResolutionsSchema(_Section):
    target = Resolutions
    refund = Flag()
    exchange = Flag()
    store_credit = Flag()
    store_credit_bonus_percent = _percent()

    @validates_schema
    def _one_at_least(self, data: dict[str, Any], **kwargs: Any) -> None:
        if not any(data.get(r, getattr(Resolutions, r)) for r in RESOLUTIONS):
            raise ValidationError("Offer at least one of refund, exchange or store credit.")


class RestockingFeeSchema(_Section):
    target = RestockingFee
    percent = _percent()
    flat = _money()
    applies_to = SetField(
        fields.String(
            validate=validate.OneOf(FEE_RESOLUTIONS, error="Must be one of: {choices} (exchanges never carry a fee).")
        ),
    )


class FreeShippingSchema(_Section):
    target = FreeShipping
    product_ids = IdSet()
    category_ids = IdSet()
    merchant_fault = Flag()


class AutoApproveSchema(_Section):
    target = AutoApprove
    enabled = Flag()
    max_value = _money(allow_none=True)
    min_completed_orders = fields.Integer(
        strict=True, validate=validate.Range(0, 10000, error="Must be a number of orders from {min} to {max}.")
    )


class SerialReturnerSchema(_Section):
    target = SerialReturner
    enabled = Flag()
    min_returns = fields.Integer(
        strict=True, validate=validate.Range(1, 10000, error="Must be a number of returns from {min} to {max}.")
    )
    min_return_rate_percent = _percent()
    lookback_days = _days()


class PolicySchema(_Section):
    target = Policy
    version = fields.Integer(
        strict=True,
        required=True,
        validate=validate.Equal(VERSION, error="Unsupported policy version {input}; this sidecar reads version 1."),
        error_messages={"required": "Say which policy format this is: \"version\": 1."},
    )
    window = _section(WindowSchema)
    excluded = _section(ExcludedSchema)
    final_sale = _section(FinalSaleSchema)
    reasons = fields.List(fields.Nested(ReasonSchema), validate=_unique("reason_id", "Reason"))
    resolutions = _section(ResolutionsSchema)
    restocking_fee = _section(RestockingFeeSchema)
    free_shipping = _section(FreeShippingSchema)
    auto_approve = _section(AutoApproveSchema)
    serial_returner = _section(SerialReturnerSchema)
    text = fields.String(validate=validate.Length(max=20000, error="Keep the policy text under {max} characters."))


# Built once: marshmallow schemas are costly to construct and safe to share between threads.
_POLICY_SCHEMA = PolicySchema()


# -- the way in ----------------------------------------------------------------------------------------------


def _flatten(messages: Any, prefix: str = "") -> dict[str, str]:
    """marshmallow's nested messages as {"window.days": "...", "reasons.0.reason_id": "..."}."""
    if isinstance(messages, dict):
        flat: dict[str, str] = {}
        for key, value in messages.items():
            name = prefix if key == "_schema" else f"{prefix}.{key}" if prefix else str(key)
            for k, v in _flatten(value, name or "policy").items():
                flat[k] = f"{flat[k]} {v}" if k in flat else v
        return flat
    if isinstance(messages, list) and all(isinstance(m, str) for m in messages):
        return {prefix: " ".join(messages)}
    return {prefix: str(messages)}


def validate(document: Any) -> Policy:
    """A policy document (parsed JSON, or the JSON text as stored) → Policy; BadRequest with `fields` if not."""
    if isinstance(document, (str, bytes, bytearray)):
        try:
            document = json.loads(document)
        except ValueError as exc:
            raise BadRequest("The return policy is not valid JSON.", fields={"policy": str(exc)}) from exc
    if not isinstance(document, dict):
        raise BadRequest("The return policy must be a JSON object.", fields={"policy": "Not a JSON object."})
    try:
        return _POLICY_SCHEMA.load(document)
    except ValidationError as exc:
        raise BadRequest("The return policy has errors.", fields=_flatten(exc.messages)) from exc


DEFAULT_POLICY = Policy()
