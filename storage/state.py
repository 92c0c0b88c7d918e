"""Small named values the bot keeps for itself (e.g. a generated webhook secret)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, Text
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel, col, select

from storage.types import UTCDateTime
from storage.upsert import insert_ignore


class BotState(SQLModel, table=True):
    """A named value shared by every instance of one deployment."""

    __tablename__ = "bot_state"

    key: str = Field(primary_key=True, max_length=64)
    value: str = Field(sa_column=Column(Text(), nullable=False))
    updated_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))


async def get_or_create(session: AsyncSession, *, key: str, value: str, now: datetime) -> str:
    """The stored value for `key`; stores `value` first if there is none (first writer wins)."""
    await insert_ignore(
        session, BotState, [{"key": key, "value": value, "updated_at": now}], ["key"]
    )
    stored = await session.scalar(select(BotState.value).where(col(BotState.key) == key))
    return str(stored)


async def value(session: AsyncSession, *, key: str) -> str | None:
    """The stored value for `key`, if any."""
    return await session.scalar(select(BotState.value).where(col(BotState.key) == key))


async def claim(session: AsyncSession, *, key: str, now: datetime) -> bool:
    """Record that the once-only thing `key` is done; False if it already was."""
    row = {"key": key, "value": "done", "updated_at": now}
    return await insert_ignore(session, BotState, [row], ["key"]) == 1


async def unclaim(session: AsyncSession, *, key: str) -> None:
    """Forget a claim whose action failed, so it is tried again."""
    from sqlalchemy import delete

    await session.execute(delete(BotState).where(col(BotState.key) == key))
