"""Deferred contribution writes: the hot path's rows reach the database in bulk.

Through SQLAlchemy and aiosqlite a statement costs more CPU than everything else in handling
a member message, and storing one needs two (its member's id, the row). So a message only
queues its row on the session (`queue_contribution`); the queue is written in two
executemany statements — the members upsert returning ids, then the contributions insert —
just before the session executes any other statement, flushes the ORM, or commits. Every
read in the same transaction therefore sees the queued rows, a rollback drops them, and a
write that fails raises from the statement or commit that flushed it (inside the same
transaction as the update that queued it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

from storage.models import Contribution, Member
from storage.upsert import ignoring_insert, table_of, upsert_returning

QUEUE_KEY = "neuvo.deferred_contributions"
MEMBER_KEY = ("group_id", "user_id")
MESSAGE_KEY = ("chat_id", "message_id")


@dataclass
class ContributionQueue:
    """Rows waiting on one session: members by (group, user), messages by (chat, message)."""

    members: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)
    contributions: dict[tuple[int, int], tuple[tuple[int, int], dict[str, Any]]] = field(
        default_factory=dict
    )

    def __bool__(self) -> bool:
        return bool(self.contributions)


def queue_contribution(
    session: AsyncSession, *, member: dict[str, Any], contribution: dict[str, Any]
) -> None:
    """Queue a message (without `member_id`) and the member row it belongs to.

    A second message with the same (chat_id, message_id) in the queue is ignored, as the
    insert ignores one already stored: a re-delivery never makes a second contribution.
    """
    sync = session.sync_session
    if not sync.in_transaction():
        sync.begin()  # so that a rollback, even before any statement, drops the queue
    queue = sync.info.setdefault(QUEUE_KEY, ContributionQueue())
    member_key = (int(member["group_id"]), int(member["user_id"]))
    message_key = (int(contribution["chat_id"]), int(contribution["message_id"]))
    queue.members.setdefault(member_key, member)
    queue.contributions.setdefault(message_key, (member_key, contribution))


def queued(session: AsyncSession) -> int:
    """How many messages wait to be written on this session."""
    queue = session.sync_session.info.get(QUEUE_KEY)
    return len(queue.contributions) if queue else 0


def write_queued(session: Session) -> None:
    """Write the queue now (sync: runs inside SQLAlchemy's greenlet, from the events)."""
    queue: ContributionQueue | None = session.info.pop(QUEUE_KEY, None)
    if not queue:
        return
    connection = session.connection()
    member_ids = _upsert_members(connection, list(queue.members.values()))
    rows = [
        {**fields, "member_id": member_ids[member_key]}
        for member_key, fields in queue.contributions.values()
    ]
    table = table_of(Contribution)
    connection.execute(ignoring_insert(connection.dialect.name, table, MESSAGE_KEY), rows)


def _upsert_members(connection: Connection, rows: list[dict[str, Any]]) -> dict[Any, int]:
    """Create the members not seen yet; the id of every (group_id, user_id) either way."""
    returning = ("id", *MEMBER_KEY)
    statement = upsert_returning(connection.dialect.name, table_of(Member), MEMBER_KEY, returning)
    result = connection.execute(statement, rows)
    return {(group_id, user_id): member_id for member_id, group_id, user_id in result}


def _before_statement(state: ORMExecuteState) -> None:
    write_queued(state.session)


def _before_flush(session: Session, _context: Any, _instances: Any) -> None:
    write_queued(session)


def _drop_queue(session: Session, *_args: Any) -> None:
    session.info.pop(QUEUE_KEY, None)


def install(session_class: type[Session]) -> None:
    """Write queued rows before any statement, ORM flush or commit; drop them on rollback."""
    event.listen(session_class, "do_orm_execute", _before_statement)
    event.listen(session_class, "before_flush", _before_flush)
    event.listen(session_class, "before_commit", write_queued)
    event.listen(session_class, "after_soft_rollback", _drop_queue)
