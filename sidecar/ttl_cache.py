"""A small per-process cache whose entries expire: reads of tables that change rarely (settings,
languages, status names, products, store URLs), taken again at most once per `ttl` seconds."""

from __future__ import annotations

import time
from collections.abc import Callable, Hashable
from typing import Any

MISS = object()  # what get() answers for a key that is missing or expired


class TtlCache:
    """Values kept for `ttl` seconds. Two threads may both load a missing key; the later write wins,
    which is harmless for what it holds."""

    def __init__(self, ttl: float) -> None:
        self.ttl = ttl
        self._entries: dict[Hashable, tuple[float, Any]] = {}

    def get(self, key: Hashable, default: Any = MISS) -> Any:
        entry = self._entries.get(key)
        return entry[1] if entry is not None and time.monotonic() - entry[0] < self.ttl else default

    def put(self, key: Hashable, value: Any) -> None:
        self._entries[key] = (time.monotonic(), value)

    def forget(self, key: Hashable) -> None:
        self._entries.pop(key, None)

    def get_or_load(self, key: Hashable, load: Callable[[], Any]) -> Any:
        value = self.get(key)
        if value is MISS:
            value = load()
            self.put(key, value)
        return value
