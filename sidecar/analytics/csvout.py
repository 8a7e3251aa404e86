"""Tables as CSV (RFC 4180, CRLF), safe to open in a spreadsheet.

A text cell starting with =, +, -, @, tab or carriage return would be run as a formula by Excel, LibreOffice
or Google Sheets (CSV injection): such cells get a leading apostrophe. Numbers are written as numbers.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"^-?\d+(\.\d+)?$")  # money as "-12.50" is a number, not a formula


def cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value) if isinstance(value, float) else str(value)
    text = str(value)
    if text.startswith(DANGEROUS) and not PLAIN_NUMBER.match(text):
        return "'" + text
    return text


def render(columns: Sequence[str], rows: Iterable[Mapping[str, Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([cell(row.get(c)) for c in columns])
    return out.getvalue()
