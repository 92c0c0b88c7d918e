"""Read-only SELECTs the digest needs, returning plain tuples (never writes)."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Row, and_, case, false, func, select, true, type_coerce
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.types import NullType

from digest.records import (
    AuthorFact,
    ContributionFact,
    ExportFact,
    GroupFacts,
    OpenedWindow,
    PollFact,
    QuestionFact,
    SessionDayFact,
)
from storage import actions
from storage.models import (
    Contribution,
    Group,
    Member,
    QuickPoll,
    Reaction,
    SessionDay,
    WindowAction,
)
from storage.questions import DRAFT, Question
from storage.quote_review import PENDING, WITHDRAWN
from storage.upsert import table_of

_C = table_of(Contribution)
_M = table_of(Member)
_R = table_of(Reaction)
_S = table_of(SessionDay)
_W = table_of(WindowAction)
_G = table_of(Group)
_Q = table_of(Question)
_P = table_of(QuickPoll)


# A message's reactions: anonymous totals (user_id NULL) win when known (non-zero), else
# the per-user rows are counted; 0 without any.
_REACTIONS = func.coalesce(
    func.nullif(func.sum(case((_R.c.user_id.is_(None), _R.c.count), else_=0)), 0),
    func.nullif(func.sum(case((_R.c.user_id.is_(None), 0), else_=_R.c.count)), 0),
    0,
)


async def group_by_key(db: AsyncSession, *, key: str) -> GroupFacts | None:
    """The group with this key, if any."""
    columns = (_G.c.id, _G.c.key, _G.c.audience, _G.c.language, _G.c.timezone, _G.c.title)
    row = (await db.execute(select(*columns).where(_G.c.key == key))).first()
    return GroupFacts(*row) if row is not None else None


def _member_contributions(group_id: int, start: datetime, end: datetime) -> ColumnElement[bool]:
    """Member (never staff) contributions of the group sent in [start, end)."""
    return and_(
        _C.c.group_id == group_id,
        _C.c.sent_at >= start,
        _C.c.sent_at < end,
        _C.c.is_staff.is_(false()),
        func.coalesce(_M.c.is_staff, false()).is_(false()),
    )


def _withdrawn() -> ColumnElement[bool]:
    """Withdrawn by its author in the quote review."""
    return _C.c.quote_state == WITHDRAWN


def _pending(now: datetime | None) -> ColumnElement[bool]:
    """Still in its author's quote review at `now` (None: every review is over)."""
    if now is None:
        return false()
    return and_(_C.c.quote_state == PENDING, _C.c.quote_review_until > now)


def _flag(condition: ColumnElement[bool]) -> Any:
    return case((condition, true()), else_=false())


async def contributions(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime, now: datetime | None
) -> list[ContributionFact]:
    """Member contributions sent in [start, end), by time; their quote review as of `now`."""
    columns = [getattr(_C.c, name) for name in ContributionFact._fields[:15]]
    columns += [_M.c.user_id, _M.c.consent, _M.c.municipality, _M.c.forgotten]
    columns += [_C.c.subtopic_override, _C.c.sensitive, _C.c.imported, _C.c.private]
    columns += [_flag(_withdrawn()), _flag(_pending(now)), _C.c.subtopic_scores]
    statement = (
        select(*columns)
        .select_from(_C.outerjoin(_M, _M.c.id == _C.c.member_id))
        .where(_member_contributions(group_id, start, end))
        .order_by(_C.c.sent_at, _C.c.id)
    )
    rows = (await db.execute(statement)).all()
    return [ContributionFact(*row) for row in rows]


def _raw(column: Any) -> Any:
    """The column as the driver returns it: no per-value conversion by SQLAlchemy (instants
    stay text on SQLite, booleans 0/1), which costs more than the read itself."""
    return type_coerce(column, NullType())


def _export_column(name: str, now: datetime | None) -> Any:
    """The contribution column; the text of a sensitive message (safeguarding), of one
    imported from a chat export, or withdrawn or pending in its author's quote review is
    never exported."""
    if name == "text":
        shown = and_(_C.c.sensitive.is_(false()), _C.c.imported.is_(false()))
        withheld = and_(
            _C.c.quote_state.is_not(None), func.coalesce(_withdrawn() | _pending(now), false())
        )
        return case((shown & ~withheld, _C.c.text), else_=None)
    return _C.c[name]


async def export_chunks(
    db: AsyncSession,
    *,
    group_id: int,
    start: datetime,
    end: datetime,
    size: int,
    now: datetime | None = None,
) -> AsyncGenerator[Sequence[Row[Any]], None]:
    """Member contributions sent in [start, end), by time, as ExportFact-shaped rows in
    chunks of up to `size`, streamed from the server (never all in memory); texts under
    quote review as of `now` left out (None: every review is over)."""
    reactions = (
        select(_REACTIONS)
        .where(_R.c.chat_id == _C.c.chat_id, _R.c.message_id == _C.c.message_id)
        .scalar_subquery()
    )
    fields = ExportFact._fields[:-1]
    columns = [_raw(_export_column(name, now)) for name in fields] + [_raw(reactions)]
    statement = (
        select(*columns)
        .select_from(_C.outerjoin(_M, _M.c.id == _C.c.member_id))
        .where(_member_contributions(group_id, start, end))
        .order_by(_C.c.sent_at, _C.c.id)
        .execution_options(yield_per=size)
    )
    connection = await db.connection()
    result = await connection.stream(statement)
    try:
        async for chunk in result.partitions():
            yield chunk
    finally:
        await result.close()


async def municipality_tallies(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> list[tuple[str, str | None, int, int]]:
    """(theme, municipality, contributions, distinct members) of themed member contributions
    sent in [start, end) (the regional digest's breakdown)."""
    statement = (
        select(_C.c.theme_key, _M.c.municipality, func.count())
        .add_columns(func.count(_C.c.member_id.distinct()))
        .select_from(_C.outerjoin(_M, _M.c.id == _C.c.member_id))
        .where(_member_contributions(group_id, start, end), _C.c.theme_key.is_not(None))
        .group_by(_C.c.theme_key, _M.c.municipality)
    )
    rows = (await db.execute(statement)).all()
    return [(theme, place, int(count), int(people)) for theme, place, count, people in rows]


async def period_authors(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> list[AuthorFact]:
    """Each member with a contribution in [start, end), once."""
    statement = (
        select(_C.c.member_id, _M.c.user_id, _M.c.consent, _M.c.forgotten)
        .distinct()
        .select_from(_C.outerjoin(_M, _M.c.id == _C.c.member_id))
        .where(_member_contributions(group_id, start, end))
    )
    return [AuthorFact(*row) for row in (await db.execute(statement)).all()]


async def reply_counts(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> dict[tuple[int, int], int]:
    """Member replies sent in [start, end) per replied (chat_id, message_id)."""
    statement = (
        select(_C.c.chat_id, _C.c.reply_to_message_id, func.count())
        .select_from(_C.outerjoin(_M, _M.c.id == _C.c.member_id))
        .where(_member_contributions(group_id, start, end))
        .where(_C.c.reply_to_message_id.is_not(None))
        .group_by(_C.c.chat_id, _C.c.reply_to_message_id)
    )
    rows = (await db.execute(statement)).all()
    return {(chat, message): int(count) for chat, message, count in rows}


async def reaction_totals(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> dict[tuple[int, int], int]:
    """Reactions (`_REACTIONS`) per (chat_id, message_id) of messages sent in [start, end)."""
    joined = _R.join(_C, and_(_C.c.chat_id == _R.c.chat_id, _C.c.message_id == _R.c.message_id))
    statement = (
        select(_R.c.chat_id, _R.c.message_id, _REACTIONS)
        .select_from(joined)
        .where(_C.c.group_id == group_id, _C.c.sent_at >= start, _C.c.sent_at < end)
        .group_by(_R.c.chat_id, _R.c.message_id)
    )
    rows = (await db.execute(statement)).all()
    return {(chat, message): int(total) for chat, message, total in rows}


async def theme_tallies(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> dict[str | None, tuple[int, int]]:
    """(member contributions, distinct members) per theme (None = unthemed) in [start, end)."""
    statement = (
        select(_C.c.theme_key, func.count(), func.count(func.distinct(_C.c.member_id)))
        .select_from(_C.outerjoin(_M, _M.c.id == _C.c.member_id))
        .where(_member_contributions(group_id, start, end))
        .group_by(_C.c.theme_key)
    )
    rows = (await db.execute(statement)).all()
    return {theme: (int(count), int(people)) for theme, count, people in rows}


async def session_days(
    db: AsyncSession, *, group_id: int, first: date, last: date
) -> list[SessionDayFact]:
    """Session days with first <= day <= last that were not skipped, by date."""
    statement = (
        select(_S.c.id, _S.c.day, _S.c.theme_key)
        .where(_S.c.group_id == group_id, _S.c.day >= first, _S.c.day <= last)
        .where(_S.c.skipped.is_(false()))
        .order_by(_S.c.day)
    )
    return [SessionDayFact(*row) for row in (await db.execute(statement)).all()]


async def opened_windows(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> list[OpenedWindow]:
    """Windows opened by the bot that start in [start, end), by start (a claim that was
    never carried out, by an instance that died, is not an opened window)."""
    statement = (
        select(_W.c.session_day_id, _W.c.window_start, _W.c.window_end, _W.c.theme_key)
        .where(_W.c.group_id == group_id, _W.c.action == "open", _W.c.state == actions.DONE)
        .where(_W.c.window_start >= start, _W.c.window_start < end)
        .order_by(_W.c.window_start)
    )
    return [OpenedWindow(*row) for row in (await db.execute(statement)).all()]


async def new_members(db: AsyncSession, *, group_id: int, start: datetime, end: datetime) -> int:
    """Members (never staff) the bot saw join the group in [start, end): members who were
    there before the bot (first seen when they wrote) have no `entered_at` and never count."""
    statement: Any = select(func.count()).where(
        _M.c.group_id == group_id,
        _M.c.is_staff.is_(false()),
        _M.c.entered_at >= start,
        _M.c.entered_at < end,
    )
    return int(await db.scalar(statement) or 0)


async def staff_questions(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> list[QuestionFact]:
    """The group's questions to staff asked in [start, end) (drafts left out), oldest first."""
    statement = (
        select(_Q.c.theme_key, _Q.c.state, _Q.c.text, _Q.c.answer, _Q.c.asked_at)
        .where(_Q.c.group_id == group_id, _Q.c.state != DRAFT)
        .where(_Q.c.asked_at >= start, _Q.c.asked_at < end)
        .order_by(_Q.c.asked_at, _Q.c.id)
    )
    return [QuestionFact(*row) for row in (await db.execute(statement)).all()]


async def polls(
    db: AsyncSession, *, group_id: int, start: datetime, end: datetime
) -> list[PollFact]:
    """The group's quick polls posted in [start, end), oldest first."""
    statement = (
        select(
            _P.c.theme_key,
            _P.c.question,
            _P.c.options,
            _P.c.counts,
            _P.c.anonymous,
            _P.c.closed_at,
            _P.c.created_at,
        )  # fmt: skip
        .where(_P.c.group_id == group_id, _P.c.created_at >= start, _P.c.created_at < end)
        .order_by(_P.c.created_at, _P.c.id)
    )
    return [PollFact(*row) for row in (await db.execute(statement)).all()]
