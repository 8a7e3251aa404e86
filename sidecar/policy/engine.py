"""The return policy engine: a pure function of (policy, order, products, customer, history, now).

THE RULE OF THIS MODULE: no I/O. No database, no clock, no network, no files, no logging, no randomness.
Everything it needs comes in a `Situation`; `now` is passed in. Same input, same answer, every time, so the
eligibility API, the request intake, every admin action and the simulator all decide alike, and the tests
need nothing but dataclasses.

Behaviour, decided here once:
- The policy in force when deciding applies, also to orders placed under an older one: the store shows one
  current policy, and the simulator (`rebound simulate`) shows owners what a change would do first.
- Unconfirmed orders (status 0) and closed ones (`window.closed_status_ids`: cancelled, denied, refunded,
  chargeback, ...) are not returnable.
- The window starts when the order first reached a "delivered" status (`window.delivered_status_ids`, else
  the store's complete statuses). An order with that status but no dated history row (imports, 3.0 zero
  dates) starts from its order date. An order never delivered is not returnable yet, unless
  `window.allow_before_delivery`, when its window runs from the order date. When no status at all counts
  as delivered (neither the policy nor the store names one), every window runs from the order date.
- Days are counted on the store's local calendar: the last day is day N after the start's local date and
  ends at 23:59:59.999999 local, whatever DST does in between.
- Customer groups: the order's group (guests too) and the customer's current group each give a window
  (their override, else the default); the longer one applies, so joining a loyalty tier helps and
  dropping out of it never shortens the window for an order bought earlier.
- Variants: product rules (excluded, final sale, free shipping) match the line's product, its master
  (order_product.master_id) and the product's master; categories are the product's and, when the caller
  includes the master in `products`, the master's. An exchange picks among the master's variants/options.
- Quantities already returned or requested: per order_product_id as given; OpenCart core returns only know
  (order_id, product_id), so `returned_by_product` is apportioned to that product's lines in
  order_product_id order, filling each line up to what it bought before the next; never more than bought.
- Money: unit price incl. tax = order_product price + tax, rounded half-up to cents; fees per unit; order-level
  discounts (coupons, reward points) are not apportioned, the admin adjusts the refund when issuing it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, NamedTuple

from ..records import Customer, Order, OrderLine, Product
from .outcome import (
    RESOLUTION_NAMES,
    Block,
    DecidedLine,
    LineDecision,
    Offer,
    OrderDecision,
    RequestDecision,
    SerialSignal,
)
from .schema import CENT, Policy, SerialReturner

ZERO = Decimal("0.00")
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class History:
    """The customer's record, counted by the caller. The last three cover `serial_returner.lookback_days`."""

    completed_orders: int = 0  # other orders of this customer that reached a complete status, ever
    items_bought: int = 0  # units bought in the lookback
    items_returned: int = 0  # units returned or requested in the lookback
    returns: int = 0  # return cases opened in the lookback


@dataclass(frozen=True)
class Situation:
    policy: Policy
    order: Order
    now: datetime  # aware
    complete_status_ids: frozenset[int]  # the store's config_complete_status (Store.status_ids); required
    products: Mapping[int, Product] = field(default_factory=dict)  # by product_id; include masters if you can
    customer: Customer | None = None  # None for a guest
    returned: Mapping[int, int] = field(default_factory=dict)  # by order_product_id (Rebound's cases)
    returned_by_product: Mapping[int, int] = field(default_factory=dict)  # by product_id (core returns only)
    # by order_product_id: the line's open cases (reference, status, quantity, case_id), for the pages only
    requests: Mapping[int, tuple[Mapping[str, Any], ...]] = field(default_factory=dict)
    history: History | None = None  # None: nothing known (a guest); never a serial returner, 0 orders
    timezone: tzinfo | None = None  # the store's zone; default the zone of the order's own datetimes


class RequestedLine(NamedTuple):
    order_product_id: int
    quantity: int
    reason_id: int
    resolution: str
    photo_count: int = 0


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def deadline_for(start: datetime, days: int, tz: tzinfo | None = None) -> datetime:
    """End of the window's last local day: day `days` after the start's local date, at 23:59:59.999999."""
    local = start.astimezone(tz) if tz is not None else start
    # Combining a wall-clock date and time with the zone gives the right offset on that day (DST included).
    return datetime.combine(local.date() + timedelta(days=days), time.max, tzinfo=local.tzinfo)


def window_days(policy: Policy, group_ids: Iterable[int]) -> int:
    by_group = policy.window.days_by_group
    return max((by_group.get(g, policy.window.days) for g in group_ids), default=policy.window.days)


def apportion(
    lines: Iterable[OrderLine], by_line: Mapping[int, int], by_product: Mapping[int, int]
) -> dict[int, int]:
    """Units already returned or requested per order_product_id, never above what the line bought."""
    ordered = sorted(lines, key=lambda x: x.order_product_id)
    taken = {x.order_product_id: min(x.quantity, max(0, by_line.get(x.order_product_id, 0))) for x in ordered}
    for product_id, quantity in by_product.items():
        left = max(0, quantity)
        for line in (x for x in ordered if x.product_id == product_id):
            use = min(left, line.quantity - taken[line.order_product_id])
            taken[line.order_product_id] += use
            left -= use
    return taken


def serial_signal(rule: SerialReturner, history: History | None) -> SerialSignal:
    if not rule.enabled:
        return SerialSignal(False, "The serial-returner signal is off.")
    if history is None:
        return SerialSignal(False, "No return history is known for this customer.")
    returned, bought = max(0, history.items_returned), max(0, history.items_bought)
    # Items returned may have been bought before the lookback: the rate is capped at 100%.
    base = max(bought, returned)
    rate = cents(Decimal(returned) * HUNDRED / base) if returned else ZERO
    # Compared exactly (the rounded rate is for people): 49.995% is under a 50% threshold.
    flagged = history.returns >= rule.min_returns and returned * HUNDRED >= rule.min_return_rate_percent * base
    text = (
        f"{history.returns} returns and a {rate}% return rate in the last {rule.lookback_days} days "
        f"(thresholds: {rule.min_returns} returns and {rule.min_return_rate_percent}%)."
    )
    return SerialSignal(flagged, ("Serial returner: " if flagged else "") + text, history.returns, rate)


# -- the order -----------------------------------------------------------------------------------------------


def _dated_first(order: Order, status_ids: frozenset[int]) -> datetime | None:
    # Like Order.first_reached, but skips undated rows (3.0 zero dates) rather than stopping at them.
    return min((h.at for h in order.history if h.status_id in status_ids and h.at is not None), default=None)


def _window_start(s: Situation) -> tuple[datetime | None, str | None, list[Block]]:
    """When the window starts, on what basis, and the order-level reason nothing is returnable (at most one)."""
    order, window = s.order, s.policy.window
    blocks: list[Block] = []
    if order.status_id == 0:
        blocks.append(Block("not_confirmed", "This order has not been confirmed."))
    elif order.status_id in window.closed_status_ids:
        blocks.append(Block("order_closed", "This order was cancelled, refunded or closed; it can't be returned."))
    delivered = window.delivered_status_ids if window.delivered_status_ids is not None else s.complete_status_ids
    reached = order.status_id in delivered or any(h.status_id in delivered for h in order.history)
    if reached:
        at = _dated_first(order, delivered)
        start, basis = (at, "delivered") if at is not None else (order.date_added, "order_date")
    elif window.allow_before_delivery or not delivered:
        start, basis = order.date_added, "order_date"
    else:
        if not blocks:  # a cancelled order is not "on its way": one order-level reason is enough
            blocks.append(Block("not_delivered", "This order hasn't been delivered yet; ask for a return once it has."))
        return None, None, blocks
    if start is None:
        if not blocks:
            blocks.append(Block("no_date", "The store can't tell when this order was delivered; please contact it."))
        return None, None, blocks
    return start, basis, blocks


def decide(s: Situation) -> OrderDecision:
    """Per line of the order: can it be returned, how many, until when, how, and at what cost."""
    if s.now.tzinfo is None or s.now.utcoffset() is None:
        raise ValueError("now must be an aware datetime")
    policy, order = s.policy, s.order
    groups = {order.customer_group_id} | ({s.customer.customer_group_id} if s.customer else set())
    days = window_days(policy, groups)
    start, basis, blocks = _window_start(s)
    deadline = deadline_for(start, days, s.timezone) if start is not None else None
    if deadline is not None and s.now > deadline and not blocks:
        blocks.append(Block("window_closed", f"The return window closed on {deadline.date().isoformat()}."))
    already = apportion(order.lines, s.returned, s.returned_by_product)
    lines = tuple(_line(s, x, already[x.order_product_id], tuple(blocks), deadline) for x in order.lines)
    return OrderDecision(
        order_id=order.order_id,
        lines=lines,
        blocks=tuple(blocks),
        window_days=days,
        window_start=start.astimezone(s.timezone) if start is not None and s.timezone else start,
        window_basis=basis,
        deadline=deadline,
        serial_returner=serial_signal(policy.serial_returner, s.history),
        policy_text=policy.text,
    )


# -- one line -------------------------------------------------------------------------------------------------


def _ids(line: OrderLine, product: Product | None) -> frozenset[int]:
    ids = {line.product_id, line.master_id, product.master_id if product else None}
    return frozenset(i for i in ids if i)  # OpenCart writes 0 for "no master"


def _categories(product: Product | None, products: Mapping[int, Product]) -> frozenset[int]:
    if product is None:
        return frozenset()
    master = products.get(product.master_id) if product.master_id else None
    return frozenset(product.category_path_ids) | frozenset(master.category_path_ids if master else ())


def _discounted(policy: Policy, line: OrderLine, product: Product | None) -> bool:
    floor = policy.final_sale.min_discount_percent
    if floor is None or product is None or product.price <= 0:
        return False
    # The line's unit price (ex tax, specials and discounts applied) against the catalogue price now.
    return (product.price - line.price) * HUNDRED >= floor * product.price


def unit_fee(policy: Policy, unit_price: Decimal) -> Decimal:
    fee = policy.restocking_fee
    return min(unit_price, cents(unit_price * fee.percent / HUNDRED) + fee.flat)


def _line(
    s: Situation, line: OrderLine, already: int, order_blocks: tuple[Block, ...], deadline: datetime | None
) -> LineDecision:
    policy = s.policy
    product = s.products.get(line.product_id)
    ids, categories = _ids(line, product), _categories(product, s.products)
    blocks, notes = list(order_blocks), []
    if ids & policy.excluded.product_ids:
        blocks.append(Block("excluded_product", "This product can't be returned."))
    if categories & policy.excluded.category_ids:
        blocks.append(Block("excluded_category", "Products in this category can't be returned."))
    reasons = policy.reasons
    any_reason = not reasons
    if ids & policy.final_sale.product_ids or _discounted(policy, line, product):
        faults = tuple(r for r in reasons if r.merchant_fault)
        if policy.final_sale.merchant_fault_returns and faults:
            reasons, any_reason = faults, False
            notes.append(Block("final_sale", "Final sale: it can be returned only if it arrived damaged or wrong."))
        else:
            blocks.append(Block("final_sale", "Final sale: this item can't be returned."))
    remaining = max(0, line.quantity - already)
    if remaining == 0:
        blocks.append(Block("fully_returned", "All of these have already been returned or asked for."))
    if product is None:
        notes.append(Block("product_unknown", "This product is no longer in the catalogue."))
    unit_price = cents(line.price + line.tax)
    fee = unit_fee(policy, unit_price)
    exchange_id = line.master_id or (product.master_id if product else None) or line.product_id
    offers = tuple(
        Offer(
            resolution=r,
            bonus_percent=policy.resolutions.store_credit_bonus_percent if r == "store_credit" else ZERO,
            restocking_fee=fee if r in policy.restocking_fee.applies_to else ZERO,
            exchange_product_id=exchange_id if r == "exchange" else None,
        )
        for r in policy.resolutions.offered
    )
    shipping = policy.free_shipping
    eligible = not blocks
    if not eligible:  # nothing to choose on a line that can't be returned
        reasons, any_reason, offers = (), False, ()
    return LineDecision(
        order_product_id=line.order_product_id,
        product_id=line.product_id,
        name=line.name,
        bought=line.quantity,
        already_returned=min(line.quantity, already),
        returnable_quantity=remaining if eligible else 0,
        eligible=eligible,
        deadline=deadline,
        blocks=tuple(blocks),
        notes=tuple(notes),
        any_reason=any_reason,
        reasons=reasons,
        offers=offers,
        unit_price=unit_price,
        restocking_fee=max((o.restocking_fee for o in offers), default=ZERO),
        free_return_shipping=bool(ids & shipping.product_ids or categories & shipping.category_ids),
        product_known=product is not None,
    )


# -- a request ------------------------------------------------------------------------------------------------


def _check_line(
    s: Situation, d: LineDecision | None, r: RequestedLine, used: int, index: int, errors: dict[str, str]
) -> DecidedLine | None:
    """One requested line against its decision: the money when it passes, else errors keyed by field."""
    key = f"lines.{index}"
    if d is None:
        errors[f"{key}.order_product_id"] = "This item is not on the order."
        return None
    if not d.eligible:
        errors[f"{key}.order_product_id"] = " ".join(b.text for b in d.blocks)
        return None
    before = len(errors)
    if isinstance(r.quantity, bool) or not isinstance(r.quantity, int) or r.quantity < 1:
        errors[f"{key}.quantity"] = "Enter a quantity of at least 1."
    elif used + r.quantity > d.returnable_quantity:
        left = max(0, d.returnable_quantity - used)
        errors[f"{key}.quantity"] = (
            f"Only {left} of these can be returned." if left else "None of these are left to return."
        )
    rule = d.reason(r.reason_id) if isinstance(r.reason_id, int) and r.reason_id > 0 else None
    if rule is None:
        errors[f"{key}.reason_id"] = "This reason can't be chosen for this item."
    offer = d.offer(r.resolution)
    if offer is None:
        names = ", ".join(RESOLUTION_NAMES[o.resolution] for o in d.offers)
        errors[f"{key}.resolution"] = f"Choose one of: {names}."
    if rule is not None and rule.photos_required and (r.photo_count or 0) < 1:
        errors[f"{key}.photos"] = "Add at least one photo for this reason."
    if len(errors) > before or rule is None or offer is None:
        return None
    gross = d.unit_price * r.quantity
    fee = ZERO if rule.merchant_fault else offer.restocking_fee * r.quantity
    net = gross - fee
    return DecidedLine(
        index=index,
        order_product_id=d.order_product_id,
        quantity=r.quantity,
        reason_id=r.reason_id,
        resolution=r.resolution,
        merchant_fault=rule.merchant_fault,
        photos_required=rule.photos_required,
        unit_price=d.unit_price,
        gross=gross,
        restocking_fee=fee,
        refund=net if r.resolution == "refund" else ZERO,
        credit=cents(net * (HUNDRED + offer.bonus_percent) / HUNDRED) if r.resolution == "store_credit" else ZERO,
        exchange_value=gross if r.resolution == "exchange" else ZERO,
        free_return_shipping=d.free_return_shipping or (rule.merchant_fault and s.policy.free_shipping.merchant_fault),
    )


def _approval(
    s: Situation, order: OrderDecision, lines: tuple[DecidedLine, ...], value: Decimal, refused: bool
) -> Block:
    rule = s.policy.auto_approve
    completed = s.history.completed_orders if s.history else 0
    if refused:
        return Block("refused", "The request breaks the return policy.")
    if not rule.enabled:
        return Block("auto_approve_off", "Auto-approval is off: the store reviews every return.")
    if order.serial_returner.flagged:
        return Block("serial_returner", "Held for review: " + order.serial_returner.text)
    if any(x.photos_required for x in lines):
        return Block("photos_required", "Held for review: the photos need a look.")
    if any(not order.line(x.order_product_id).product_known for x in lines):  # type: ignore[union-attr]
        return Block("product_unknown", "Held for review: a product is no longer in the catalogue.")
    if rule.max_value is not None and value > rule.max_value:
        return Block("over_value_limit", f"Held for review: value {value} is over the limit of {rule.max_value}.")
    if completed < rule.min_completed_orders:
        return Block(
            "too_few_orders",
            f"Held for review: the customer has {completed} completed orders; {rule.min_completed_orders} needed.",
        )
    return Block("within_limits", f"Auto-approved: value {value} within the limits, {completed} completed orders.")


def decide_request(
    situation: Situation, requested_lines: Iterable[RequestedLine | tuple | Mapping]
) -> RequestDecision:
    """Re-apply the whole policy to what the shopper asks for (never trust the form), price it, and say
    whether it can be approved without a human. Errors are keyed `lines.<index>.<field>`."""
    order = decide(situation)
    requested = [RequestedLine(**r) if isinstance(r, Mapping) else RequestedLine(*r) for r in requested_lines]
    errors: dict[str, str] = {}
    if not requested:
        errors["lines"] = "Choose at least one item to return."
    used: Counter[int] = Counter()  # the same line may be asked twice (one damaged, one too small)
    decided = []
    for index, r in enumerate(requested):
        line = _check_line(situation, order.line(r.order_product_id), r, used[r.order_product_id], index, errors)
        if line is not None:
            used[r.order_product_id] += line.quantity
            decided.append(line)
    lines = tuple(decided)
    total = {
        k: sum((getattr(x, k) for x in lines), ZERO)
        for k in ("gross", "restocking_fee", "refund", "credit", "exchange_value")
    }
    value = total["refund"] + total["credit"] + total["exchange_value"]
    approval = _approval(situation, order, lines, value, bool(errors))
    return RequestDecision(
        accepted=not errors,
        errors=errors,
        lines=lines,
        gross=total["gross"],
        restocking_fee=total["restocking_fee"],
        refund=total["refund"],
        credit=total["credit"],
        exchange_value=total["exchange_value"],
        value=value,
        free_return_shipping=bool(lines) and all(x.free_return_shipping for x in lines),
        auto_approved=approval.code == "within_limits",
        approval=approval,
        serial_returner=order.serial_returner,
        order=order,
    )
