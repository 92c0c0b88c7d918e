"""Window actions claimed and done (the reconciler's memory) and the single-actor lease."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Lease, WindowAction
from storage.rows import changed
from storage.upsert import insert_ignore

CLAIMED = "claimed"
DONE = "done"


def _key(group_id: int, window_start: datetime, action: str) -> list[ColumnElement[bool]]:
    return [
        col(WindowAction.group_id) == group_id,
        col(WindowAction.window_start) == window_start,
        col(WindowAction.action) == action,
    ]


def _claim_of(
    holder: str, group_id: int, window_start: datetime, action: str
) -> list[ColumnElement[bool]]:
    """`holder`'s claim (not done) of the action."""
    return [
        *_key(group_id, window_start, action),
        col(WindowAction.state) == CLAIMED,
        col(WindowAction.holder) == holder,
    ]


async def claim(
    session: AsyncSession,
    *,
    group_id: int,
    window_start: datetime,
    window_end: datetime,
    action: str,
    holder: str,
    now: datetime,
    stale_before: datetime,
    theme_key: str | None = None,
    session_day_id: int | None = None,
) -> bool:
    """Claim `action` for the window as `holder`; False if done or claimed since `stale_before`.

    A claim older than `stale_before` was left by an instance that died between claiming and
    `complete`: it is taken over, so the action is done at least once. If that instance had
    already posted (a crash in the moment between the Telegram call and its commit), the
    post goes out twice: the accepted price of never losing one.
    """
    row = {
        "group_id": group_id,
        "window_start": window_start,
        "window_end": window_end,
        "action": action,
        "theme_key": theme_key,
        "session_day_id": session_day_id,
        "state": CLAIMED,
        "holder": holder,
        "claimed_at": now,
        "done_at": None,
    }
    keys = ["group_id", "window_start", "action"]
    if await insert_ignore(session, WindowAction, [row], keys) == 1:
        return True
    result = await session.execute(
        update(WindowAction)
        .where(
            *_key(group_id, window_start, action),
            col(WindowAction.state) == CLAIMED,
            col(WindowAction.claimed_at) < stale_before,
        )
        .values(holder=holder, claimed_at=now, theme_key=theme_key, session_day_id=session_day_id)
    )
    return changed(result) == 1


async def refresh_claim(
    session: AsyncSession,
    *,
    group_id: int,
    window_start: datetime,
    action: str,
    holder: str,
    now: datetime,
) -> bool:
    """Keep `holder`'s claim fresh while its action is still in hand; False if it is not ours."""
    result = await session.execute(
        update(WindowAction)
        .where(*_claim_of(holder, group_id, window_start, action))
        .values(claimed_at=now)
    )
    return changed(result) == 1


async def complete(
    session: AsyncSession,
    *,
    group_id: int,
    window_start: datetime,
    action: str,
    holder: str,
    message_id: int | None,
    now: datetime,
) -> bool:
    """Mark `holder`'s claim done with the message it posted; False if it is no longer ours."""
    result = await session.execute(
        update(WindowAction)
        .where(*_claim_of(holder, group_id, window_start, action))
        .values(state=DONE, message_id=message_id, done_at=now)
    )
    return changed(result) == 1


async def is_stale_claim(
    session: AsyncSession,
    *,
    group_id: int,
    window_start: datetime,
    action: str,
    stale_before: datetime,
) -> bool:
    """The action is claimed (not done) since before `stale_before`: its holder died."""
    statement = select(WindowAction.id).where(
        *_key(group_id, window_start, action),
        col(WindowAction.state) == CLAIMED,
        col(WindowAction.claimed_at) < stale_before,
    )
    return (await session.scalar(statement)) is not None


async def release(
    session: AsyncSession, *, group_id: int, window_start: datetime, action: str, holder: str
) -> None:
    """Forget `holder`'s claim whose action failed, so the next tick tries again."""
    await session.execute(
        delete(WindowAction).where(*_claim_of(holder, group_id, window_start, action))
    )


async def done(
    session: AsyncSession, *, group_id: int, since: datetime, stale_before: datetime
) -> list[WindowAction]:
    """Actions for windows starting at or after `since` that are done or in hand.

    In hand: claimed at or after `stale_before` (by this or another instance); an older claim
    is not returned, so the reconciler sees the action as missing and takes it over.
    """
    statement = select(WindowAction).where(
        col(WindowAction.group_id) == group_id,
        col(WindowAction.window_start) >= since,
        (col(WindowAction.state) == DONE) | (col(WindowAction.claimed_at) >= stale_before),
    )
    return list((await session.scalars(statement)).all())


async def posted(
    session: AsyncSession, *, group_id: int, window_start: datetime, action: str
) -> int | None:
    """The message a done action posted (the window's prompt, for its close), if any."""
    statement = select(WindowAction.message_id).where(
        *_key(group_id, window_start, action), col(WindowAction.state) == DONE
    )
    return await session.scalar(statement)


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
    return changed(result) == 1


async def renew_lease(
    session: AsyncSession, *, name: str, holder: str, now: datetime, ttl: timedelta
) -> bool:
    """Extend `holder`'s lease (before each action of a pass); False if another took it over."""
    result = await session.execute(
        update(Lease)
        .where(col(Lease.name) == name, col(Lease.holder) == holder)
        .values(expires_at=now + ttl)
    )
    return changed(result) == 1


async def release_lease(session: AsyncSession, *, name: str, holder: str) -> None:
    """Give the lease up (on clean shutdown) so another instance takes over at once."""
    await session.execute(
        delete(Lease).where(col(Lease.name) == name, col(Lease.holder) == holder)
    )
