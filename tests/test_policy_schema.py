"""The policy document: defaults, round trips, and one exact message per malformed field. Pure, no database."""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest

from sidecar.errors import BadRequest
from sidecar.policy.schema import CLOSED_STATUS_IDS, DEFAULT_POLICY, GroupWindow, Policy, Reason, validate

FULL = {
    "version": 1,
    "window": {
        "days": 30,
        "delivered_status_ids": [5, 3],
        "allow_before_delivery": False,
        "closed_status_ids": [7, 8, 11],
        "groups": [{"customer_group_id": 4, "days": 60}, {"customer_group_id": 3, "days": 14}],
    },
    "excluded": {"category_ids": [25, 20], "product_ids": [42]},
    "final_sale": {"product_ids": [30, 30], "min_discount_percent": 40, "merchant_fault_returns": True},
    "reasons": [
        {"reason_id": 1, "photos_required": True, "merchant_fault": True},
        {"reason_id": 2, "merchant_fault": True},
        {"reason_id": 5},
    ],
    "resolutions": {"refund": True, "exchange": True, "store_credit": True, "store_credit_bonus_percent": "10"},
    "restocking_fee": {"percent": 12.5, "flat": "1.50", "applies_to": ["refund", "store_credit"]},
    "free_shipping": {"product_ids": [7], "category_ids": [18], "merchant_fault": True},
    "auto_approve": {"enabled": True, "max_value": "150", "min_completed_orders": 2},
    "serial_returner": {"enabled": True, "min_returns": 4, "min_return_rate_percent": 60, "lookback_days": 180},
    "text": "Returns within 30 days of delivery. Final sale items only if faulty.",
}


def errors_of(document: object) -> dict[str, str]:
    with pytest.raises(BadRequest) as caught:
        validate(document)
    assert caught.value.status == 400 and caught.value.code == "bad_request"
    return caught.value.fields


def test_version_alone_is_a_conservative_policy() -> None:
    policy = validate({"version": 1})
    assert policy == DEFAULT_POLICY == Policy()
    assert policy.window.days == 30 and policy.window.delivered_status_ids is None
    assert not policy.window.allow_before_delivery
    assert policy.window.closed_status_ids == CLOSED_STATUS_IDS
    assert policy.resolutions.offered == ("refund",)
    assert policy.restocking_fee.percent == policy.restocking_fee.flat == Decimal("0.00")
    assert not policy.auto_approve.enabled
    assert policy.reasons == () and policy.excluded.category_ids == frozenset()


def test_full_document_loads_into_frozen_dataclasses() -> None:
    policy = validate(FULL)
    assert policy.window.delivered_status_ids == frozenset({3, 5})
    assert policy.window.groups == (GroupWindow(4, 60), GroupWindow(3, 14))
    assert policy.window.days_by_group == {4: 60, 3: 14}
    assert policy.final_sale.product_ids == frozenset({30})  # a repeated id is harmless
    assert policy.final_sale.min_discount_percent == Decimal("40.00")
    assert policy.reasons_by_id[1] == Reason(1, photos_required=True, merchant_fault=True)
    assert policy.reasons_by_id[5] == Reason(5)
    assert policy.restocking_fee.percent == Decimal("12.50")  # a JSON number is read exactly
    assert policy.restocking_fee.applies_to == frozenset({"refund", "store_credit"})
    assert policy.auto_approve.max_value == Decimal("150.00")
    with pytest.raises(AttributeError):
        policy.window.days = 5  # type: ignore[misc]


def test_dump_is_json_and_round_trips() -> None:
    policy = validate(FULL)
    dumped = policy.dump()
    assert json.loads(json.dumps(dumped)) == dumped
    assert dumped["excluded"]["category_ids"] == [20, 25]  # sorted
    assert dumped["restocking_fee"]["percent"] == "12.50"
    assert dumped["window"]["groups"][0] == {"customer_group_id": 4, "days": 60}
    assert validate(dumped) == policy
    assert validate(DEFAULT_POLICY.dump()) == DEFAULT_POLICY


def test_json_text_as_stored_in_oc_setting() -> None:
    assert validate(json.dumps(FULL)) == validate(FULL)
    assert validate(b'{"version": 1}') == DEFAULT_POLICY


@pytest.mark.parametrize(
    ("document", "field", "message"),
    [
        ({}, "version", 'Say which policy format this is: "version": 1.'),
        ({"version": 2}, "version", "Unsupported policy version 2; this sidecar reads version 1."),
        ({"version": "1"}, "version", "Not a valid integer."),
        ({"version": 1, "colour": "red"}, "colour", "Unknown field."),
        ({"version": 1, "window": {"days": 0}}, "window.days", "Must be a number of days from 1 to 3650."),
        ({"version": 1, "window": {"days": 3651}}, "window.days", "Must be a number of days from 1 to 3650."),
        ({"version": 1, "window": {"days": 30.5}}, "window.days", "Not a valid integer."),
        ({"version": 1, "window": {"length": 30}}, "window.length", "Unknown field."),
        ({"version": 1, "window": []}, "window", "Invalid input type."),
        (
            {"version": 1, "window": {"delivered_status_ids": []}},
            "window.delivered_status_ids",
            "List at least one status, or use null for the store's complete statuses.",
        ),
        ({"version": 1, "window": {"delivered_status_ids": [5, 0]}}, "window.delivered_status_ids.1", "Not an id: 0."),
        (
            {"version": 1, "window": {"delivered_status_ids": [5, 7]}},
            "window.closed_status_ids",
            "Status 7 can't mean both delivered and closed.",
        ),
        ({"version": 1, "window": {"allow_before_delivery": "yes"}}, "window.allow_before_delivery",
         "Not a valid boolean."),
        ({"version": 1, "window": {"allow_before_delivery": 1}}, "window.allow_before_delivery",
         "Not a valid boolean."),
        (
            {"version": 1, "window": {"groups": [{"customer_group_id": 2, "days": 60},
                                                 {"customer_group_id": 2, "days": 90}]}},
            "window.groups",
            "Customer group 2 is listed twice.",
        ),
        ({"version": 1, "window": {"groups": [{"days": 60}]}}, "window.groups.0.customer_group_id",
         "Missing data for required field."),
        ({"version": 1, "window": {"groups": [{"customer_group_id": 2, "days": -1}]}}, "window.groups.0.days",
         "Must be a number of days from 1 to 3650."),
        ({"version": 1, "excluded": {"category_ids": "20"}}, "excluded.category_ids", "Not a valid list."),
        ({"version": 1, "excluded": {"product_ids": [1, "x"]}}, "excluded.product_ids.1", "Not a valid integer."),
        ({"version": 1, "final_sale": {"min_discount_percent": 0}}, "final_sale.min_discount_percent",
         "Must be a percentage from 1 to 100."),
        ({"version": 1, "final_sale": {"min_discount_percent": 101}}, "final_sale.min_discount_percent",
         "Must be a percentage from 1 to 100."),
        ({"version": 1, "reasons": [{"reason_id": 1}, {"reason_id": 1, "merchant_fault": True}]}, "reasons",
         "Reason 1 is listed twice."),
        ({"version": 1, "reasons": [{"photos_required": True}]}, "reasons.0.reason_id",
         "Missing data for required field."),
        ({"version": 1, "reasons": [{"reason_id": 1, "photos": True}]}, "reasons.0.photos", "Unknown field."),
        ({"version": 1, "reasons": {"1": {}}}, "reasons", "Not a valid list."),
        ({"version": 1, "resolutions": {"refund": False}}, "resolutions",
         "Offer at least one of refund, exchange or store credit."),
        ({"version": 1, "resolutions": {"store_credit_bonus_percent": "-5"}},
         "resolutions.store_credit_bonus_percent", "Must be a percentage from 0 to 100."),
        ({"version": 1, "resolutions": {"store_credit_bonus_percent": "NaN"}},
         "resolutions.store_credit_bonus_percent", "Special numeric values (nan or infinity) are not permitted."),
        ({"version": 1, "restocking_fee": {"percent": "12.345"}}, "restocking_fee.percent",
         "Use at most 2 decimal places."),
        ({"version": 1, "restocking_fee": {"flat": "abc"}}, "restocking_fee.flat", "Not a valid number."),
        ({"version": 1, "restocking_fee": {"flat": True}}, "restocking_fee.flat", "Not a valid number."),
        ({"version": 1, "restocking_fee": {"flat": -1}}, "restocking_fee.flat", "Must be between 0 and 999999999.99."),
        ({"version": 1, "restocking_fee": {"applies_to": ["exchange"]}}, "restocking_fee.applies_to.0",
         "Must be one of: refund, store_credit (exchanges never carry a fee)."),
        ({"version": 1, "free_shipping": {"category_ids": [None]}}, "free_shipping.category_ids.0",
         "Field may not be null."),
        ({"version": 1, "auto_approve": {"max_value": "1e12"}}, "auto_approve.max_value",
         "Must be between 0 and 999999999.99."),
        ({"version": 1, "auto_approve": {"min_completed_orders": -1}}, "auto_approve.min_completed_orders",
         "Must be a number of orders from 0 to 10000."),
        ({"version": 1, "serial_returner": {"min_returns": 0}}, "serial_returner.min_returns",
         "Must be a number of returns from 1 to 10000."),
        ({"version": 1, "serial_returner": {"lookback_days": 0}}, "serial_returner.lookback_days",
         "Must be a number of days from 1 to 3650."),
        ({"version": 1, "serial_returner": {"min_return_rate_percent": 150}},
         "serial_returner.min_return_rate_percent", "Must be a percentage from 0 to 100."),
        ({"version": 1, "text": "x" * 20001}, "text", "Keep the policy text under 20000 characters."),
        ({"version": 1, "text": None}, "text", "Field may not be null."),
    ],
)
def test_each_malformed_field_has_its_message(document: dict, field: str, message: str) -> None:
    assert errors_of(document) == {field: message}


def test_several_errors_are_reported_at_once() -> None:
    fields = errors_of({"version": 1, "window": {"days": 0}, "text": 5, "extra": 1})
    assert set(fields) == {"window.days", "text", "extra"}


@pytest.mark.parametrize(
    ("document", "message", "fields"),
    [
        ("{not json", "The return policy is not valid JSON.", {"policy"}),
        ([{"version": 1}], "The return policy must be a JSON object.", {"policy"}),
        (None, "The return policy must be a JSON object.", {"policy"}),
        ({"version": 0}, "The return policy has errors.", {"version"}),
    ],
)
def test_documents_that_are_not_objects(document: object, message: str, fields: set[str]) -> None:
    with pytest.raises(BadRequest) as caught:
        validate(document)
    assert caught.value.message == message
    assert set(caught.value.fields) == fields


@pytest.mark.parametrize(
    ("given", "loaded"),
    [(0, Decimal("0.00")), (12.5, Decimal("12.50")), ("7", Decimal("7.00")), ("0.01", Decimal("0.01"))],
)
def test_money_accepts_numbers_and_strings(given: object, loaded: Decimal) -> None:
    assert validate({"version": 1, "restocking_fee": {"flat": given}}).restocking_fee.flat == loaded


def test_nullable_limits() -> None:
    policy = validate({"version": 1, "auto_approve": {"enabled": True, "max_value": None}})
    assert policy.auto_approve.max_value is None
    assert policy.dump()["auto_approve"]["max_value"] is None


def test_the_readme_example_is_valid() -> None:
    readme = Path(__file__).parent.parent / "sidecar" / "policy" / "README.md"
    example = re.search(r"```json\n(.*?)```", readme.read_text(encoding="utf-8"), re.S)
    assert example is not None
    policy = validate(json.loads(example.group(1)))
    assert policy.resolutions.offered == ("refund", "exchange", "store_credit")
