"""Web console sign-in links and sessions. Only sha256 hashes of tokens are stored."""

from __future__ import annotations

from datetime import datetime
from typing import Any, TypedDict, Unpack

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage import audit
from storage.models import ConsoleLink, ConsoleSession, ModerationAction
from storage.rows import changed, stored


class Grant(TypedDict):
    """Whom a link or a session lets in, in which language, from `now` until `expires_at`."""

    user_id: int
    language: str
    now: datetime
    expires_at: datetime


def _granted(grant: Grant) -> dict[str, Any]:
    """The columns a link and a session share."""
    return {
        "user_id": grant["user_id"],
        "language": grant["language"],
        "created_at": grant["now"],
        "expires_at": grant["expires_at"],
    }


async def add_link(session: AsyncSession, *, token_hash: str, **grant: Unpack[Grant]) -> None:
    """Remember a new one-time link by its token's hash."""
    await stored(session, ConsoleLink(token_hash=token_hash, **_granted(grant)))


async def redeem_link(
    session: AsyncSession, *, token_hash: str, now: datetime
) -> ConsoleLink | None:
    """Use a link once: the link if it was unused and unexpired (now marked used), else None."""
    statement = (
        update(ConsoleLink)
        .where(col(ConsoleLink.token_hash) == token_hash)
        .where(col(ConsoleLink.used_at).is_(None), col(ConsoleLink.expires_at) > now)
        .values(used_at=now)
    )
    result = await session.execute(statement)
    if changed(result) != 1:
        return None
    return await session.get(ConsoleLink, token_hash)


async def open_session(
    session: AsyncSession, *, id_hash: str, csrf_token: str, **grant: Unpack[Grant]
) -> ConsoleSession:
    """Start a console session (the cookie's hash is the key)."""
    row = ConsoleSession(id_hash=id_hash, csrf_token=csrf_token, **_granted(grant))
    return await stored(session, row)


async def live_session(
    session: AsyncSession, *, id_hash: str, now: datetime
) -> ConsoleSession | None:
    """The session with this hash if it has not ended or expired."""
    statement = select(ConsoleSession).where(
        col(ConsoleSession.id_hash) == id_hash,
        col(ConsoleSession.ended_at).is_(None),
        col(ConsoleSession.expires_at) > now,
    )
    return await session.scalar(statement)


async def end_session(session: AsyncSession, *, id_hash: str, now: datetime) -> None:
    """Sign out: the session ends now."""
    await session.execute(
        update(ConsoleSession)
        .where(col(ConsoleSession.id_hash) == id_hash, col(ConsoleSession.ended_at).is_(None))
        .values(ended_at=now)
    )


async def end_everything_of(session: AsyncSession, *, user_id: int, now: datetime) -> None:
    """The person is no longer staff: end their sessions and void their unused links."""
    await session.execute(
        update(ConsoleSession)
        .where(col(ConsoleSession.user_id) == user_id, col(ConsoleSession.ended_at).is_(None))
        .values(ended_at=now)
    )
    await session.execute(
        update(ConsoleLink)
        .where(col(ConsoleLink.user_id) == user_id, col(ConsoleLink.used_at).is_(None))
        .values(used_at=now)
    )


async def audit_entries(
    session: AsyncSession, *, group_ids: list[int] | None, limit: int
) -> list[ModerationAction]:
    """The newest audit entries: of these groups, or all of them (None)."""
    return await audit.newest(session, group_ids=group_ids, limit=limit)
