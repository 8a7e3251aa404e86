"""The tokens in email links, which the store's PHP verifies (docs/email.md, "Link tokens").

Unsubscribe, survey and review-request product links point at the store, never at the sidecar. Their
token names the purpose, the outbox row and the address, and carries an HMAC-SHA256 over them, keyed with
REBOUND_SECRET's 64 hex characters as written (as request signing and TrackingToken are):

    token   = "v1" "." purpose "." email_id "." b64url(address) "." b64url(mac)
    mac     = HMAC-SHA256(secret, "rebound.email.v1:" purpose ":" email_id ":" address)
    purpose = unsubscribe | csat | nps | review;   address = trimmed, ASCII-lower-cased;   b64url = unpadded

Verification accepts the current and the previous secret. The shared vectors are
tests/vectors/tokens.json (made by tests/vectors/tokens.md). Guest tracking links use TrackingToken's
format (tests/vectors/tracking_token.md), made here by `tracking()`.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
from collections.abc import Iterable
from dataclasses import dataclass

PURPOSES = ("unsubscribe", "csat", "nps", "review")
_ID_RE = re.compile(r"^[1-9][0-9]{0,18}$")
_B64_RE = re.compile(r"^[A-Za-z0-9_-]+$")


@dataclass(frozen=True)
class Claims:
    purpose: str
    email_id: int
    address: str


def canonical(address: str) -> str:
    """Addresses are compared trimmed and ASCII-lower-cased, the way PHP's strtolower(trim()) does."""
    return address.strip(" \t\r\n\0\x0b").translate(_ASCII_LOWER)


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes | None:
    if not _B64_RE.match(text) or len(text) % 4 == 1:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    except (binascii.Error, ValueError):
        return None
    return raw if _b64(raw) == text else None  # one spelling per value: no non-canonical trailing bits


def message(purpose: str, email_id: int, address: str) -> str:
    return f"rebound.email.v1:{purpose}:{email_id}:{canonical(address)}"


def _mac(secret: str, purpose: str, email_id: int, address: str) -> bytes:
    return hmac.new(secret.encode("utf-8"), message(purpose, email_id, address).encode("utf-8"), hashlib.sha256).digest()


def make(secret: str, purpose: str, email_id: int, address: str) -> str:
    if purpose not in PURPOSES:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return ".".join(("v1", purpose, str(email_id), _b64(canonical(address).encode("utf-8")),
                     _b64(_mac(secret, purpose, email_id, address))))


def verify(secrets: Iterable[str], token: str) -> Claims | None:
    """The claims of a well-formed token made with one of `secrets`, else None."""
    parts = token.split(".")
    if len(parts) != 5 or parts[0] != "v1" or parts[1] not in PURPOSES or not _ID_RE.match(parts[2]):
        return None
    raw, mac = _unb64(parts[3]), _unb64(parts[4])
    if raw is None or mac is None:
        return None
    try:
        address = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None
    if not address or address != canonical(address):
        return None
    email_id = int(parts[2])
    matched = False
    for secret in secrets:  # every secret is tried: timing says nothing about which one matched
        matched = hmac.compare_digest(_mac(secret, parts[1], email_id, address), mac) or matched
    return Claims(parts[1], email_id, address) if matched else None


def tracking(secret: str, reference: str, email: str) -> str:
    """The guest tracking link's token, as the extension's TrackingToken makes it."""
    text = "rebound.track.v1:" + reference.strip().upper() + ":" + canonical(email)
    return _b64(hmac.new(secret.encode("utf-8"), text.encode("utf-8"), hashlib.sha256).digest())
