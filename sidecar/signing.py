"""Request signing between the store's PHP and the sidecar (DESIGN.md, "Request signing").

Modelled on Standard Webhooks. Each request carries three headers:

    Rebound-Id          unique per request
    Rebound-Timestamp   unix seconds
    Rebound-Signature   v1,<base64 HMAC-SHA256>, several separated by spaces

signed over `{id}.{timestamp}.{METHOD}.{path with query}.{body}` with the secret string's UTF-8 bytes as
the key (the 64 hex characters as written, not decoded). The PHP mirror is
opencart_extension/system/library/signer.php; both are checked against tests/vectors/signing.json, so a
change here needs the same change there and new vectors.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
import secrets as _random
import string
import time
from collections.abc import Iterable, Mapping

from .errors import ReboundError

TOLERANCE = 300  # seconds either side of our clock
ID_HEADER = "Rebound-Id"
TIMESTAMP_HEADER = "Rebound-Timestamp"
SIGNATURE_HEADER = "Rebound-Signature"
VERSION = "v1"
SECRET_RE = re.compile(r"[0-9a-fA-F]{64}")
# At most 18 digits: fits a 64-bit PHP int, and int() never sees a huge string.
TIMESTAMP_RE = re.compile(r"[0-9]{1,18}")
# ASCII-only, exactly like PHP's strtoupper() (str.upper() would also turn "ß" into "SS").
ASCII_UPPER = str.maketrans(string.ascii_lowercase, string.ascii_uppercase)


class BadSignature(ReboundError):
    """The request's signature is missing or invalid."""

    status = 401
    code = "bad_signature"


class ClockSkew(BadSignature):
    """The request's timestamp is outside the tolerance of this server's clock."""

    code = "clock_skew"


def _check_secret(secret: str) -> bytes:
    if not SECRET_RE.fullmatch(secret):
        # A programming or configuration error, not the caller's fault: never echo the value.
        raise ValueError("a Rebound secret must be 64 hexadecimal characters")
    return secret.encode("utf-8")


def _digest(key: bytes, msg_id: str, timestamp: int, method: str, path: str, body: bytes) -> str:
    message = f"{msg_id}.{timestamp}.{method.translate(ASCII_UPPER)}.{path}.".encode() + body
    return base64.b64encode(hmac.new(key, message, hashlib.sha256).digest()).decode("ascii")


def sign(secret: str, msg_id: str, timestamp: int, method: str, path: str, body: bytes) -> str:
    """The Rebound-Signature value for one request: `v1,<base64>`."""
    return f"{VERSION},{_digest(_check_secret(secret), msg_id, timestamp, method, path, body)}"


def headers(
    secret: str,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    msg_id: str | None = None,
    timestamp: int | None = None,
) -> dict[str, str]:
    """The three Rebound-* headers for a request; a fresh id and the current time unless given."""
    msg_id = msg_id or f"msg_{_random.token_hex(16)}"
    timestamp = int(time.time()) if timestamp is None else timestamp
    return {
        ID_HEADER: msg_id,
        TIMESTAMP_HEADER: str(timestamp),
        SIGNATURE_HEADER: sign(secret, msg_id, timestamp, method, path, body),
    }


def _header(headers: Mapping[str, str], name: str) -> str:
    # HTTP header names are case-insensitive; a plain dict from a test or a proxy may use any case.
    value = headers.get(name)
    if value is None:
        wanted = name.lower()
        value = next((v for k, v in headers.items() if k.lower() == wanted), None)
    return (value or "").strip(" \t")


def verify(
    secrets: Iterable[str | None],
    headers: Mapping[str, str],
    method: str,
    path: str,
    body: bytes,
    now: int | None = None,
) -> None:
    """Return quietly when the request is signed by one of `secrets`; raise BadSignature otherwise.

    `secrets` is the current secret then the previous one (either may be None or empty during setup or
    rotation); `path` is the path with its query string exactly as sent, and `body` the raw bytes.
    """
    keys = [_check_secret(s) for s in secrets if s]
    if not keys:
        raise ValueError("no Rebound secret to verify with")

    msg_id = _header(headers, ID_HEADER)
    if not msg_id:
        raise BadSignature(f"Missing {ID_HEADER} header")
    raw_timestamp = _header(headers, TIMESTAMP_HEADER)
    if not raw_timestamp:
        raise BadSignature(f"Missing {TIMESTAMP_HEADER} header")
    raw_signatures = _header(headers, SIGNATURE_HEADER)
    if not raw_signatures:
        raise BadSignature(f"Missing {SIGNATURE_HEADER} header")

    if not TIMESTAMP_RE.fullmatch(raw_timestamp):
        raise BadSignature(f"Invalid {TIMESTAMP_HEADER} header: expected whole unix seconds")
    timestamp = int(raw_timestamp)
    now = int(time.time()) if now is None else now
    # The server's time goes back with the error, so the admin page can show the skew.
    if timestamp < now - TOLERANCE:
        raise ClockSkew(
            f"{TIMESTAMP_HEADER} is too old (more than {TOLERANCE} s behind this server's clock)",
            fields={"server_time": now},
        )
    if timestamp > now + TOLERANCE:
        raise ClockSkew(
            f"{TIMESTAMP_HEADER} is too far in the future "
            f"(more than {TOLERANCE} s ahead of this server's clock)",
            fields={"server_time": now},
        )

    candidates = []
    for part in raw_signatures.split(" "):
        version, _, value = part.partition(",")
        if version == VERSION and value:
            candidates.append(value.encode("utf-8", "replace"))
    if not candidates:
        raise BadSignature(f"{SIGNATURE_HEADER} has no {VERSION} signature")

    expected = [_digest(key, msg_id, timestamp, method, path, body).encode("ascii") for key in keys]
    # Compare every pair, without stopping early, so timing says nothing about which one matched.
    matched = False
    for want in expected:
        for given in candidates:
            matched |= hmac.compare_digest(want, given)
    if not matched:
        raise BadSignature(f"No {SIGNATURE_HEADER} matches this request")
