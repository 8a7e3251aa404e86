"""sidecar.signing over the vectors shared with the PHP Signer (tests/vectors/signing.json)."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import Headers

from sidecar import signing
from sidecar.errors import ReboundError

VECTORS = json.loads((Path(__file__).parent / "vectors" / "signing.json").read_text(encoding="utf-8"))
SECRET = VECTORS["sign"][0]["secret"]


def by_name(cases: list[dict[str, Any]]) -> Any:
    return pytest.mark.parametrize("case", cases, ids=[c["name"] for c in cases])


@by_name(VECTORS["sign"])
def test_sign_matches_vector(case: dict[str, Any]) -> None:
    got = signing.sign(
        case["secret"], case["id"], case["timestamp"], case["method"], case["path"], case["body"].encode()
    )
    assert got == case["signature"]


@by_name(VECTORS["verify"])
def test_verify_matches_vector(case: dict[str, Any]) -> None:
    def run() -> None:
        signing.verify(
            case["secrets"],
            case["headers"],
            case["method"],
            case["path"],
            case["body"].encode(),
            now=case["now"],
        )

    if case["error"] is None:
        run()
    else:
        with pytest.raises(signing.BadSignature) as caught:
            run()
        assert caught.value.message == case["error"]


def test_tolerance_matches_vectors() -> None:
    assert VECTORS["tolerance_seconds"] == signing.TOLERANCE


def test_bad_signature_is_a_401_rebound_error() -> None:
    err = signing.BadSignature("Missing Rebound-Id header")
    assert isinstance(err, ReboundError)
    assert (err.status, err.code, err.message) == (401, "bad_signature", "Missing Rebound-Id header")


def test_headers_round_trip_through_verify_with_werkzeug_headers() -> None:
    body = b'{"type":"review.submitted"}'
    sent = signing.headers(SECRET, "POST", "/v1/events", body)
    assert set(sent) == {"Rebound-Id", "Rebound-Timestamp", "Rebound-Signature"}
    assert abs(int(sent["Rebound-Timestamp"]) - time.time()) < 5
    assert sent["Rebound-Id"] != signing.headers(SECRET, "POST", "/v1/events", body)["Rebound-Id"]
    # What Flask hands a view: case-insensitive headers, the clock defaulting to now.
    signing.verify([None, SECRET], Headers(sent), "POST", "/v1/events", body)


@pytest.mark.parametrize("secret", ["", "abc", "g" * 64, SECRET + "0", SECRET[:-1] + " "])
def test_sign_refuses_a_malformed_secret_without_echoing_it(secret: str) -> None:
    if not secret:
        with pytest.raises(ValueError, match="^no Rebound secret to verify with$"):
            signing.verify([secret], {}, "GET", "/", b"")
        return
    with pytest.raises(ValueError, match="^a Rebound secret must be 64 hexadecimal characters$"):
        signing.sign(secret, "id", 1, "GET", "/", b"")
    with pytest.raises(ValueError, match="^a Rebound secret must be 64 hexadecimal characters$"):
        signing.verify([secret], {}, "GET", "/", b"")
