"""Email link tokens against the shared vectors the extension's PHP checks too (tests/vectors/tokens.md)."""

import json
from pathlib import Path

import pytest

from sidecar.mail import tokens

VECTORS = json.loads((Path(__file__).parent / "vectors" / "tokens.json").read_text())
TRACKING = json.loads((Path(__file__).parent / "vectors" / "tracking_token.json").read_text())


@pytest.mark.parametrize("case", VECTORS["sign"], ids=lambda c: c["name"])
def test_sign(case) -> None:
    assert tokens.message(case["purpose"], case["email_id"], case["address"]) == case["message"]
    assert tokens.make(case["secret"], case["purpose"], case["email_id"], case["address"]) == case["token"]


@pytest.mark.parametrize("case", VECTORS["verify"], ids=lambda c: c["name"])
def test_verify(case) -> None:
    claims = tokens.verify(case["secrets"], case["token"])
    assert (None if claims is None else claims.__dict__) == case["claims"]


@pytest.mark.parametrize("case", TRACKING["sign"], ids=lambda c: c["name"])
def test_tracking_links_match_the_extension(case) -> None:
    assert tokens.tracking(case["secret"], case["reference"], case["email"]) == case["token"]


def test_a_token_round_trips_and_names_only_its_purpose() -> None:
    secret = "ab" * 32
    token = tokens.make(secret, "nps", 99, " Zoë@Example.com ")
    claims = tokens.verify([secret], token)
    assert claims == tokens.Claims("nps", 99, "zoë@example.com")
    assert tokens.verify(["cd" * 32], token) is None
    with pytest.raises(ValueError):
        tokens.make(secret, "tracking", 1, "a@b.co")
