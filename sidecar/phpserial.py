"""Decode PHP's serialize() format, which OpenCart before 2.1 used for array settings.

Current OpenCart (3.0, 4.x) stores arrays as JSON with `serialized` = 1; older stores upgraded in place
can still hold serialize() text. Only the scalar and array types settings use are supported; objects
are refused (never instantiate anything from stored text).
"""

from __future__ import annotations

from typing import Any


class PhpSerialError(ValueError):
    pass


def loads(text: str | bytes) -> Any:
    data = text.encode("utf-8") if isinstance(text, str) else text
    value, end = _value(data, 0)
    if end != len(data):
        raise PhpSerialError(f"trailing data at byte {end}")
    return value


def _until(data: bytes, pos: int, stop: bytes) -> tuple[bytes, int]:
    end = data.find(stop, pos)
    if end < 0:
        raise PhpSerialError(f"expected {stop!r} after byte {pos}")
    return data[pos:end], end + 1


def _value(data: bytes, pos: int) -> tuple[Any, int]:
    kind = data[pos : pos + 1]
    if kind == b"N":
        return None, _expect(data, pos + 1, b";")
    if data[pos + 1 : pos + 2] != b":":
        raise PhpSerialError(f"unsupported or malformed value at byte {pos}")
    pos += 2
    if kind == b"b":
        raw, pos = _until(data, pos, b";")
        return raw == b"1", pos
    if kind == b"i":
        raw, pos = _until(data, pos, b";")
        return int(raw), pos
    if kind == b"d":
        raw, pos = _until(data, pos, b";")
        return float(raw), pos
    if kind == b"s":
        raw, pos = _until(data, pos, b":")
        length = int(raw)
        pos = _expect(data, pos, b'"')
        text = data[pos : pos + length]
        if len(text) != length:
            raise PhpSerialError("string shorter than its declared length")
        pos = _expect(data, pos + length, b'"')
        return text.decode("utf-8", errors="replace"), _expect(data, pos, b";")
    if kind == b"a":
        raw, pos = _until(data, pos, b":")
        pos = _expect(data, pos, b"{")
        items: list[tuple[Any, Any]] = []
        for _ in range(int(raw)):
            key, pos = _value(data, pos)
            value, pos = _value(data, pos)
            items.append((key, value))
        pos = _expect(data, pos, b"}")
        # PHP lists (keys 0..n-1) become Python lists, like json_decode would give.
        if [k for k, _ in items] == list(range(len(items))):
            return [v for _, v in items], pos
        return dict(items), pos
    raise PhpSerialError(f"unsupported type {kind!r} at byte {pos - 2}")


def _expect(data: bytes, pos: int, token: bytes) -> int:
    if data[pos : pos + len(token)] != token:
        raise PhpSerialError(f"expected {token!r} at byte {pos}")
    return pos + len(token)
