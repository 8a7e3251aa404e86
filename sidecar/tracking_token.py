"""The token in a guest's return tracking link, mirrored by the extension's TrackingToken (PHP).

token = base64url without padding of HMAC-SHA256, keyed with the secret's 64 hex characters as written,
over `rebound.track.v1:` + reference (trimmed, upper-cased) + `:` + email (trimmed, ASCII lower-cased).
Both halves are checked against tests/vectors/tracking_token.json.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import string
from collections.abc import Iterable

ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def message(reference: str, email: str) -> str:
    return f"rebound.track.v1:{reference.strip().upper()}:{email.strip().translate(ASCII_LOWER)}"


def sign(secret: str, reference: str, email: str) -> str:
    digest = hmac.new(secret.encode(), message(reference, email).encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def verify(secrets: Iterable[str | None], reference: str, email: str, token: str) -> bool:
    """True when one of the secrets (current, then previous) made this token; never for an empty part."""
    if not token or not reference.strip() or not email.strip():
        return False
    matched = False
    for secret in secrets:
        if secret:
            matched |= hmac.compare_digest(sign(secret, reference, email), token)
    return matched
