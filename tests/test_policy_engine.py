"""The pure policy engine, table by table. Orders are built from sidecar.records dataclasses: no database."""

from __future__ import annotations

import ast
import dataclasses
import inspect
import json
from datetime import datetime, timezone
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from sidecar.errors import BadRequest
from sidecar.policy import engine, outcome
from sidecar.policy.engine import History, RequestedLine, Situation, apportion, decide, decide_request, deadline_for
from sidecar.policy.schema import validate
from sidecar.records import Customer, Order, OrderLine, OrderOption, Product, StatusChange

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
UTC = timezone.utc
PENDING, PROCESSING, SHIPPED, COMPLETE, CANCELED, REFUNDED, CANCELED_REVERSAL = 1, 2, 3, 5, 7, 11, 9
STORE_COMPLETE = frozenset({COMPLETE, SHIPPED})

# Reasons as seeded by OpenCart: 1 Dead On Arrival, 2 Received Wrong Item, 3 Order Error, 4 Faulty, 5 Other.
REASONS = [
    {"reason_id": 1, "photos_required": True, "merchant_fault": True},
    {"reason_id": 2, "merchant_fault": True},
    {"reason_id": 3},
    {"reason_id": 5},
]


# -- builders -------------------------------------------------------------------------------------------------


def at(*args: int, tz: Any = BERLIN, fold: int = 0) -> datetime:
    return datetime(*args, tzinfo=tz, fold=fold)


def line(order_product_id: int = 10, product_id: int = 50, quantity: int = 1, price: str = "10.00",
         tax: str = "1.90", master_id: int | None = 0, options: tuple[OrderOption, ...] = ()) -> OrderLine:
    return OrderLine(
        order_product_id=order_product_id, order_id=1, product_id=product_id, master_id=master_id,
        name=f"Product {product_id}", model="M", quantity=quantity, price=Decimal(price),
        total=Decimal(price) * quantity, tax=Decimal(tax), options=options,
    )


def order(*lines: OrderLine, status: int = COMPLETE, placed: datetime | None = None,
          history: tuple[tuple[int, datetime | None], ...] | None = None, group: int = 1) -> Order:
    placed = placed if placed is not None else at(2024, 3, 1, 12)
    if history is None:  # placed, then complete four days later at 00:30 local
        history = ((PENDING, placed), (status, at(2024, 3, 5, 0, 30)))
    return Order(
        order_id=1, store_id=0, store_name="Shop", customer_id=3, customer_group_id=group, firstname="Ann",
        lastname="Lee", email="ann@example.com", telephone="", status_id=status, total=Decimal("0"),
        language_id=1, currency_code="EUR", currency_value=Decimal("1"), date_added=placed, date_modified=None,
        lines=lines or (line(),),
        history=tuple(StatusChange(i, s, False, "", t) for i, (s, t) in enumerate(history, 1)),
    )


def product(product_id: int = 50, price: str = "10.00", categories: tuple[int, ...] = (),
            master_id: int | None = None) -> Product:
    return Product(product_id=product_id, master_id=master_id, model="M", name=f"Product {product_id}",
                   price=Decimal(price), status=True, rating=None, category_ids=categories[-1:],
                   category_path_ids=categories)


def customer(group: int = 1) -> Customer:
    return Customer(customer_id=3, customer_group_id=group, customer_group="G", store_id=0, language_id=1,
                    firstname="Ann", lastname="Lee", email="ann@example.com", telephone="", status=True,
                    date_added=None)


def situation(policy: dict | None = None, the_order: Order | None = None, now: datetime | None = None,
              **kwargs: Any) -> Situation:
    the_order = the_order or order()
    products = kwargs.pop("products", None)
    if products is None:
        products = {x.product_id: product(x.product_id, str(x.price)) for x in the_order.lines}
    return Situation(
        policy=validate({"version": 1, **(policy or {})}), order=the_order, now=now or at(2024, 3, 20, 12),
        complete_status_ids=kwargs.pop("complete_status_ids", STORE_COMPLETE), products=products, **kwargs,
    )


def codes(blocks: tuple) -> list[str]:
    return [b.code for b in blocks]


# -- the rule --------------------------------------------------------------------------------------------------


PURE_IMPORTS = {"__future__", "collections", "collections.abc", "dataclasses", "datetime", "decimal", "typing",
                "records", "errors", "outcome", "schema"}


@pytest.mark.parametrize("module", [engine, outcome])
def test_engine_does_no_io(module: Any) -> None:
    assert "no I/O" in (module.__doc__ or "")
    tree = ast.parse(inspect.getsource(module))
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
    imported |= {a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    assert imported <= PURE_IMPORTS
    calls = {n.func.attr for n in ast.walk(tree) if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)}
    assert not calls & {"now", "today", "utcnow", "time", "open", "info", "warning", "error", "debug"}


def test_now_must_be_aware() -> None:
    with pytest.raises(ValueError):
        decide(situation(now=datetime(2024, 3, 20)))


# -- the window --------------------------------------------------------------------------------------------------


def test_window_runs_from_delivery_at_0030_to_the_end_of_day_n() -> None:
    result = decide(situation())
    assert result.window_basis == "delivered"
    assert result.window_start == at(2024, 3, 5, 0, 30)
    # 30 local days after 5 March, spanning the spring-forward night of 31 March.
    assert result.deadline == at(2024, 4, 4, 23, 59, 59, 999999)
    assert result.deadline.utcoffset().total_seconds() == 7200
    assert result.lines[0].deadline == result.deadline


@pytest.mark.parametrize(
    ("now", "eligible"),
    [
        (at(2024, 4, 4, 23, 59, 59), True),
        (at(2024, 4, 4, 23, 59, 59, 999999), True),
        (at(2024, 4, 5, 0, 0, 0), False),
        (at(2024, 4, 4, 21, 59, 59, tz=UTC), True),  # the same instants, seen from UTC
        (at(2024, 4, 4, 22, 0, 0, tz=UTC), False),
        (at(2024, 3, 5, 0, 30), True),  # the moment it is delivered
    ],
)
def test_window_edges(now: datetime, eligible: bool) -> None:
    result = decide(situation(now=now))
    assert result.lines[0].eligible is eligible
    if not eligible:
        assert codes(result.lines[0].blocks) == ["window_closed"]
        assert result.lines[0].blocks[0].text == "The return window closed on 2024-04-04."
        assert result.lines[0].returnable_quantity == 0


@pytest.mark.parametrize(
    ("zone", "delivered", "days", "deadline", "offset_hours"),
    [
        # Europe/Berlin springs forward 2024-03-31 02:00 → 03:00 and falls back 2024-10-27 03:00 → 02:00.
        (BERLIN, (2024, 3, 30, 10, 0), 1, (2024, 3, 31), 2),
        (BERLIN, (2024, 3, 31, 3, 30), 1, (2024, 4, 1), 2),
        (BERLIN, (2024, 3, 31, 0, 30), 14, (2024, 4, 14), 2),
        (BERLIN, (2024, 10, 20, 12, 0), 7, (2024, 10, 27), 1),
        (BERLIN, (2024, 10, 27, 0, 30), 1, (2024, 10, 28), 1),
        (BERLIN, (2024, 3, 1, 0, 30), 365, (2025, 3, 1), 1),
        # America/New_York springs forward 2024-03-10 02:00 → 03:00 and falls back 2024-11-03 02:00 → 01:00.
        (NEW_YORK, (2024, 3, 9, 20, 0), 1, (2024, 3, 10), -4),
        (NEW_YORK, (2024, 3, 10, 0, 30), 30, (2024, 4, 9), -4),
        (NEW_YORK, (2024, 11, 1, 23, 0), 2, (2024, 11, 3), -5),
        (NEW_YORK, (2024, 11, 3, 0, 30), 30, (2024, 12, 3), -5),
    ],
)
def test_deadline_on_dst_days(zone: ZoneInfo, delivered: tuple, days: int, deadline: tuple,
                              offset_hours: int) -> None:
    start = datetime(*delivered, tzinfo=zone)
    end = deadline_for(start, days)
    assert end == datetime(*deadline, 23, 59, 59, 999999, tzinfo=zone)
    assert end.utcoffset().total_seconds() == offset_hours * 3600
    assert end > start


def test_ambiguous_fall_back_hour_counts_on_its_local_date() -> None:
    second_0230 = at(2024, 10, 27, 2, 30, fold=1)  # the repeated hour, already CET
    assert deadline_for(second_0230, 1) == at(2024, 10, 28, 23, 59, 59, 999999)


@pytest.mark.parametrize(
    ("delivered_utc", "zone", "deadline_local"),
    [
        # 00:30 local is still the previous day in UTC: the store's zone decides the day, not UTC's.
        (datetime(2024, 3, 30, 23, 30, tzinfo=UTC), BERLIN, (2024, 4, 1)),  # 31 Mar 00:30 CET
        (datetime(2024, 11, 3, 4, 30, tzinfo=UTC), NEW_YORK, (2024, 11, 4)),  # 3 Nov 00:30 EDT
    ],
)
def test_delivered_at_0030_local_given_in_utc(delivered_utc: datetime, zone: ZoneInfo, deadline_local: tuple) -> None:
    the_order = order(history=((PENDING, delivered_utc), (COMPLETE, delivered_utc)), placed=delivered_utc)
    result = decide(situation({"window": {"days": 1}}, the_order, now=delivered_utc, timezone=zone))
    assert result.deadline == datetime(*deadline_local, 23, 59, 59, 999999, tzinfo=zone)
    assert result.window_start.tzinfo is zone


@pytest.mark.parametrize(
    ("policy", "status", "history", "basis", "start", "blocks"),
    [
        # first time it reached a delivered status; later statuses don't move the clock
        ({}, COMPLETE, ((PENDING, at(2024, 3, 1)), (SHIPPED, at(2024, 3, 3)), (COMPLETE, at(2024, 3, 6))),
         "delivered", at(2024, 3, 3), []),
        # the policy's own delivered statuses replace the store's
        ({"window": {"delivered_status_ids": [COMPLETE]}}, COMPLETE,
         ((PENDING, at(2024, 3, 1)), (SHIPPED, at(2024, 3, 3)), (COMPLETE, at(2024, 3, 6))),
         "delivered", at(2024, 3, 6), []),
        # delivered status with no dated history row: from the order date
        ({}, COMPLETE, ((PENDING, at(2024, 3, 1)),), "order_date", at(2024, 3, 1, 12), []),
        ({}, COMPLETE, ((COMPLETE, None),), "order_date", at(2024, 3, 1, 12), []),
        # an undated row first, a dated one later: the dated one
        ({}, COMPLETE, ((COMPLETE, None), (COMPLETE, at(2024, 3, 4))), "delivered", at(2024, 3, 4), []),
        # never delivered: not yet
        ({}, PROCESSING, ((PENDING, at(2024, 3, 1)), (PROCESSING, at(2024, 3, 2))), None, None,
         ["not_delivered"]),
        # ... unless the policy allows returns before delivery, from the order date
        ({"window": {"allow_before_delivery": True}}, PROCESSING, ((PROCESSING, at(2024, 3, 2)),),
         "order_date", at(2024, 3, 1, 12), []),
        # cancelled, refunded, unconfirmed: never
        ({}, CANCELED, ((PENDING, at(2024, 3, 1)), (CANCELED, at(2024, 3, 2))), None, None,
         ["order_closed"]),
        ({}, REFUNDED, ((COMPLETE, at(2024, 3, 4)), (REFUNDED, at(2024, 3, 9))), "delivered", at(2024, 3, 4),
         ["order_closed"]),
        ({}, 0, (), None, None, ["not_confirmed"]),
        # closed and past the window: the one order-level reason is that it is closed
        ({"window": {"days": 1}}, REFUNDED, ((COMPLETE, at(2024, 3, 4)), (REFUNDED, at(2024, 3, 9))), "delivered",
         at(2024, 3, 4), ["order_closed"]),
        # a cancellation reversed is an open order again
        ({}, CANCELED_REVERSAL, ((COMPLETE, at(2024, 3, 4)), (CANCELED, at(2024, 3, 5)),
                                 (CANCELED_REVERSAL, at(2024, 3, 6))), "delivered", at(2024, 3, 4), []),
    ],
)
def test_window_start_and_order_state(policy: dict, status: int, history: tuple, basis: str | None,
                                      start: datetime | None, blocks: list[str]) -> None:
    result = decide(situation(policy, order(status=status, history=history)))
    assert (result.window_basis, result.window_start, codes(result.blocks)) == (basis, start, blocks)
    assert codes(result.lines[0].blocks) == blocks
    assert result.lines[0].eligible is (not blocks)


def test_no_status_means_delivered_anywhere_falls_back_to_the_order_date() -> None:
    the_order = order(status=PROCESSING, history=((PROCESSING, at(2024, 3, 2)),))
    result = decide(situation({}, the_order, complete_status_ids=frozenset()))
    assert (result.window_basis, result.window_start) == ("order_date", at(2024, 3, 1, 12))
    assert result.eligible


def test_no_date_at_all_is_not_returnable() -> None:
    the_order = dataclasses.replace(order(history=((COMPLETE, None),)), date_added=None)
    result = decide(situation({}, the_order))
    assert codes(result.blocks) == ["no_date"] and result.deadline is None


@pytest.mark.parametrize(
    ("groups", "order_group", "customer_group", "days"),
    [
        ([], 1, None, 30),  # no overrides
        ([{"customer_group_id": 2, "days": 60}], 1, None, 30),  # a guest in a group with no override
        ([{"customer_group_id": 2, "days": 60}], 2, None, 60),  # guest ordered as VIP
        ([{"customer_group_id": 2, "days": 60}], 1, 2, 60),  # became VIP since: the longer applies
        ([{"customer_group_id": 2, "days": 60}], 2, 1, 60),  # left VIP since: the order keeps its window
        ([{"customer_group_id": 3, "days": 14}], 3, 3, 14),  # a shorter window (wholesale)
        ([{"customer_group_id": 3, "days": 14}], 1, 3, 30),  # bought as a retail customer
        ([{"customer_group_id": 2, "days": 60}, {"customer_group_id": 4, "days": 90}], 2, 4, 90),
    ],
)
def test_customer_group_windows(groups: list, order_group: int, customer_group: int | None, days: int) -> None:
    who = customer(customer_group) if customer_group is not None else None
    result = decide(situation({"window": {"groups": groups}}, order(group=order_group), customer=who))
    assert result.window_days == days
    assert result.deadline == deadline_for(at(2024, 3, 5, 0, 30), days)


# -- what a line is --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("bought", "by_line", "by_product", "already", "returnable", "blocks"),
    [
        (3, {}, {}, 0, 3, []),
        (3, {10: 1}, {}, 1, 2, []),
        (3, {10: 3}, {}, 3, 0, ["fully_returned"]),
        (3, {10: 5}, {}, 3, 0, ["fully_returned"]),  # over-counted elsewhere: capped, never negative
        (3, {}, {50: 2}, 2, 1, []),  # an OpenCart core return of product 50
        (3, {10: 1}, {50: 1}, 2, 1, []),
        (3, {}, {99: 2}, 0, 3, []),  # another product's returns don't count
        (3, {10: -1}, {}, 0, 3, []),
    ],
)
def test_partial_and_already_returned_quantities(bought: int, by_line: dict, by_product: dict, already: int,
                                                 returnable: int, blocks: list[str]) -> None:
    the_order = order(line(quantity=bought))
    result = decide(situation({}, the_order, returned=by_line, returned_by_product=by_product)).lines[0]
    assert (result.already_returned, result.returnable_quantity, codes(result.blocks)) == (already, returnable, blocks)


def test_core_returns_fill_a_product_s_lines_in_order() -> None:
    # Two sizes of product 50 (lines 11 and 12) and another product: 4 core returns of product 50.
    lines = (line(12, 50, quantity=3), line(11, 50, quantity=2), line(13, 60, quantity=1))
    assert apportion(lines, {}, {50: 4}) == {11: 2, 12: 2, 13: 0}
    assert apportion(lines, {11: 1}, {50: 2}) == {11: 2, 12: 1, 13: 0}
    assert apportion(lines, {}, {50: 9}) == {11: 2, 12: 3, 13: 0}


@pytest.mark.parametrize(
    ("policy", "categories", "master", "blocks"),
    [
        ({"excluded": {"category_ids": [20]}}, (20, 26), 0, ["excluded_category"]),  # 26 is under 20
        ({"excluded": {"category_ids": [26]}}, (20, 26), 0, ["excluded_category"]),
        ({"excluded": {"category_ids": [27]}}, (20, 26), 0, []),  # a sibling subtree
        ({"excluded": {"product_ids": [50]}}, (), 0, ["excluded_product"]),
        ({"excluded": {"product_ids": [40]}}, (), 40, ["excluded_product"]),  # the variant's master
        ({"excluded": {"product_ids": [40]}}, (), 0, []),
        ({"excluded": {"product_ids": [50], "category_ids": [20]}}, (20,), 0,
         ["excluded_product", "excluded_category"]),
    ],
)
def test_excluded_products_and_category_subtrees(policy: dict, categories: tuple, master: int,
                                                 blocks: list[str]) -> None:
    the_order = order(line(master_id=master))
    result = decide(situation(policy, the_order, products={50: product(categories=categories)})).lines[0]
    assert codes(result.blocks) == blocks


def test_variant_takes_its_master_s_categories_when_given() -> None:
    variant, master = product(50, master_id=40), product(40, categories=(20,))
    result = decide(situation({"excluded": {"category_ids": [20]}}, products={50: variant, 40: master}))
    assert codes(result.lines[0].blocks) == ["excluded_category"]


def test_exchange_picks_among_the_master_s_variants() -> None:
    size = OrderOption(1, 10, 5, 7, "Size", "M", "select")
    policy = {"resolutions": {"exchange": True}}
    plain = decide(situation(policy, order(line(options=(size,))))).lines[0]
    variant = decide(situation(policy, order(line(master_id=40)))).lines[0]
    assert plain.offer("exchange").exchange_product_id == 50
    assert variant.offer("exchange").exchange_product_id == 40


@pytest.mark.parametrize(
    ("policy", "line_price", "catalogue", "eligible", "reasons"),
    [
        ({"final_sale": {"product_ids": [50]}, "reasons": REASONS}, "10.00", "10.00", True, [1, 2]),
        ({"final_sale": {"product_ids": [50], "merchant_fault_returns": False}, "reasons": REASONS},
         "10.00", "10.00", False, []),
        ({"final_sale": {"product_ids": [50]}}, "10.00", "10.00", False, []),  # no store-fault reasons listed
        ({"final_sale": {"min_discount_percent": 30}, "reasons": REASONS}, "70.00", "100.00", True, [1, 2]),
        ({"final_sale": {"min_discount_percent": 30}, "reasons": REASONS}, "70.01", "100.00", True, [1, 2, 3, 5]),
        ({"final_sale": {"min_discount_percent": 30}}, "50.00", "100.00", False, []),
        ({"final_sale": {"min_discount_percent": 30}}, "50.00", "0.00", True, []),  # no catalogue price
    ],
)
def test_final_sale(policy: dict, line_price: str, catalogue: str, eligible: bool, reasons: list[int]) -> None:
    the_order = order(line(price=line_price))
    result = decide(situation(policy, the_order, products={50: product(price=catalogue)})).lines[0]
    assert result.eligible is eligible
    assert [r.reason_id for r in result.reasons] == reasons
    if not eligible:
        assert codes(result.blocks) == ["final_sale"]
    elif reasons == [1, 2]:
        assert codes(result.notes) == ["final_sale"]


@pytest.mark.parametrize(
    ("policy", "ids", "categories", "free"),
    [
        ({}, (50, 0), (20, 26), False),
        ({"free_shipping": {"category_ids": [20]}}, (50, 0), (20, 26), True),  # an ancestor category
        ({"free_shipping": {"category_ids": [26]}}, (50, 0), (20, 26), True),
        ({"free_shipping": {"category_ids": [27]}}, (50, 0), (20, 26), False),
        ({"free_shipping": {"product_ids": [50]}}, (50, 0), (), True),
        ({"free_shipping": {"product_ids": [40]}}, (50, 40), (), True),
    ],
)
def test_free_return_shipping_by_product_or_category(policy: dict, ids: tuple, categories: tuple,
                                                     free: bool) -> None:
    the_order = order(line(product_id=ids[0], master_id=ids[1]))
    products = {ids[0]: product(ids[0], categories=categories)}
    assert decide(situation(policy, the_order, products=products)).lines[0].free_return_shipping is free


def test_offers_fees_and_bonus_per_line() -> None:
    policy = {
        "resolutions": {"refund": True, "exchange": True, "store_credit": True, "store_credit_bonus_percent": 10},
        "restocking_fee": {"percent": 10, "flat": "0.50", "applies_to": ["refund"]},
    }
    result = decide(situation(policy)).lines[0]
    assert result.unit_price == Decimal("11.90")
    assert [(o.resolution, o.bonus_percent, o.restocking_fee) for o in result.offers] == [
        ("refund", Decimal("0.00"), Decimal("1.69")),
        ("exchange", Decimal("0.00"), Decimal("0.00")),
        ("store_credit", Decimal("10.00"), Decimal("0.00")),
    ]
    assert result.restocking_fee == Decimal("1.69")


def test_unknown_product_is_returnable_but_noted() -> None:
    result = decide(situation({"excluded": {"category_ids": [20]}}, products={})).lines[0]
    assert result.eligible and not result.product_known
    assert codes(result.notes) == ["product_unknown"]


def test_any_reason_when_the_policy_lists_none() -> None:
    result = decide(situation()).lines[0]
    assert result.any_reason and result.reason(4).reason_id == 4 and not result.photos_required(4)
    listed = decide(situation({"reasons": REASONS})).lines[0]
    assert not listed.any_reason and listed.reason(4) is None
    assert listed.photos_required(1) and not listed.photos_required(2)


# -- serial returners ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "history", "flagged", "rate"),
    [
        ({}, History(items_bought=20, items_returned=10, returns=5), True, "50.00"),  # both thresholds met exactly
        ({}, History(items_bought=20, items_returned=9, returns=5), False, "45.00"),
        ({}, History(items_bought=20, items_returned=10, returns=4), False, "50.00"),
        ({}, History(items_bought=0, items_returned=6, returns=6), True, "100.00"),  # bought before the lookback
        ({}, History(items_bought=20000, items_returned=9999, returns=5), False, "50.00"),  # 49.995% < 50%
        ({}, History(), False, "0.00"),
        ({}, None, False, None),  # a guest with no history
        ({"min_returns": 2, "min_return_rate_percent": 30}, History(items_bought=3, items_returned=1, returns=2),
         True, "33.33"),
        ({"enabled": False}, History(items_bought=1, items_returned=1, returns=50), False, None),
    ],
)
def test_serial_returner_thresholds(rule: dict, history: History | None, flagged: bool, rate: str | None) -> None:
    signal = decide(situation({"serial_returner": rule}, history=history)).serial_returner
    assert signal.flagged is flagged
    assert signal.return_rate_percent == (Decimal(rate) if rate else None)
    assert signal.text.startswith("Serial returner: ") is flagged


# -- requests -----------------------------------------------------------------------------------------------------

SHOP = {
    "reasons": REASONS,
    "resolutions": {"refund": True, "exchange": True, "store_credit": True, "store_credit_bonus_percent": 5},
    "restocking_fee": {"percent": 10, "flat": "1.00", "applies_to": ["refund"]},
    "auto_approve": {"enabled": True, "max_value": "100.00", "min_completed_orders": 1},
}


def request(requested: list, policy: dict | None = None, **kwargs: Any):  # noqa: ANN201
    kwargs.setdefault("the_order", order(line(10, 50, quantity=2), line(11, 60, quantity=1, price="80.00",
                                                                         tax="15.20")))
    kwargs.setdefault("history", History(completed_orders=3, items_bought=10, items_returned=1, returns=1))
    return decide_request(situation(SHOP if policy is None else policy, **kwargs), requested)


@pytest.mark.parametrize(
    ("requested", "errors"),
    [
        ([], {"lines": "Choose at least one item to return."}),
        ([(99, 1, 3, "refund", 0)], {"lines.0.order_product_id": "This item is not on the order."}),
        ([(10, 3, 3, "refund", 0)], {"lines.0.quantity": "Only 2 of these can be returned."}),
        ([(10, 0, 3, "refund", 0)], {"lines.0.quantity": "Enter a quantity of at least 1."}),
        ([(10, 2, 3, "refund", 0), (10, 1, 5, "refund", 0)],
         {"lines.1.quantity": "None of these are left to return."}),
        ([(10, 1, 3, "refund", 0), (10, 2, 5, "refund", 0)], {"lines.1.quantity": "Only 1 of these can be returned."}),
        ([(10, 1, 4, "refund", 0)], {"lines.0.reason_id": "This reason can't be chosen for this item."}),
        ([(10, 1, 3, "cash", 0)], {"lines.0.resolution": "Choose one of: refund, exchange, store credit."}),
        ([(10, 1, 1, "refund", 0)], {"lines.0.photos": "Add at least one photo for this reason."}),
        ([(10, 1, 4, "cash", 0), (11, 1, 3, "refund", 0)],
         {"lines.0.reason_id": "This reason can't be chosen for this item.",
          "lines.0.resolution": "Choose one of: refund, exchange, store credit."}),
    ],
)
def test_request_refusals_are_keyed_by_field(requested: list, errors: dict) -> None:
    result = request(requested)
    assert not result.accepted and dict(result.errors) == errors
    assert not result.auto_approved and result.approval.code == "refused"
    with pytest.raises(BadRequest) as caught:
        result.raise_for_errors()
    assert caught.value.fields == errors


def test_a_line_the_policy_refuses_says_why() -> None:
    result = request([(10, 1, 3, "refund", 0)], now=at(2024, 4, 5))
    assert result.errors == {"lines.0.order_product_id": "The return window closed on 2024-04-04."}
    result = request([(10, 1, 3, "refund", 0)], returned={10: 2})
    assert result.errors == {"lines.0.order_product_id": "All of these have already been returned or asked for."}


def test_final_sale_accepts_only_store_fault_reasons() -> None:
    policy = {**SHOP, "final_sale": {"product_ids": [50]}}
    assert request([(10, 1, 3, "refund", 0)], policy).errors == {
        "lines.0.reason_id": "This reason can't be chosen for this item."
    }
    assert request([(10, 1, 2, "refund", 0)], policy).accepted


@pytest.mark.parametrize(
    ("requested", "refund", "credit", "exchange", "fee", "free"),
    [
        # 11.90 incl. tax; fee 10% + 1.00 = 2.19 per unit on refunds
        ([(10, 1, 3, "refund", 0)], "9.71", "0.00", "0.00", "2.19", False),
        ([(10, 2, 3, "refund", 0)], "19.42", "0.00", "0.00", "4.38", False),
        # store's fault (wrong item): no fee, free shipping
        ([(10, 2, 2, "refund", 0)], "23.80", "0.00", "0.00", "0.00", True),
        ([(10, 1, 1, "refund", 2)], "11.90", "0.00", "0.00", "0.00", True),
        # store credit: no fee here, 5% bonus, rounded half-up (11.90 * 1.05 = 12.495)
        ([(10, 1, 3, "store_credit", 0)], "0.00", "12.50", "0.00", "0.00", False),
        ([(10, 1, 3, "exchange", 0)], "0.00", "0.00", "11.90", "0.00", False),
        ([(10, 1, 3, "refund", 0), (11, 1, 2, "store_credit", 0)], "9.71", "99.96", "0.00", "2.19", False),
    ],
)
def test_request_money(requested: list, refund: str, credit: str, exchange: str, fee: str, free: bool) -> None:
    result = request(requested)
    assert result.accepted, result.errors
    assert (result.refund, result.credit, result.exchange_value, result.restocking_fee) == (
        Decimal(refund), Decimal(credit), Decimal(exchange), Decimal(fee)
    )
    assert result.value == result.refund + result.credit + result.exchange_value
    assert result.free_return_shipping is free


def test_fee_never_exceeds_the_price() -> None:
    policy = {"restocking_fee": {"flat": "50.00"}}
    result = request([(10, 1, 3, "refund", 0)], policy)
    assert (result.refund, result.restocking_fee) == (Decimal("0.00"), Decimal("11.90"))


def test_request_accepts_tuples_named_lines_and_mappings() -> None:
    as_tuple = request([(10, 1, 3, "refund")])
    named = request([RequestedLine(order_product_id=10, quantity=1, reason_id=3, resolution="refund")])
    as_mapping = request([{"order_product_id": 10, "quantity": 1, "reason_id": 3, "resolution": "refund"}])
    assert as_tuple.lines == named.lines == as_mapping.lines and as_tuple.accepted


@pytest.mark.parametrize(
    ("policy", "requested", "kwargs", "approved", "code"),
    [
        (SHOP, [(10, 1, 3, "refund", 0)], {}, True, "within_limits"),
        ({**SHOP, "auto_approve": {}}, [(10, 1, 3, "refund", 0)], {}, False, "auto_approve_off"),
        (SHOP, [(11, 1, 3, "exchange", 0), (10, 1, 3, "exchange", 0)], {}, False, "over_value_limit"),
        (SHOP, [(11, 1, 3, "refund", 0)], {}, True, "within_limits"),  # 95.20 - 10.52 fee = 84.68
        ({**SHOP, "auto_approve": {"enabled": True, "max_value": None}}, [(11, 1, 3, "exchange", 0),
                                                                         (10, 2, 3, "exchange", 0)],
         {}, True, "within_limits"),
        (SHOP, [(10, 1, 3, "refund", 0)], {"history": History(completed_orders=0)}, False, "too_few_orders"),
        (SHOP, [(10, 1, 3, "refund", 0)], {"history": None}, False, "too_few_orders"),  # a guest
        ({**SHOP, "auto_approve": {"enabled": True, "min_completed_orders": 0}}, [(10, 1, 3, "refund", 0)],
         {"history": None}, True, "within_limits"),
        (SHOP, [(10, 1, 3, "refund", 0)],
         {"history": History(completed_orders=9, items_bought=10, items_returned=8, returns=6)},
         False, "serial_returner"),
        (SHOP, [(10, 1, 1, "refund", 1)], {}, False, "photos_required"),
        (SHOP, [(10, 1, 3, "refund", 0)], {"products": {}}, False, "product_unknown"),
    ],
)
def test_auto_approve(policy: dict, requested: list, kwargs: dict, approved: bool, code: str) -> None:
    result = request(requested, policy, **kwargs)
    assert result.accepted, result.errors
    assert (result.auto_approved, result.approval.code) == (approved, code)


def test_dumps_are_json() -> None:
    result = request([(10, 1, 3, "refund", 0), (11, 1, 2, "store_credit", 0)])
    dumped = json.loads(json.dumps(result.dump()))
    assert dumped["refund"] == "9.71" and dumped["lines"][1]["credit"] == "99.96"
    order_dump = json.loads(json.dumps(result.order.dump()))
    assert order_dump["deadline"] == "2024-04-04T23:59:59.999999+02:00"
    assert order_dump["lines"][0]["offers"][0] == {
        "resolution": "refund", "bonus_percent": "0.00", "restocking_fee": "2.19", "exchange_product_id": None,
    }
    assert order_dump["lines"][0]["reasons"][0] == {"reason_id": 1, "photos_required": True, "merchant_fault": True}
