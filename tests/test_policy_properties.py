"""Properties of the policy engine that must hold for every input, checked with hypothesis. Pure, no database."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone, tzinfo
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

import pytest

pytest.importorskip("hypothesis")

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from sidecar.policy.engine import History, Situation, apportion, deadline_for, decide, decide_request  # noqa: E402
from sidecar.policy.schema import validate  # noqa: E402
from sidecar.records import Order, OrderLine, StatusChange  # noqa: E402

# No example database on disk: these tests leave nothing behind in the working tree.
FAST = settings(database=None, max_examples=200, deadline=None)
ZONES = [ZoneInfo("Europe/Berlin"), ZoneInfo("America/New_York"), ZoneInfo("Australia/Lord_Howe"), timezone.utc]

money = st.decimals(min_value=0, max_value=5000, places=4, allow_nan=False, allow_infinity=False)
percent = st.decimals(min_value=0, max_value=100, places=2, allow_nan=False, allow_infinity=False)
local_times = st.builds(
    lambda naive, zone, fold: naive.replace(tzinfo=zone, fold=fold),
    st.datetimes(min_value=datetime(2000, 1, 1), max_value=datetime(2040, 1, 1)),
    st.sampled_from(ZONES),
    st.integers(0, 1),
)


def make_order(lines: list[tuple[int, int]], delivered: datetime, prices: list[tuple[Decimal, Decimal]]) -> Order:
    return Order(
        order_id=1, store_id=0, store_name="S", customer_id=1, customer_group_id=1, firstname="", lastname="",
        email="", telephone="", status_id=5, total=Decimal(0), language_id=1, currency_code="EUR",
        currency_value=Decimal(1), date_added=delivered, date_modified=None,
        lines=tuple(
            OrderLine(order_product_id=100 + i, order_id=1, product_id=pid, master_id=None, name="", model="",
                      quantity=qty, price=prices[i % len(prices)][0], total=Decimal(0), tax=prices[i % len(prices)][1])
            for i, (pid, qty) in enumerate(lines)
        ),
        history=(StatusChange(1, 5, False, "", delivered),),
    )


@FAST
@given(start=local_times, days=st.integers(1, 3650), zone=st.sampled_from([None, *ZONES]))
def test_deadline_is_never_before_the_start_and_ends_a_local_day(start: datetime, days: int,
                                                                  zone: tzinfo | None) -> None:
    end = deadline_for(start, days, zone)
    assert end >= start
    local = end.astimezone(zone) if zone else end
    assert (local.hour, local.minute, local.second, local.microsecond) == (23, 59, 59, 999999)
    assert local.date() == (start.astimezone(zone) if zone else start).date() + timedelta(days=days)
    # A moment later it is the next local day, whatever DST does.
    assert (end + timedelta(microseconds=1)).astimezone(local.tzinfo).date() == local.date() + timedelta(days=1)


@FAST
@given(
    lines=st.lists(st.tuples(st.integers(1, 3), st.integers(0, 20)), min_size=1, max_size=6),
    by_line=st.dictionaries(st.integers(100, 106), st.integers(-5, 30), max_size=6),
    by_product=st.dictionaries(st.integers(1, 4), st.integers(-5, 40), max_size=4),
    now_offset=st.integers(-5, 60),
    final_sale=st.booleans(),
)
def test_returnable_quantity_is_within_bought_minus_already(lines: list[tuple[int, int]], by_line: dict[int, int],
                                                            by_product: dict[int, int], now_offset: int,
                                                            final_sale: bool) -> None:
    delivered = datetime(2024, 3, 5, 0, 30, tzinfo=ZONES[0])
    order = make_order(lines, delivered, [(Decimal("10"), Decimal("1.9"))])
    policy = validate({"version": 1, "final_sale": {"product_ids": [3] if final_sale else []}})
    situation = Situation(policy=policy, order=order, now=delivered + timedelta(days=now_offset),
                          complete_status_ids=frozenset({5}), returned=by_line, returned_by_product=by_product)
    taken = apportion(order.lines, by_line, by_product)
    for decision, line in zip(decide(situation).lines, order.lines, strict=True):
        assert 0 <= decision.already_returned == taken[line.order_product_id] <= line.quantity
        assert 0 <= decision.returnable_quantity <= line.quantity - decision.already_returned
        assert decision.eligible == (decision.returnable_quantity > 0)
        assert decision.eligible == (not decision.blocks)
    # Product-level returns are never counted twice: a product's lines never take more than was returned.
    for product_id, returned in by_product.items():
        from_lines = sum(min(line.quantity, max(0, by_line.get(line.order_product_id, 0)))
                         for line in order.lines if line.product_id == product_id)
        total = sum(taken[line.order_product_id] for line in order.lines if line.product_id == product_id)
        assert total <= from_lines + max(0, returned)


@FAST
@given(
    price=money, tax=money, quantity=st.integers(1, 50), fee_percent=percent,
    flat=st.decimals(min_value=0, max_value=500, places=2, allow_nan=False, allow_infinity=False),
    bonus=percent, resolution=st.sampled_from(["refund", "store_credit", "exchange"]),
    reason=st.sampled_from([1, 3]), fee_on=st.sampled_from([["refund"], ["store_credit"], ["refund", "store_credit"]]),
)
def test_money_is_never_negative_and_never_above_what_was_paid(
    price: Decimal, tax: Decimal, quantity: int, fee_percent: Decimal, flat: Decimal, bonus: Decimal,
    resolution: str, reason: int, fee_on: list[str],
) -> None:
    delivered = datetime(2024, 3, 5, 0, 30, tzinfo=ZONES[1])
    order = make_order([(1, quantity)], delivered, [(price, tax)])
    policy = validate({
        "version": 1,
        "reasons": [{"reason_id": 1, "merchant_fault": True}, {"reason_id": 3}],
        "resolutions": {"refund": True, "exchange": True, "store_credit": True, "store_credit_bonus_percent": bonus},
        "restocking_fee": {"percent": fee_percent, "flat": flat, "applies_to": fee_on},
        "auto_approve": {"enabled": True},
    })
    situation = Situation(policy=policy, order=order, now=delivered, complete_status_ids=frozenset({5}),
                          history=History(completed_orders=1))
    result = decide_request(situation, [(100, quantity, reason, resolution, 0)])
    assert result.accepted, result.errors
    (line,) = result.lines
    assert line.gross == (price + tax).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) * quantity
    assert Decimal(0) <= line.restocking_fee <= line.gross
    assert Decimal(0) <= line.refund <= line.gross
    assert Decimal(0) <= line.credit <= (line.gross * 2).quantize(Decimal("0.01"))
    assert result.value >= 0
    for amount in (line.refund, line.credit, line.restocking_fee, result.value):
        assert amount == amount.quantize(Decimal("0.01"))
    if reason == 1:
        assert line.restocking_fee == 0


@FAST
@given(
    days=st.integers(1, 3650),
    groups=st.dictionaries(st.integers(1, 9), st.integers(1, 3650), max_size=4),
    excluded=st.frozensets(st.integers(1, 10**6), max_size=5),
    fee=percent,
    text=st.text(max_size=200),
    auto=st.none() | st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False, allow_infinity=False),
)
def test_policy_dump_round_trips(days: int, groups: dict[int, int], excluded: frozenset[int], fee: Decimal,
                                 text: str, auto: Decimal | None) -> None:
    policy = validate({
        "version": 1,
        "window": {"days": days, "groups": [{"customer_group_id": g, "days": d} for g, d in groups.items()]},
        "excluded": {"category_ids": sorted(excluded)},
        "restocking_fee": {"percent": str(fee)},
        "auto_approve": {"max_value": None if auto is None else str(auto)},
        "text": text,
    })
    assert validate(policy.dump()) == policy
