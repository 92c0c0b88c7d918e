"""Warnings and member reports (the decisions themselves go to the audit log)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from storage.models import Contribution, MemberWarning, Report
from storage.rows import changed, counted, listed
from storage.upsert import insert_ignore

OPEN, AUTO_HIDDEN = "open", "auto-hidden"
UNDECIDED = (OPEN, AUTO_HIDDEN)


async def warn(
    session: AsyncSession,
    *,
    group_id: int,
    member_id: int,
    reason: str,
    given_by: int | None,
    now: datetime,
) -> int:
    """Add a warning; return the member's warnings not yet spent on a mute."""
    session.add(
        MemberWarning(
            group_id=group_id,
            member_id=member_id,
            reason=reason[:500],
            given_by=given_by,
            created_at=now,
        )
    )
    await session.flush()
    unspent = col(MemberWarning.member_id) == member_id, col(MemberWarning.spent).is_(False)
    return await counted(session, *unspent)


async def spend_warnings(session: AsyncSession, *, member_id: int) -> None:
    """The warnings led to a mute: the count starts again."""
    await session.execute(
        update(MemberWarning)
        .where(col(MemberWarning.member_id) == member_id, col(MemberWarning.spent).is_(False))
        .values(spent=True)
    )


async def add_report(
    session: AsyncSession,
    *,
    group_id: int,
    chat_id: int,
    message_id: int,
    reporter_user_id: int,
    author_user_id: int | None,
    reason: str,
    now: datetime,
) -> bool:
    """Store a report; False when this member already reported this message."""
    row = {
        "group_id": group_id,
        "chat_id": chat_id,
        "message_id": message_id,
        "reporter_user_id": reporter_user_id,
        "author_user_id": author_user_id,
        "reason": reason[:500],
        "status": OPEN,
        "created_at": now,
    }
    keys = ["chat_id", "message_id", "reporter_user_id"]
    return await insert_ignore(session, Report, [row], keys) == 1


async def reports_of(session: AsyncSession, *, chat_id: int, message_id: int) -> list[Report]:
    """Every report of one message, oldest first."""
    of_message = col(Report.chat_id) == chat_id, col(Report.message_id) == message_id
    return await listed(session, Report, *of_message, order_by=[col(Report.id)])


async def report(session: AsyncSession, *, report_id: int) -> Report | None:
    """One report by id."""
    return await session.get(Report, report_id)


async def set_status(
    session: AsyncSession,
    *,
    chat_id: int,
    message_id: int,
    status: str,
    now: datetime,
    by: int | None,
) -> int:
    """Set the status of the message's undecided reports; returns how many changed."""
    decided = {"decided_at": now, "decided_by": by} if status not in UNDECIDED else {}
    result = await session.execute(
        update(Report)
        .where(
            col(Report.chat_id) == chat_id,
            col(Report.message_id) == message_id,
            col(Report.status).in_(UNDECIDED),
        )
        .values(status=status, **decided)
    )
    return changed(result)


async def unhide(session: AsyncSession, *, chat_id: int, message_id: int) -> None:
    """Staff dismissed the reports: the message counts (and may be quoted) again."""
    await session.execute(
        update(Contribution)
        .where(col(Contribution.chat_id) == chat_id, col(Contribution.message_id) == message_id)
        .values(hidden=False)
    )
