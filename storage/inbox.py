"""The durable inbox: raw updates stored before they are confirmed to Telegram."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import bindparam, delete, func, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import InboxUpdate
from storage.rows import changed, listed
from storage.upsert import ignoring_insert, table_of

PENDING, DONE, FAILED = "pending", "done", "failed"
_table = table_of(InboxUpdate)
ERROR_CHARS = 4000


async def store(
    session: AsyncSession, *, updates: Sequence[tuple[int, str]], now: datetime
) -> set[int]:
    """Store (update_id, raw JSON) pairs as pending; an id already stored is ignored.

    Returns the ids that were new (one executemany statement, however many updates).
    """
    if not updates:
        return set()
    rows = [
        {
            "update_id": update_id,
            "payload": payload,
            "status": PENDING,
            "attempts": 0,
            "received_at": now,
        }
        for update_id, payload in updates
    ]
    dialect = session.bind.dialect.name if session.bind else "sqlite"
    statement = ignoring_insert(dialect, _table, ("update_id",), ("update_id",))
    return {int(update_id) for (update_id,) in await session.execute(statement, rows)}


class Pending(NamedTuple):
    """A stored update waiting to be handled."""

    update_id: int
    payload: str


async def pending(session: AsyncSession, *, limit: int = 100) -> list[Pending]:
    """The oldest pending updates, in update order."""
    statement = (
        select(col(InboxUpdate.update_id), col(InboxUpdate.payload))
        .where(col(InboxUpdate.status) == PENDING)
        .order_by(col(InboxUpdate.update_id))
        .limit(limit)
    )
    return [Pending(int(uid), str(payload)) for uid, payload in await session.execute(statement)]


_CLAIM_MANY = (
    update(_table)
    .where(_table.c.update_id.in_(bindparam("ids", expanding=True)))
    .where(_table.c.status == PENDING)
    .values(
        status=DONE,
        payload="",
        error=None,
        handled_at=bindparam("now"),
        attempts=_table.c.attempts + 1,
    )
    .returning(_table.c.update_id)
)
_RELEASE = (
    update(_table)
    .where(_table.c.update_id == bindparam("id"))
    .values(status=PENDING, payload=bindparam("raw"), attempts=_table.c.attempts - 1)
)


async def claim_many(
    session: AsyncSession, *, update_ids: Sequence[int], now: datetime
) -> set[int]:
    """`claim` for several updates in one statement; the ids this transaction now holds."""
    if not update_ids:
        return set()
    result = await session.execute(_CLAIM_MANY, {"ids": list(update_ids), "now": now})
    return {int(update_id) for (update_id,) in result}


async def release(session: AsyncSession, *, updates: Sequence[Pending]) -> None:
    """Undo `claim_many` for updates this transaction will not handle (back to pending)."""
    if updates:
        await session.execute(_RELEASE, [{"id": u.update_id, "raw": u.payload} for u in updates])


async def claim(session: AsyncSession, *, update_id: int, now: datetime) -> bool:
    """Take a pending update and mark it done, inside the caller's transaction.

    The UPDATE locks the row until that transaction ends, so of two instances draining the
    same inbox only one handles it; the other then sees it done and skips it. If the
    handling fails, the rollback puts the row back to pending (then `mark_failed`). The raw
    payload (names, texts) is dropped at once; the id is kept for dedup.
    """
    result = await session.execute(
        update(InboxUpdate)
        .where(col(InboxUpdate.update_id) == update_id, col(InboxUpdate.status) == PENDING)
        .values(
            status=DONE, payload="", error=None, handled_at=now, attempts=InboxUpdate.attempts + 1
        )
        .execution_options(synchronize_session=False)
    )
    return changed(result) == 1


async def mark_failed(session: AsyncSession, *, update_id: int, error: str, now: datetime) -> None:
    """Keep the raw update with its error so `neuvo replay` can retry it.

    A long traceback keeps its end, where the exception itself is named.
    """
    await session.execute(
        update(InboxUpdate)
        .where(col(InboxUpdate.update_id) == update_id)
        .values(
            status=FAILED,
            error=error[-ERROR_CHARS:],
            handled_at=now,
            attempts=col(InboxUpdate.attempts) + 1,
        )
    )


async def failed(session: AsyncSession) -> list[InboxUpdate]:
    """Every stored failure, oldest first."""
    failures = col(InboxUpdate.status) == FAILED
    return await listed(session, InboxUpdate, failures, order_by=[col(InboxUpdate.update_id)])


async def requeue_failed(session: AsyncSession) -> int:
    """Put every failed update back to pending; return how many."""
    result = await session.execute(
        update(InboxUpdate).where(col(InboxUpdate.status) == FAILED).values(status=PENDING)
    )
    return changed(result)


async def next_offset(session: AsyncSession) -> int | None:
    """The getUpdates offset that confirms everything stored, or None for a fresh inbox."""
    highest = await session.scalar(select(func.max(col(InboxUpdate.update_id))))
    return None if highest is None else int(highest) + 1


async def counts(session: AsyncSession) -> dict[str, int]:
    """How many updates are in each status."""
    statement = select(col(InboxUpdate.status), func.count()).group_by(col(InboxUpdate.status))
    return {status: int(count) for status, count in (await session.execute(statement)).all()}


async def purge_done(session: AsyncSession, *, before: datetime) -> int:
    """Forget handled updates older than `before` (their ids are only needed for dedup)."""
    result = await session.execute(
        delete(InboxUpdate).where(
            col(InboxUpdate.status) == DONE,
            col(InboxUpdate.handled_at) < before,
        )
    )
    return changed(result)
