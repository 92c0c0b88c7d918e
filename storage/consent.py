"""Consent decisions (with the notice version shown) and one-off group notices."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import ConsentRecord, GroupNotice, Member
from storage.rows import listed
from storage.upsert import insert_ignore

GIVEN, DECLINED, WITHDRAWN, UNKNOWN = "given", "declined", "withdrawn", "unknown"
CONSENT_CALL = "consent-call"


async def decide(
    session: AsyncSession,
    *,
    member: Member,
    decision: str,
    notice_version: str,
    language: str,
    now: datetime,
    age_band: str | None = None,
) -> ConsentRecord:
    """Store a decision (with the age band given, if any) and set the member's consent
    state accordingly."""
    assert member.id is not None
    record = ConsentRecord(
        member_id=member.id,
        decision=decision,
        notice_version=notice_version,
        language=language,
        age_band=age_band,
        decided_at=now,
    )
    member.consent = decision if decision in (GIVEN, DECLINED, WITHDRAWN) else member.consent
    session.add_all([record, member])
    await session.flush()
    return record


async def records(session: AsyncSession, *, member_id: int) -> list[ConsentRecord]:
    """Every decision of a member, oldest first."""
    oldest_first = [col(ConsentRecord.decided_at), col(ConsentRecord.id)]
    mine = col(ConsentRecord.member_id) == member_id
    return await listed(session, ConsentRecord, mine, order_by=oldest_first)


async def notice_posted(session: AsyncSession, *, group_id: int, kind: str) -> bool:
    """True once the notice `kind` has been posted in the group."""
    statement = select(GroupNotice.id).where(
        col(GroupNotice.group_id) == group_id, col(GroupNotice.kind) == kind
    )
    return await session.scalar(statement) is not None


async def mark_notice(
    session: AsyncSession, *, group_id: int, kind: str, message_id: int | None, now: datetime
) -> bool:
    """Remember that the notice was posted; False if another instance did it first."""
    row = {"group_id": group_id, "kind": kind, "message_id": message_id, "posted_at": now}
    return await insert_ignore(session, GroupNotice, [row], ["group_id", "kind"]) == 1
