"""Join dialogues, the waiting list and admitted members (consent flow storage)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage import members
from storage.models import JoinDialogue, Member, WaitingEntry
from storage.rows import changed, counted, listed, stored

JOIN, EXISTING = "join", "existing"


async def start_dialogue(
    session: AsyncSession,
    *,
    group_id: int,
    user_id: int,
    kind: str,
    language: str,
    notice_version: str,
    now: datetime,
) -> JoinDialogue:
    """A fresh dialogue for (group, user), replacing an earlier unfinished one."""
    await session.execute(
        delete(JoinDialogue).where(
            col(JoinDialogue.group_id) == group_id, col(JoinDialogue.user_id) == user_id
        )
    )
    dialogue = JoinDialogue(
        group_id=group_id,
        user_id=user_id,
        kind=kind,
        language=language,
        notice_version=notice_version,
        requested_at=now,
    )
    return await stored(session, dialogue)


async def dialogue(session: AsyncSession, *, dialogue_id: int) -> JoinDialogue | None:
    """A dialogue by id."""
    return await session.get(JoinDialogue, dialogue_id)


async def end_dialogue(session: AsyncSession, row: JoinDialogue) -> None:
    """Forget a finished dialogue (only its outcome is kept elsewhere)."""
    await session.delete(row)
    await session.flush()


async def expired_dialogues(session: AsyncSession, *, before: datetime) -> list[JoinDialogue]:
    """Dialogues started before `before` and still unanswered."""
    started = col(JoinDialogue.requested_at)
    return await listed(session, JoinDialogue, started < before, order_by=[started])


async def pending_joins(session: AsyncSession, *, group_id: int, other_than: int) -> int:
    """Join requests of other people in the middle of their consent dialogue."""
    return await counted(
        session,
        col(JoinDialogue.group_id) == group_id,
        col(JoinDialogue.kind) == JOIN,
        col(JoinDialogue.user_id) != other_than,
    )


async def enqueue(
    session: AsyncSession, *, group_id: int, user_id: int, language: str, now: datetime
) -> WaitingEntry:
    """Put the user on the group's waiting list (once); returns their entry."""
    entry = await waiting_entry(session, group_id=group_id, user_id=user_id)
    if entry is None:
        entry = WaitingEntry(group_id=group_id, user_id=user_id, language=language, created_at=now)
        await stored(session, entry)
    return entry


async def waiting_entry(
    session: AsyncSession, *, group_id: int, user_id: int
) -> WaitingEntry | None:
    """The user's entry in the group's waiting list, if any."""
    statement = select(WaitingEntry).where(
        col(WaitingEntry.group_id) == group_id, col(WaitingEntry.user_id) == user_id
    )
    return await session.scalar(statement)


async def waiting_list(session: AsyncSession, *, group_id: int) -> list[WaitingEntry]:
    """The group's waiting list, first come first."""
    first_come = [col(WaitingEntry.created_at), col(WaitingEntry.id)]
    ours = col(WaitingEntry.group_id) == group_id
    return await listed(session, WaitingEntry, ours, order_by=first_come)


async def position(session: AsyncSession, entry: WaitingEntry) -> int:
    """1-based place of `entry` in its waiting list."""
    entries = await waiting_list(session, group_id=entry.group_id)
    return next(n for n, other in enumerate(entries, start=1) if other.id == entry.id)


async def leave_waiting_list(session: AsyncSession, *, group_id: int, user_id: int) -> None:
    """Remove the user from the group's waiting list (joined, or offer lapsed)."""
    await session.execute(
        delete(WaitingEntry).where(
            col(WaitingEntry.group_id) == group_id, col(WaitingEntry.user_id) == user_id
        )
    )


async def lapse_offers(session: AsyncSession, *, group_id: int, before: datetime) -> int:
    """Drop offers made before `before` that were not taken; returns how many."""
    result = await session.execute(
        delete(WaitingEntry).where(
            col(WaitingEntry.group_id) == group_id, col(WaitingEntry.offered_at) < before
        )
    )
    return changed(result)


async def admit(
    session: AsyncSession,
    *,
    group_id: int,
    user_id: int,
    language: str,
    municipality: str | None,
    age_band: str | None,
    consent: str,
    now: datetime,
    entered: bool,
) -> Member:
    """The member row with the answers of their consent dialogue."""
    member = await members.ensure(
        session, group_id=group_id, user_id=user_id, now=now, language=language
    )
    member.language, member.municipality, member.age_band = language, municipality, age_band
    member.consent, member.forgotten = consent, False
    if entered:
        member.entered_at = now
    return await stored(session, member)


async def mark_entered(
    session: AsyncSession, *, group_id: int, user_id: int, language: str, now: datetime
) -> Member:
    """A member seen joining now (the newcomer rules count from here)."""
    member = await members.ensure(
        session, group_id=group_id, user_id=user_id, now=now, language=language
    )
    member.entered_at = now
    return await stored(session, member)


async def active_offers(
    session: AsyncSession, *, group_id: int, since: datetime, other_than: int
) -> int:
    """Places offered since `since` and not yet taken, other than to `other_than`."""
    return await counted(
        session,
        col(WaitingEntry.group_id) == group_id,
        col(WaitingEntry.offered_at) >= since,
        col(WaitingEntry.user_id) != other_than,
    )
