"""Window actions done (the reconciler's memory) and the single-actor lease."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Lease, WindowAction
from storage.upsert import insert_ignore


async def claim(
    session: AsyncSession,
    *,
    group_id: int,
    window_start: datetime,
    window_end: datetime,
    action: str,
    now: datetime,
    theme_key: str | None = None,
    session_day_id: int | None = None,
) -> bool:
    """Record that `action` is being done for the window; False if it already was."""
    row = {
        "group_id": group_id,
        "window_start": window_start,
        "window_end": window_end,
        "action": action,
        "theme_key": theme_key,
        "session_day_id": session_day_id,
        "done_at": now,
    }
    keys = ["group_id", "window_start", "action"]
    return await insert_ignore(session, WindowAction, [row], keys) == 1


async def release(
    session: AsyncSession, *, group_id: int, window_start: datetime, action: str
) -> None:
    """Forget a claim whose action failed, so the next tick tries again."""
    await session.execute(
        delete(WindowAction).where(
            col(WindowAction.group_id) == group_id,
            col(WindowAction.window_start) == window_start,
            col(WindowAction.action) == action,
        )
    )


async def set_message(
    session: AsyncSession, *, group_id: int, window_start: datetime, action: str, message_id: int
) -> None:
    """Remember the Telegram message an action posted (prompt, summary)."""
    await session.execute(
        update(WindowAction)
        .where(
            col(WindowAction.group_id) == group_id,
            col(WindowAction.window_start) == window_start,
            col(WindowAction.action) == action,
        )
        .values(message_id=message_id)
    )


async def done(session: AsyncSession, *, group_id: int, since: datetime) -> list[WindowAction]:
    """Actions done for windows starting at or after `since`."""
    statement = select(WindowAction).where(
        col(WindowAction.group_id) == group_id, col(WindowAction.window_start) >= since
    )
    return list((await session.scalars(statement)).all())


async def prompt_for_message(
    session: AsyncSession, *, group_id: int, message_id: int
) -> WindowAction | None:
    """The window whose prompt is this message (for late replies)."""
    statement = select(WindowAction).where(
        col(WindowAction.group_id) == group_id,
        col(WindowAction.action) == "open",
        col(WindowAction.message_id) == message_id,
    )
    return await session.scalar(statement)


async def first_prompt_of_day(
    session: AsyncSession, *, group_id: int, session_day_id: int
) -> WindowAction | None:
    """The day's first posted prompt (later windows reply to it)."""
    statement = (
        select(WindowAction)
        .where(
            col(WindowAction.group_id) == group_id,
            col(WindowAction.session_day_id) == session_day_id,
            col(WindowAction.action) == "open",
            col(WindowAction.message_id).is_not(None),
        )
        .order_by(col(WindowAction.window_start))
        .limit(1)
    )
    return await session.scalar(statement)


async def acquire_lease(
    session: AsyncSession, *, name: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Take or renew the lease `name`; True if `holder` now holds it."""
    await insert_ignore(
        session, Lease, [{"name": name, "holder": holder, "expires_at": now + ttl}], ["name"]
    )
    result = await session.execute(
        update(Lease)
        .where(col(Lease.name) == name)
        .where((col(Lease.holder) == holder) | (col(Lease.expires_at) < now))
        .values(holder=holder, expires_at=now + ttl)
    )
    return int(getattr(result, "rowcount", 0) or 0) == 1


async def release_lease(session: AsyncSession, *, name: str, holder: str) -> None:
    """Give the lease up (on clean shutdown) so another instance takes over at once."""
    await session.execute(
        delete(Lease).where(col(Lease.name) == name, col(Lease.holder) == holder)
    )
