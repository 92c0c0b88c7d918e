"""Per-transaction read memo for lookups the hot path repeats (a session day per message).

A value is kept on the session until the session writes anything (a DML statement or an ORM
flush), commits or rolls back; so a read after a write in the same transaction goes to the
database again, and nothing outlives the transaction it was read in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Hashable
from typing import Any, TypeVar

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import ORMExecuteState, Session

MEMO_KEY = "neuvo.read_memo"
T = TypeVar("T")


async def remembered(session: AsyncSession, key: Hashable, load: Callable[[], Awaitable[T]]) -> T:
    """`load()`'s value, read once per transaction until the session writes."""
    memo: dict[Hashable, Any] = session.sync_session.info.setdefault(MEMO_KEY, {})
    if key in memo:
        return memo[key]  # type: ignore[no-any-return]
    value = await load()
    memo[key] = value
    return value


def _forget(session: Session, *_args: Any) -> None:
    session.info.pop(MEMO_KEY, None)


def _on_statement(state: ORMExecuteState) -> None:
    if not state.is_select:
        _forget(state.session)


def install(session_class: type[Session]) -> None:
    """Forget remembered reads on every write, flush, commit and rollback."""
    event.listen(session_class, "do_orm_execute", _on_statement)
    event.listen(session_class, "before_flush", _forget)
    event.listen(session_class, "after_commit", _forget)
    event.listen(session_class, "after_soft_rollback", _forget)
