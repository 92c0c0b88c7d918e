"""Session days (keskustelupäivät) and ad hoc windows of a group."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.memo import remembered
from storage.models import AdhocWindow, SessionDay
from storage.rows import listed, stored


async def day(session: AsyncSession, *, group_id: int, on: date) -> SessionDay | None:
    """The session day of a group on a local date, if planned (read once per transaction)."""

    async def load() -> SessionDay | None:
        statement = select(SessionDay).where(
            col(SessionDay.group_id) == group_id, col(SessionDay.day) == on
        )
        return await session.scalar(statement)

    return await remembered(session, ("day", group_id, on), load)


async def days_between(
    session: AsyncSession, *, group_id: int, start: date, end: date, include_skipped: bool = False
) -> list[SessionDay]:
    """Session days with start <= day <= end, in date order."""
    statement = (
        select(SessionDay)
        .where(col(SessionDay.group_id) == group_id)
        .where(col(SessionDay.day) >= start, col(SessionDay.day) <= end)
        .order_by(col(SessionDay.day))
    )
    if not include_skipped:
        statement = statement.where(col(SessionDay.skipped).is_(False))
    return list((await session.scalars(statement)).all())


async def plan(
    session: AsyncSession,
    *,
    group_id: int,
    on: date,
    theme_key: str | None,
    now: datetime,
    source: str = "plan",
) -> SessionDay:
    """Make `on` a session day (un-skipping it) with `theme_key`; keep a theme if None given."""
    existing = await day(session, group_id=group_id, on=on)
    row = existing or SessionDay(group_id=group_id, day=on, source=source, updated_at=now)
    if theme_key is not None:
        row.theme_key = theme_key
    row.skipped = False
    row.updated_at = now
    return await stored(session, row)


async def prefill(
    session: AsyncSession, *, group_id: int, dates: list[date], now: datetime
) -> int:
    """Add rule-made session days that do not exist yet (skipped ones stay skipped)."""
    added = 0
    for on in dates:
        if await day(session, group_id=group_id, on=on) is None:
            session.add(SessionDay(group_id=group_id, day=on, source="rule", updated_at=now))
            added += 1
    await session.flush()
    return added


async def skip(session: AsyncSession, *, group_id: int, on: date, now: datetime) -> SessionDay:
    """Mark `on` as not a session day (kept, so a day rule does not bring it back)."""
    row = await day(session, group_id=group_id, on=on) or SessionDay(
        group_id=group_id, day=on, source="rule", updated_at=now
    )
    row.skipped, row.updated_at = True, now
    return await stored(session, row)


async def open_adhoc(
    session: AsyncSession,
    *,
    group_id: int,
    theme_key: str,
    start: datetime,
    end: datetime,
    opened_by: int | None,
) -> AdhocWindow:
    """Record an ad hoc window opened by staff."""
    row = AdhocWindow(
        group_id=group_id, theme_key=theme_key, start=start, end=end, opened_by=opened_by
    )
    return await stored(session, row)


async def adhoc_windows(
    session: AsyncSession, *, group_id: int, since: datetime
) -> list[AdhocWindow]:
    """Ad hoc windows of a group ending after `since`, oldest first."""
    still_open = col(AdhocWindow.group_id) == group_id, col(AdhocWindow.end) > since
    return await listed(session, AdhocWindow, *still_open, order_by=[col(AdhocWindow.start)])


async def adhoc_at(
    session: AsyncSession, *, group_id: int, instant: datetime
) -> AdhocWindow | None:
    """The ad hoc window open at `instant`, if any."""
    windows = await _adhoc_on(session, group_id=group_id, on=instant.astimezone(UTC).date())
    return next((w for w in windows if w.start <= instant < w.end), None)


async def _adhoc_on(session: AsyncSession, *, group_id: int, on: date) -> list[AdhocWindow]:
    """Ad hoc windows open at some time of the UTC day `on` (read once per transaction)."""
    day_start = datetime.combine(on, time(), tzinfo=UTC)

    async def load() -> list[AdhocWindow]:
        statement = (
            select(AdhocWindow)
            .where(col(AdhocWindow.group_id) == group_id)
            .where(col(AdhocWindow.start) < day_start + timedelta(days=1))
            .where(col(AdhocWindow.end) > day_start)
            .order_by(col(AdhocWindow.start))
        )
        return list((await session.scalars(statement)).all())

    return await remembered(session, ("adhoc", group_id, on), load)
