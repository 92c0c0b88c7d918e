"""Questions to staff, answered back (issue 15 part 1): draft → open → answered → published.

A member asks with /kysy; staff answer with /vastaa; the next window opening publishes the
answered ones. Minimal data: the asker's member id (for the private answer), the texts, the
theme; no Telegram id. `member_id` and the texts go with retention and /forget.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import BigInteger, Column, UniqueConstraint, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import Field, SQLModel, col, select

from storage.models import Member
from storage.rows import counted, listed, stored
from storage.types import TelegramText, UTCDateTime

DRAFT, OPEN, ANSWERED, PUBLISHED = "draft", "open", "answered", "published"


class Question(SQLModel, table=True):
    """A member's question to staff; `group_id` is None only while a private draft waits
    for the asker to pick a group."""

    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("source_chat_id", "source_message_id"),)

    id: int | None = Field(default=None, primary_key=True)
    group_id: int | None = Field(default=None, foreign_key="groups.id", index=True)
    member_id: int | None = Field(default=None, foreign_key="members.id", index=True)
    state: str = Field(default=OPEN, max_length=16, index=True)
    theme_key: str | None = Field(default=None, max_length=64)
    text: str | None = Field(default=None, sa_column=Column(TelegramText(), nullable=True))
    answer: str | None = Field(default=None, sa_column=Column(TelegramText(), nullable=True))
    source_chat_id: int | None = Field(default=None, sa_column=Column(BigInteger(), nullable=True))
    source_message_id: int | None = Field(
        default=None, sa_column=Column(BigInteger(), nullable=True)
    )
    asked_at: datetime = Field(sa_column=Column(UTCDateTime(), nullable=False))
    answered_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )
    published_at: datetime | None = Field(
        default=None, sa_column=Column(UTCDateTime(), nullable=True)
    )


async def ask(
    session: AsyncSession,
    *,
    group_id: int | None,
    member_id: int | None,
    text: str,
    theme_key: str | None,
    now: datetime,
    source: tuple[int, int] | None = None,
) -> Question | None:
    """Store a question (a draft when `group_id` is None); None if the `source` message
    (chat id, message id) was already turned into one."""
    if source is not None and await by_source(session, chat_id=source[0], message_id=source[1]):
        return None
    row = Question(
        group_id=group_id,
        member_id=member_id,
        state=OPEN if group_id is not None else DRAFT,
        theme_key=theme_key,
        text=text,
        source_chat_id=source[0] if source else None,
        source_message_id=source[1] if source else None,
        asked_at=now,
    )
    return await stored(session, row)


async def by_source(session: AsyncSession, *, chat_id: int, message_id: int) -> Question | None:
    """The question made of that message, if any."""
    statement = select(Question).where(
        col(Question.source_chat_id) == chat_id, col(Question.source_message_id) == message_id
    )
    return await session.scalar(statement)


async def get(session: AsyncSession, *, question_id: int) -> Question | None:
    """One question by its number."""
    return await session.get(Question, question_id)


async def place_draft(
    session: AsyncSession,
    *,
    question_id: int,
    group_id: int,
    member_id: int | None,
    theme_key: str | None,
) -> Question | None:
    """Give a draft its group and the asker's membership there; None if not a draft."""
    row = await session.get(Question, question_id)
    if row is None or row.state != DRAFT:
        return None
    row.group_id, row.member_id, row.state, row.theme_key = group_id, member_id, OPEN, theme_key
    return await stored(session, row)


async def groups_of(session: AsyncSession, *, user_id: int) -> set[int]:
    """The groups the user may ask in: their memberships that are not forgotten."""
    statement = select(Member.group_id).where(
        col(Member.user_id) == user_id, col(Member.forgotten).is_(False)
    )
    return set((await session.scalars(statement)).all())


async def in_state(session: AsyncSession, *, group_id: int, state: str) -> list[Question]:
    """The group's questions in `state`, oldest first."""
    ours_in_state = col(Question.group_id) == group_id, col(Question.state) == state
    return await listed(session, Question, *ours_in_state, order_by=[col(Question.id)])


async def count_open(session: AsyncSession, *, group_id: int) -> int:
    """How many of the group's questions wait for an answer."""
    return await counted(session, col(Question.group_id) == group_id, col(Question.state) == OPEN)


async def answer(
    session: AsyncSession, *, question_id: int, text: str, now: datetime
) -> Question | None:
    """Record staff's answer (an answered, not yet published one may be corrected); None if
    there is no such question or it is already published."""
    row = await session.get(Question, question_id)
    if row is None or row.state not in (OPEN, ANSWERED):
        return None
    row.answer, row.state, row.answered_at = text, ANSWERED, now
    return await stored(session, row)


async def mark_published(session: AsyncSession, *, ids: Sequence[int], now: datetime) -> None:
    """These answered questions have been posted in their group."""
    await session.execute(
        update(Question)
        .where(col(Question.id).in_(ids), col(Question.state) == ANSWERED)
        .values(state=PUBLISHED, published_at=now)
    )


async def purge_texts(session: AsyncSession, *, before: datetime) -> None:
    """Retention: questions asked before `before` lose their asker and texts (counts stay)."""
    await session.execute(
        update(Question)
        .where(col(Question.asked_at) < before)
        .values(member_id=None, text=None, answer=None)
    )


async def forget_member(session: AsyncSession, *, member_id: int) -> None:
    """/forget: the member's questions lose their asker and their text (answers stay)."""
    await session.execute(
        update(Question)
        .where(col(Question.member_id) == member_id)
        .values(member_id=None, text=None)
    )
