"""Column types: aware-UTC datetimes and NUL-free Telegram text on every backend."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime, String, Text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; refuses naive ones; reads back aware UTC (also on SQLite)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> Any:
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError(f"naive datetime {value!r} refused: store aware UTC instants")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


NUL_REPLACEMENT = "\ufffd"


def clean_text(value: str) -> str:
    """`value` with every U+0000 replaced by U+FFFD (PostgreSQL text cannot hold NUL)."""
    return value.replace("\x00", NUL_REPLACEMENT) if "\x00" in value else value


class TelegramText(TypeDecorator[str]):
    """Unbounded text written from Telegram: stored NUL-free on every backend (clean_text)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else clean_text(value)


class TelegramString(TypeDecorator[str]):
    """Bounded text written from Telegram (`TelegramString(255)`), NUL-free likewise."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect: Dialect) -> str | None:
        return None if value is None else clean_text(value)
