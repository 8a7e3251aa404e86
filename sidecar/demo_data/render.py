"""Values as OpenCart 4.1 stores them, rendered as SQL literals: encoded text, money, tax and PHP's JSON."""

from __future__ import annotations

import html
import json

from pymysql.converters import escape_string

TAX_PERCENT = 8


def oc_text(text: str) -> str:
    """Text as OpenCart 4.1 stores form input: trim + htmlspecialchars(ENT_COMPAT), so `'` stays as is."""
    return html.escape(text.strip(), quote=False).replace('"', "&quot;")


def lit(text: str) -> str:
    """A quoted SQL string literal (pymysql's escaping; writer sessions never use NO_BACKSLASH_ESCAPES)."""
    return "'" + escape_string(text) + "'"


def money(cents: int) -> str:
    sign = "-" if cents < 0 else ""
    return f"{sign}{abs(cents) // 100}.{abs(cents) % 100:02d}"


def tax_of(cents: int) -> int:
    return (cents * TAX_PERCENT + 50) // 100  # half up, like PHP's round()


def php_json(value: object) -> str:
    """JSON the way PHP's json_encode writes it: no spaces, `/` escaped."""
    return json.dumps(value, separators=(",", ":")).replace("/", "\\/")

