"""Authors confirm their quotes: a session day's quotable contributions under review.

After a session day each consenting author's contributions that may be quoted are set
"pending" until a deadline; the author may withdraw any of them (then "withdrawn": counted,
never quoted). Silence until the deadline confirms them. The candidates mirror the digest's
gate (`digest.quoting.may_quote`): a member's visible text, consent given, not forgotten,
not marked sensitive, not imported.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import NamedTuple

from sqlalchemy import ColumnElement, and_, false, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Contribution, Member
from storage.upsert import table_of

_C = table_of(Contribution)
_M = table_of(Member)
PENDING = "pending"
WITHDRAWN = "withdrawn"


class ReviewItem(NamedTuple):
    """One contribution in an author's review list."""

    id: int
    text: str
    withdrawn: bool


def _quotable_of_day(session_day_id: int) -> ColumnElement[bool]:
    return and_(
        _C.c.session_day_id == session_day_id,
        _C.c.is_staff.is_(false()),
        _C.c.hidden.is_(false()),
        _C.c.sensitive.is_(false()),
        _C.c.imported.is_(false()),
        _C.c.text.is_not(None),
        _M.c.consent == "given",
        _M.c.forgotten.is_(false()),
        _M.c.is_staff.is_(false()),
    )


async def open_reviews(
    db: AsyncSession, *, session_day_id: int, until: datetime
) -> dict[int, list[ReviewItem]]:
    """Set the day's quotable, never reviewed contributions pending until `until`; the
    items by the author's Telegram user id."""
    statement = (
        select(_C.c.id, _C.c.text, _M.c.user_id)
        .select_from(_C.join(_M, _M.c.id == _C.c.member_id))
        .where(_quotable_of_day(session_day_id), _C.c.quote_state.is_(None))
        .order_by(_C.c.sent_at, _C.c.id)
    )
    by_author: dict[int, list[ReviewItem]] = {}
    for number, text, user_id in (await db.execute(statement)).all():
        by_author.setdefault(int(user_id), []).append(ReviewItem(number, str(text), False))
    ids = [item.id for items in by_author.values() for item in items]
    if ids:
        await db.execute(
            update(_C)
            .where(_C.c.id.in_(ids))
            .values(quote_state=PENDING, quote_review_until=until)
        )
    return by_author


async def items_of(db: AsyncSession, *, session_day_id: int, user_id: int) -> list[ReviewItem]:
    """The author's reviewed contributions of the day, by time."""
    statement = (
        select(_C.c.id, _C.c.text, _C.c.quote_state)
        .select_from(_C.join(_M, _M.c.id == _C.c.member_id))
        .where(
            _C.c.session_day_id == session_day_id,
            _M.c.user_id == user_id,
            _C.c.quote_state.is_not(None),
        )
        .order_by(_C.c.sent_at, _C.c.id)
    )
    rows = (await db.execute(statement)).all()
    return [ReviewItem(n, str(text or ""), state == WITHDRAWN) for n, text, state in rows]


async def withdraw(
    db: AsyncSession, *, session_day_id: int, user_id: int, ids: Sequence[int] | None
) -> list[int]:
    """Withdraw the author's pending items of the day (`ids`, or all when None); the ids
    withdrawn now. Only the author's own pending items are touched."""
    own = select(_M.c.id).where(_M.c.user_id == user_id).scalar_subquery()
    chosen = and_(
        _C.c.session_day_id == session_day_id,
        _C.c.member_id.in_(own),
        _C.c.quote_state == PENDING,
    )
    if ids is not None:
        chosen = and_(chosen, _C.c.id.in_(list(ids)))
    found = [int(n) for n in (await db.execute(select(_C.c.id).where(chosen))).scalars()]
    if found:
        await db.execute(update(_C).where(_C.c.id.in_(found)).values(quote_state=WITHDRAWN))
    return found
