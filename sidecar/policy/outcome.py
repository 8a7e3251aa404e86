"""What the policy engine answers: frozen dataclasses, each with a JSON-ready `dump()` for the API.

Pure data, like the engine: no I/O here. Money is Decimal in the store's base currency, 2 places; times are
aware datetimes in the store's time zone. `code`s are stable machine names the storefront may translate;
`text`s are plain English for the admin and a fallback for the shopper.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from ..errors import BadRequest
from .schema import Reason

RESOLUTION_NAMES = {"refund": "refund", "exchange": "exchange", "store_credit": "store credit"}


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


@dataclass(frozen=True)
class Block:
    """A reason something is refused or limited: a machine code and a human sentence."""

    code: str
    text: str

    def dump(self) -> dict[str, str]:
        return {"code": self.code, "text": self.text}


@dataclass(frozen=True)
class Offer:
    """A resolution the shopper may choose for a line."""

    resolution: str  # refund, exchange or store_credit
    bonus_percent: Decimal  # store credit only: credit = (price - fee) * (100 + bonus) / 100
    restocking_fee: Decimal  # per unit; waived when the chosen reason is the store's fault
    exchange_product_id: int | None  # exchange only: choose among this product's options or variants

    def dump(self) -> dict[str, Any]:
        return {
            "resolution": self.resolution,
            "bonus_percent": _money(self.bonus_percent),
            "restocking_fee": _money(self.restocking_fee),
            "exchange_product_id": self.exchange_product_id,
        }


@dataclass(frozen=True)
class LineDecision:
    order_product_id: int
    product_id: int
    name: str
    bought: int
    already_returned: int  # returned or requested (open requests count), apportioned per line
    returnable_quantity: int  # 0 when not eligible, else bought - already_returned
    eligible: bool
    deadline: datetime | None  # None until the window starts (not delivered, no date known)
    blocks: tuple[Block, ...]  # why not eligible (order-level reasons included); empty when eligible
    notes: tuple[Block, ...]  # limits on an eligible line, e.g. final sale returnable only when faulty
    any_reason: bool  # the policy lists no reasons: any of the store's reasons, no photos, no fee waiver
    reasons: tuple[Reason, ...]  # otherwise: the reasons that may be chosen for this line
    offers: tuple[Offer, ...]
    unit_price: Decimal  # price incl. tax, per unit, as the shopper paid it
    restocking_fee: Decimal  # per unit, on the resolutions it applies to, unless the store was at fault
    free_return_shipping: bool  # by product or category; a store-fault reason can also make it free
    product_known: bool  # False when the product left the catalogue (category rules could not be checked)

    def reason(self, reason_id: int) -> Reason | None:
        """The rule for a reason the shopper chose, or None when it can't be chosen for this line."""
        if self.any_reason:
            return Reason(reason_id)
        return next((r for r in self.reasons if r.reason_id == reason_id), None)

    def photos_required(self, reason_id: int) -> bool:
        rule = self.reason(reason_id)
        return bool(rule and rule.photos_required)

    def offer(self, resolution: str) -> Offer | None:
        return next((o for o in self.offers if o.resolution == resolution), None)

    def dump(self) -> dict[str, Any]:
        return {
            "order_product_id": self.order_product_id,
            "product_id": self.product_id,
            "name": self.name,
            "bought": self.bought,
            "already_returned": self.already_returned,
            "returnable_quantity": self.returnable_quantity,
            "eligible": self.eligible,
            "deadline": _time(self.deadline),
            "blocks": [b.dump() for b in self.blocks],
            "notes": [n.dump() for n in self.notes],
            "any_reason": self.any_reason,
            "reasons": [
                {"reason_id": r.reason_id, "photos_required": r.photos_required, "merchant_fault": r.merchant_fault}
                for r in self.reasons
            ],
            "offers": [o.dump() for o in self.offers],
            "unit_price": _money(self.unit_price),
            "restocking_fee": _money(self.restocking_fee),
            "free_return_shipping": self.free_return_shipping,
            "product_known": self.product_known,
        }


@dataclass(frozen=True)
class SerialSignal:
    """A customer who returns much of what they buy: a signal for a human, never a refusal by itself."""

    flagged: bool
    text: str
    returns: int = 0
    return_rate_percent: Decimal | None = None

    def dump(self) -> dict[str, Any]:
        return {
            "flagged": self.flagged,
            "text": self.text,
            "returns": self.returns,
            "return_rate_percent": _money(self.return_rate_percent),
        }


@dataclass(frozen=True)
class OrderDecision:
    order_id: int
    lines: tuple[LineDecision, ...]
    blocks: tuple[Block, ...]  # the order-level reason (at most one), also first in every line's blocks
    window_days: int  # after customer-group overrides
    window_start: datetime | None
    window_basis: str | None  # "delivered" or "order_date" (the fallback), None when not started
    deadline: datetime | None
    serial_returner: SerialSignal
    policy_text: str

    @property
    def eligible(self) -> bool:
        return any(line.eligible for line in self.lines)

    def line(self, order_product_id: int) -> LineDecision | None:
        return next((x for x in self.lines if x.order_product_id == order_product_id), None)

    def dump(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "eligible": self.eligible,
            "blocks": [b.dump() for b in self.blocks],
            "window_days": self.window_days,
            "window_start": _time(self.window_start),
            "window_basis": self.window_basis,
            "deadline": _time(self.deadline),
            "serial_returner": self.serial_returner.dump(),
            "policy_text": self.policy_text,
            "lines": [x.dump() for x in self.lines],
        }


@dataclass(frozen=True)
class DecidedLine:
    """One accepted line of a return request, with its money."""

    index: int  # position in the request, as in the error keys `lines.<index>.<field>`
    order_product_id: int
    quantity: int
    reason_id: int
    resolution: str
    merchant_fault: bool
    photos_required: bool
    unit_price: Decimal
    gross: Decimal  # unit_price * quantity
    restocking_fee: Decimal
    refund: Decimal  # resolution refund: gross - fee
    credit: Decimal  # resolution store_credit: (gross - fee) plus the bonus
    exchange_value: Decimal  # resolution exchange: the goods sent again, no money back
    free_return_shipping: bool

    def dump(self) -> dict[str, Any]:
        return {
            "order_product_id": self.order_product_id,
            "quantity": self.quantity,
            "reason_id": self.reason_id,
            "resolution": self.resolution,
            "merchant_fault": self.merchant_fault,
            "photos_required": self.photos_required,
            "unit_price": _money(self.unit_price),
            "gross": _money(self.gross),
            "restocking_fee": _money(self.restocking_fee),
            "refund": _money(self.refund),
            "credit": _money(self.credit),
            "exchange_value": _money(self.exchange_value),
            "free_return_shipping": self.free_return_shipping,
        }


@dataclass(frozen=True)
class RequestDecision:
    accepted: bool
    errors: Mapping[str, str]  # field-keyed, e.g. {"lines.0.quantity": "Only 1 can be returned."}
    lines: tuple[DecidedLine, ...]  # the lines that passed (all of them when accepted)
    gross: Decimal
    restocking_fee: Decimal
    refund: Decimal
    credit: Decimal
    exchange_value: Decimal
    value: Decimal  # refund + credit + exchange_value: what the store gives back, for auto-approve limits
    free_return_shipping: bool  # every line ships back free
    auto_approved: bool
    approval: Block  # why it is or isn't auto-approved
    serial_returner: SerialSignal
    order: OrderDecision

    def raise_for_errors(self) -> None:
        if self.errors:
            raise BadRequest("The return request breaks the store's return policy.", fields=dict(self.errors))

    def dump(self) -> dict[str, Any]:
        return {
            "accepted": self.accepted,
            "errors": dict(self.errors),
            "lines": [x.dump() for x in self.lines],
            "gross": _money(self.gross),
            "restocking_fee": _money(self.restocking_fee),
            "refund": _money(self.refund),
            "credit": _money(self.credit),
            "exchange_value": _money(self.exchange_value),
            "value": _money(self.value),
            "free_return_shipping": self.free_return_shipping,
            "auto_approved": self.auto_approved,
            "approval": self.approval.dump(),
            "serial_returner": self.serial_returner.dump(),
        }
