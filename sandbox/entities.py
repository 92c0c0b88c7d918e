"""Shared helpers for message entities."""

from __future__ import annotations

from sandbox.errors import ApiError, bad_request


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit of entity offsets."""
    return len(text.encode("utf-16-le")) // 2


def byte_offset(source: str, index: int) -> int:
    """UTF-8 byte offset of `index` in `source`, as Telegram reports positions."""
    return len(source[:index].encode())


def entities_error(text: str) -> ApiError:
    """A `can't parse entities` Bad Request."""
    return bad_request(f"can't parse entities: {text}")
