"""The guest tracking token, checked against the vectors the PHP TrackingToken also passes."""

import json
from pathlib import Path

import pytest

from sidecar import tracking_token

VECTORS = json.loads((Path(__file__).parent / "vectors" / "tracking_token.json").read_text())


@pytest.mark.parametrize("case", VECTORS["sign"], ids=lambda c: c["name"])
def test_sign(case: dict) -> None:
    assert tracking_token.message(case["reference"], case["email"]) == case["message"]
    assert tracking_token.sign(case["secret"], case["reference"], case["email"]) == case["token"]


@pytest.mark.parametrize("case", VECTORS["verify"], ids=lambda c: c["name"])
def test_verify(case: dict) -> None:
    assert tracking_token.verify(case["secrets"], case["reference"], case["email"], case["token"]) is case["valid"]
