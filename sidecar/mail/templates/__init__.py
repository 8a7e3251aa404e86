"""The texts of every email, one module per language code (`en-gb` → en_gb.py); English fills any gap."""

from __future__ import annotations

import importlib
import re
from functools import lru_cache
from types import ModuleType
from typing import Any

from . import en_gb

FALLBACK = "en-gb"


@lru_cache(maxsize=64)
def _module(code: str) -> ModuleType | None:
    name = code.lower().replace("-", "_")
    if not re.fullmatch(r"[a-z]{2}(_[a-z]{2})?", name):
        return None
    try:
        return importlib.import_module(f"{__name__}.{name}")
    except ModuleNotFoundError:
        return None


def language_of(code: str | None) -> str:
    """The language actually used for `code`: itself when shipped, else English."""
    return code.lower() if code and _module(code) is not None else FALLBACK


def message(code: str | None, kind: str) -> dict[str, Any]:
    module = _module(code or FALLBACK) or en_gb
    return {**en_gb.MESSAGES[kind], **getattr(module, "MESSAGES", {}).get(kind, {})}


def common(code: str | None) -> dict[str, str]:
    module = _module(code or FALLBACK) or en_gb
    return {**en_gb.COMMON, **getattr(module, "COMMON", {})}
