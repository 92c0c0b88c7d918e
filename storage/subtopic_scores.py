"""Contributions waiting for their sub-topic scores (`contributions.subtopic_scores`), found
and stored in batches off the ingest path (`digest.stored_scores.score_group`)."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import NamedTuple

from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col, select

from storage.models import Contribution, Group
from storage.rows import changed
from storage.upsert import table_of


class Unscored(NamedTuple):
    """A member's themed text without scores."""

    id: int
    theme_key: str
    text: str


async def unscored(
    session: AsyncSession,
    *,
    group_key: str,
    theme_keys: Collection[str],
    after_id: int,
    limit: int,
) -> list[Unscored]:
    """The group's member texts of `theme_keys` without scores, by id after `after_id`, at
    most `limit` (staff messages and rows without a text or theme are never scored)."""
    statement = (
        select(col(Contribution.id), col(Contribution.theme_key), col(Contribution.text))
        .join(Group, col(Group.id) == col(Contribution.group_id))
        .where(
            col(Group.key) == group_key,
            col(Contribution.id) > after_id,
            col(Contribution.subtopic_scores).is_(None),
            col(Contribution.theme_key).in_(theme_keys),
            col(Contribution.text).is_not(None),
            col(Contribution.is_staff).is_(False),
        )
        .order_by(col(Contribution.id))
        .limit(limit)
    )
    return [Unscored._make(row) for row in (await session.execute(statement)).all()]


_table = table_of(Contribution)
_STORE = (
    update(_table)
    .where(
        _table.c.id == bindparam("row_id"),
        _table.c.text == bindparam("scored_text"),  # an edit since: the new text waits
        _table.c.subtopic_scores.is_(None),
    )
    .values(subtopic_scores=bindparam("scores"))
)


async def store(session: AsyncSession, scored: Sequence[tuple[Unscored, str]]) -> int:
    """Keep each row's scores unless its text changed since it was read; how many were kept
    (one statement per row: executemany does not count the rows on every driver)."""
    kept = 0
    for row, scores in scored:
        params = {"row_id": row.id, "scored_text": row.text, "scores": scores}
        kept += changed(await session.execute(_STORE, params))
    return kept
