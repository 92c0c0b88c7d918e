"""Staff notes per theme and month ("Nostot"), shown first under the theme in the digest."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import ThemeNote
from storage.types import clean_text
from storage.upsert import table_of

_N = table_of(ThemeNote)


async def get_notes(session: AsyncSession, *, group_id: int, month: str) -> dict[str, str]:
    """The notes of a group's month ("2026-12") by theme key."""
    statement = select(_N.c.theme_key, _N.c.text).where(
        _N.c.group_id == group_id, _N.c.month == month
    )
    return {key: text for key, text in (await session.execute(statement)).all()}


async def set_note(
    session: AsyncSession,
    *,
    group_id: int,
    month: str,
    theme_key: str,
    text: str,
    author: int,
    now: datetime,
) -> None:
    """Set (or replace) a theme's note for a month; an empty text deletes it."""
    statement = select(ThemeNote).where(
        _N.c.group_id == group_id, _N.c.month == month, _N.c.theme_key == theme_key
    )
    note = (await session.execute(statement)).scalars().first()
    cleaned = clean_text(text).strip()
    if not cleaned:
        if note is not None:
            await session.delete(note)
        return
    if note is None:
        note = ThemeNote(
            group_id=group_id, month=month, theme_key=theme_key, text="", author=0, updated_at=now
        )
        session.add(note)
    note.text, note.author, note.updated_at = cleaned, author, now
    await session.flush()
