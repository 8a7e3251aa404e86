"""Email addresses and header text: one canonical form, and nothing that could inject a header.

Recipients are stored trimmed and ASCII-lower-cased (as the extension's PHP compares them), so the outbox's
dedupe key, suppressions and the contact budget agree on who someone is. An address is only ever used as
an SMTP envelope recipient and through email.headerregistry.Address, never pasted into header text; one
with a control character, a space, quotes, angle brackets or a comma is refused outright. Names and
subjects are folded instead: control characters (CR and LF included) become spaces, so a customer called
"Ann\\r\\nBcc: …" still gets her email and no second header appears.
"""

from __future__ import annotations

import re

from .tokens import canonical

__all__ = ["canonical", "fold", "valid_address"]

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_DOMAIN = re.compile(r"^(?=.{1,253}$)([A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,63}$")
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u0085\u2028\u2029]+")


def valid_address(address: str) -> bool:
    """A plain dot-atom address with an ASCII (or IDNA-encodable) domain, as SMTP carries without SMTPUTF8."""
    local, at, domain = address.rpartition("@")
    if not at or not _LOCAL.match(local) or local.startswith(".") or local.endswith(".") or ".." in local:
        return False
    try:
        ascii_domain = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    return bool(_DOMAIN.match(ascii_domain))


def ascii_address(address: str) -> str:
    """The address with its domain IDNA-encoded, for the SMTP envelope and the To header."""
    local, _, domain = address.rpartition("@")
    return f"{local}@{domain.encode('idna').decode('ascii')}"


def fold(text: str, limit: int = 200) -> str:
    """Header-safe text: control characters become single spaces, runs of blanks collapse, length capped."""
    return " ".join(_CONTROL.sub(" ", text or "").split())[:limit]
