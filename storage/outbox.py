"""The transactional outbox: Bot API calls queued in the transaction that decided them.

A handler queues a call with `put` in its own transaction, so the call exists exactly when
the update's effects are committed; the sender (`bot.outbox`) sends each chat's rows in order.
A commit that queued rows rings the session's `WAKE_KEY` callable (see `install`).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, delete, func, or_, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session
from sqlmodel import col, select

from storage.models import OutboxMessage
from storage.rows import changed

PENDING, CLAIMED, SENT, FAILED = "pending", "claimed", "sent", "failed"
#: `session.info` key of a no-argument callable run after a commit that queued rows.
WAKE_KEY = "outbox_wake"
_QUEUED_KEY = "outbox_queued"
ERROR_CHARS = 2000


@dataclass(frozen=True, slots=True)
class Call:
    """One Bot API call to make: the method's name and its JSON params."""

    method: str
    params: dict[str, Any]
    delete_after: int | None = None
    fallback: Call | None = None

    @property
    def chat_id(self) -> int:
        """The chat the call is about (rows of one chat are sent in order)."""
        return int(self.params["chat_id"])

    def to_json(self) -> str:
        """The call (with its own fallback) as JSON text, for the `fallback` column."""
        return json.dumps(_as_dict(self))

    @classmethod
    def from_json(cls, text: str) -> Call:
        """The call `to_json` wrote."""
        return _from_dict(json.loads(text))


def _as_dict(call: Call) -> dict[str, Any]:
    fallback = _as_dict(call.fallback) if call.fallback else None
    return {
        "method": call.method,
        "params": call.params,
        "delete_after": call.delete_after,
        "fallback": fallback,
    }


def _from_dict(data: dict[str, Any]) -> Call:
    fallback = _from_dict(data["fallback"]) if data.get("fallback") else None
    return Call(data["method"], data["params"], data.get("delete_after"), fallback)


@dataclass(frozen=True, slots=True)
class Queued:
    """A claimed row: its id, the call, and how often it was tried (this time included)."""

    id: int
    call: Call
    attempts: int


async def put(
    session: AsyncSession, call: Call, *, now: datetime, not_before: datetime | None = None
) -> None:
    """Queue `call` in the caller's transaction (due at `not_before`, else at once)."""
    session.add(
        OutboxMessage(
            chat_id=call.chat_id,
            method=call.method,
            params=json.dumps(call.params),
            delete_after=call.delete_after,
            fallback=call.fallback.to_json() if call.fallback else None,
            created_at=now,
            not_before=not_before or now,
        )
    )
    session.info[_QUEUED_KEY] = True


def install(session_class: type[Session]) -> None:
    """After a commit that queued rows, run the session's `WAKE_KEY` callable (if any)."""
    from sqlalchemy import event

    event.listen(session_class, "after_commit", _ring)
    event.listen(session_class, "after_soft_rollback", _forget_queued)


def _ring(session: Session) -> None:
    if session.info.pop(_QUEUED_KEY, False):
        wake: Callable[[], None] | None = session.info.get(WAKE_KEY)
        if wake is not None:
            wake()


def _forget_queued(session: Session, _previous: Any) -> None:
    session.info.pop(_QUEUED_KEY, None)


def _workable(now: datetime) -> Any:
    """Rows a sender may take: pending and due, or claimed (perhaps by a dead instance)."""
    due = and_(col(OutboxMessage.state) == PENDING, col(OutboxMessage.not_before) <= now)
    return or_(due, col(OutboxMessage.state) == CLAIMED)


async def due_chats(
    session: AsyncSession, *, now: datetime, stale_before: datetime, limit: int = 100
) -> list[int]:
    """Chats with a due pending row or a stale claim, the longest-waiting first."""
    due = and_(col(OutboxMessage.state) == PENDING, col(OutboxMessage.not_before) <= now)
    stale = and_(col(OutboxMessage.state) == CLAIMED, col(OutboxMessage.claimed_at) < stale_before)
    statement = (
        select(col(OutboxMessage.chat_id))
        .where(or_(due, stale))
        .group_by(col(OutboxMessage.chat_id))
        .order_by(func.min(col(OutboxMessage.id)))
        .limit(limit)
    )
    return [int(chat_id) for chat_id in (await session.scalars(statement)).all()]


async def claim_next(
    session: AsyncSession, *, chat_id: int, now: datetime, holder: str, stale_before: datetime
) -> Queued | None:
    """Claim the chat's next row in order, or None (nothing due, or its head is claimed by a
    live sender). On PostgreSQL the head is locked `FOR UPDATE SKIP LOCKED`, so of two
    instances only one takes it, and neither passes it to take a later row of the chat."""
    head = (
        select(func.min(col(OutboxMessage.id)))
        .where(col(OutboxMessage.chat_id) == chat_id, _workable(now))
        .scalar_subquery()
    )
    statement = (
        select(OutboxMessage)
        .where(col(OutboxMessage.id) == head)
        .with_for_update(skip_locked=True)
        .execution_options(populate_existing=True)
    )
    row = (await session.scalars(statement)).first()
    if row is None or row.id is None:
        return None
    if row.state == CLAIMED and row.claimed_at is not None and row.claimed_at >= stale_before:
        return None
    row.state, row.claimed_at, row.claimed_by = CLAIMED, now, holder
    row.attempts += 1
    fallback = Call.from_json(row.fallback) if row.fallback else None
    call = Call(row.method, json.loads(row.params), row.delete_after, fallback)
    return Queued(row.id, call, row.attempts)


async def mark_sent(session: AsyncSession, *, row_id: int, now: datetime) -> None:
    """The call succeeded: keep only the row's method and times (no text, no chat id)."""
    emptied = {"params": "{}", "chat_id": 0, "fallback": None, "last_error": None}
    await _set(session, row_id, state=SENT, sent_at=now, **emptied)


async def mark_failed(session: AsyncSession, *, row_id: int, error: str, now: datetime) -> None:
    """The call failed for good: keep the row with its error, never retry it."""
    await _set(session, row_id, state=FAILED, last_error=error[-ERROR_CHARS:], sent_at=now)


async def retry_later(
    session: AsyncSession, *, row_id: int, error: str, not_before: datetime
) -> None:
    """The call failed for now: back to pending, due again at `not_before`."""
    await _set(
        session,
        row_id,
        state=PENDING,
        last_error=error[-ERROR_CHARS:],
        not_before=not_before,
        claimed_at=None,
        claimed_by=None,
    )


async def _set(session: AsyncSession, row_id: int, **values: Any) -> None:
    """Set `values` on the row `row_id`."""
    await session.execute(
        update(OutboxMessage).where(col(OutboxMessage.id) == row_id).values(**values)
    )


async def release(session: AsyncSession, *, row_id: int, holder: str) -> None:
    """Give a claim back untried (the sender stops): pending again, its attempt not counted."""
    await session.execute(
        update(OutboxMessage)
        .where(col(OutboxMessage.id) == row_id, col(OutboxMessage.claimed_by) == holder)
        .where(col(OutboxMessage.state) == CLAIMED)
        .values(
            state=PENDING,
            claimed_at=None,
            claimed_by=None,
            attempts=col(OutboxMessage.attempts) - 1,
        )
    )


async def waiting(session: AsyncSession, *, now: datetime) -> int:
    """How many rows are due now or claimed (not yet sent or failed)."""
    statement = select(func.count()).select_from(OutboxMessage).where(_workable(now))
    return int(await session.scalar(statement) or 0)


async def purge(session: AsyncSession, *, now: datetime, sent_for: timedelta) -> int:
    """Delete rows sent or failed more than `sent_for` ago; return how many."""
    result = await session.execute(
        delete(OutboxMessage).where(
            col(OutboxMessage.state).in_((SENT, FAILED)),
            col(OutboxMessage.sent_at) < now - sent_for,
        )
    )
    return changed(result)


async def forget_chat(session: AsyncSession, *, chat_id: int) -> None:
    """Drop every row still addressed to `chat_id` (a person's private chat is their id)."""
    await session.execute(delete(OutboxMessage).where(col(OutboxMessage.chat_id) == chat_id))


def readdressed(call: Call, *, old_chat_id: int, new_chat_id: int) -> Call:
    """`call` (and its fallbacks) sent to `new_chat_id` where it was for `old_chat_id`."""
    params = call.params
    if params.get("chat_id") == old_chat_id:
        params = {**params, "chat_id": new_chat_id}
    fallback = call.fallback
    if fallback is not None:
        fallback = readdressed(fallback, old_chat_id=old_chat_id, new_chat_id=new_chat_id)
    return Call(call.method, params, call.delete_after, fallback)


async def move_chat(session: AsyncSession, *, old_chat_id: int, new_chat_id: int) -> int:
    """Readdress every row for `old_chat_id` (a group upgraded to a supergroup) to
    `new_chat_id`; returns how many rows moved."""
    rows = (
        await session.scalars(
            select(OutboxMessage).where(col(OutboxMessage.chat_id) == old_chat_id)
        )
    ).all()
    for row in rows:
        fallback = Call.from_json(row.fallback) if row.fallback else None
        call = readdressed(
            Call(row.method, json.loads(row.params), row.delete_after, fallback),
            old_chat_id=old_chat_id,
            new_chat_id=new_chat_id,
        )
        row.chat_id, row.params = new_chat_id, json.dumps(call.params)
        row.fallback = call.fallback.to_json() if call.fallback else None
        session.add(row)
    return len(rows)
