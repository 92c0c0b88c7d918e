"""A member's data: export (/mydata), erasure (/forget, withdrawal) and the retention purge."""

from __future__ import annotations

import calendar
import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import SQLModel, col, select

from storage import consent, help_requests, outbox, questions
from storage.models import (
    AdhocWindow,
    Contribution,
    ContributionEdit,
    InboxUpdate,
    JoinDialogue,
    Member,
    MemberWarning,
    ModerationAction,
    Reaction,
    Report,
    Staff,
    WaitingEntry,
)
from storage.rows import changed, stored
from storage.upsert import table_of

FAILED = "failed"


def months_before(now: datetime, months: int) -> datetime:
    """The same wall-clock instant `months` calendar months earlier (day clamped)."""
    index = now.year * 12 + now.month - 1 - months
    year, month = divmod(index, 12)
    day = min(now.day, calendar.monthrange(year, month + 1)[1])
    return now.replace(year=year, month=month + 1, day=day)


async def purge_texts(session: AsyncSession, *, before: datetime) -> int:
    """Erase raw texts sent before `before`; counts stay. Returns contributions emptied."""
    old = select(Contribution.id).where(col(Contribution.sent_at) < before)
    await session.execute(
        delete(ContributionEdit).where(
            or_(
                col(ContributionEdit.contribution_id).in_(old),
                col(ContributionEdit.edited_at) < before,
            )
        )
    )
    await session.execute(update(Report).where(col(Report.created_at) < before).values(reason=""))
    await help_requests.purge(session, before=before)
    result = await session.execute(
        update(Contribution)
        .where(col(Contribution.sent_at) < before, col(Contribution.text).is_not(None))
        .values(text=None, subtopic_scores=None)  # the scores were made from the text
    )
    await questions.purge_texts(session, before=before)
    return changed(result)


async def forget_member(session: AsyncSession, *, member: Member, now: datetime) -> None:
    """Erase one membership's texts and identity; anonymous counts and records remain."""
    assert member.id is not None
    mine = select(Contribution.id).where(col(Contribution.member_id) == member.id)
    await session.execute(
        delete(ContributionEdit).where(col(ContributionEdit.contribution_id).in_(mine))
    )
    await session.execute(
        update(Contribution)
        .where(col(Contribution.member_id) == member.id)
        .values(text=None, subtopic_scores=None)
    )
    await session.execute(
        update(MemberWarning).where(col(MemberWarning.member_id) == member.id).values(reason="")
    )
    await questions.forget_member(session, member_id=member.id)
    user_id = member.user_id
    await consent.decide(
        session,
        member=member,
        decision=consent.WITHDRAWN,
        notice_version="-",
        language=member.language,
        now=now,
    )
    member.user_id, member.forgotten, member.entered_at = None, True, None
    await stored(session, member)
    if user_id is not None:
        await session.execute(
            delete(JoinDialogue).where(
                col(JoinDialogue.user_id) == user_id, col(JoinDialogue.group_id) == member.group_id
            )
        )


async def forget_user(session: AsyncSession, *, user_id: int, now: datetime) -> int:
    """Erase every text and id of the user in every table; returns memberships erased."""
    rows = list(
        (await session.scalars(select(Member).where(col(Member.user_id) == user_id))).all()
    )
    for member in rows:
        await forget_member(session, member=member, now=now)
    await _erase_user_ids(session, user_id)
    await help_requests.forget_user(session, user_id=user_id)
    await _drop_failed_updates(session, user_id)
    await outbox.forget_chat(session, chat_id=user_id)
    return len(rows)


async def _erase_user_ids(session: AsyncSession, user_id: int) -> None:
    owned: tuple[type[SQLModel], ...] = (Reaction, JoinDialogue, WaitingEntry, Staff)
    for owner in owned:
        await session.execute(delete(owner).where(table_of(owner).c.user_id == user_id))
    nulls: list[tuple[type[SQLModel], str, dict[str, Any]]] = [
        (ModerationAction, "actor_user_id", {"actor_user_id": None, "reason": ""}),
        (ModerationAction, "target_user_id", {"target_user_id": None}),
        (Report, "reporter_user_id", {"reporter_user_id": None, "reason": ""}),
        (Report, "author_user_id", {"author_user_id": None}),
        (Report, "decided_by", {"decided_by": None}),
        (MemberWarning, "given_by", {"given_by": None}),
        (AdhocWindow, "opened_by", {"opened_by": None}),
    ]
    for model, column, values in nulls:
        await session.execute(
            update(model).where(table_of(model).c[column] == user_id).values(**values)
        )


async def _drop_failed_updates(session: AsyncSession, user_id: int) -> None:
    """Failed raw updates that mention the user cannot be replayed after erasure."""
    failed = await session.scalars(select(InboxUpdate).where(col(InboxUpdate.status) == FAILED))
    for row in failed.all():
        if _mentions(json.loads(row.payload or "{}"), user_id):
            await session.delete(row)
    await session.flush()


def _mentions(value: Any, user_id: int) -> bool:
    if isinstance(value, dict):
        return any(_mentions(item, user_id) for item in value.values())
    if isinstance(value, list):
        return any(_mentions(item, user_id) for item in value)
    return isinstance(value, int) and not isinstance(value, bool) and value == user_id


def _plain(row: SQLModel, *skip: str) -> dict[str, Any]:
    """A row as JSON-ready values (instants as ISO 8601 UTC)."""
    data = row.model_dump(exclude=set(skip))
    return {k: v.isoformat() if isinstance(v, datetime) else v for k, v in data.items()}


async def export_user(session: AsyncSession, *, user_id: int) -> dict[str, Any]:
    """Everything stored about the user, grouped by what it is."""
    memberships = []
    for member in (
        await session.scalars(select(Member).where(col(Member.user_id) == user_id))
    ).all():
        memberships.append(await _membership(session, member))
    return {
        "user_id": user_id,
        "memberships": memberships,
        "reactions": await _rows(session, Reaction, col(Reaction.user_id) == user_id),
        "join_dialogues": await _rows(session, JoinDialogue, col(JoinDialogue.user_id) == user_id),
        "waiting_list": await _rows(session, WaitingEntry, col(WaitingEntry.user_id) == user_id),
        "reports_made": await _rows(session, Report, col(Report.reporter_user_id) == user_id),
        "reports_about_you": await _rows(session, Report, col(Report.author_user_id) == user_id),
        "audit_log": await _rows(
            session,
            ModerationAction,
            or_(
                col(ModerationAction.actor_user_id) == user_id,
                col(ModerationAction.target_user_id) == user_id,
            ),
        ),
    }


async def _rows(session: AsyncSession, model: type[SQLModel], where: Any) -> list[dict[str, Any]]:
    result = await session.scalars(select(model).where(where).order_by(model.id))  # type: ignore[attr-defined]
    return [_plain(row) for row in result.all()]


async def _membership(session: AsyncSession, member: Member) -> dict[str, Any]:
    assert member.id is not None
    contributions = []
    for row in (
        await session.scalars(
            select(Contribution)
            .where(col(Contribution.member_id) == member.id)
            .order_by(col(Contribution.sent_at))
        )
    ).all():
        item = _plain(row, "member_id")
        item["earlier_texts"] = await _rows(
            session, ContributionEdit, col(ContributionEdit.contribution_id) == row.id
        )
        contributions.append(item)
    return {
        "member": _plain(member),
        "consent_records": [
            _plain(r) for r in await consent.records(session, member_id=member.id)
        ],
        "warnings": await _rows(session, MemberWarning, col(MemberWarning.member_id) == member.id),
        "contributions": contributions,
    }
