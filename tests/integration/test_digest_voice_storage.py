"""Storage for the digest's voice: theme notes ("Nostot") and staff sub-topic moves."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from storage import contributions, theme_notes
from storage.db import transaction
from tests.integration.test_digest_seed import CHAT, NOW, december_digest, seed

LATER = datetime(2027, 1, 3, 9, tzinfo=UTC)


async def _note(db: AsyncSession, text: str, *, author: int, now: datetime) -> None:
    """Set group 1's December note on bullying."""
    await theme_notes.set_note(
        db, group_id=1, month="2026-12", theme_key="kiusaaminen", text=text, author=author, now=now
    )


async def test_a_theme_note_is_set_replaced_and_deleted(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """One note per group, month and theme: set, replaced by a second set, gone when empty."""
    await seed(sessions)
    async with transaction(sessions) as db:
        await _note(db, "Viedään", author=5, now=NOW)
        await _note(db, "Korjattu", author=6, now=LATER)
    async with sessions() as db:
        assert await theme_notes.get_notes(db, group_id=1, month="2026-12") == {
            "kiusaaminen": "Korjattu"
        }
        assert await theme_notes.get_notes(db, group_id=1, month="2026-11") == {}
    async with transaction(sessions) as db:
        await _note(db, " ", author=6, now=LATER)
    async with sessions() as db:
        assert await theme_notes.get_notes(db, group_id=1, month="2026-12") == {}


async def test_a_moved_contribution_stays_under_the_chosen_question(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """After set_subtopic_override the digest lists the contribution under that question,
    and the note given to the builder is shown first under its theme."""
    await seed(sessions)
    async with transaction(sessions) as db:
        moved = await contributions.set_subtopic_override(
            db, chat_id=CHAT, message_id=555_000_001, index=2
        )
    assert moved
    digest = await december_digest(sessions, notes={"kiusaaminen": "Viedään eteenpäin"})
    bullying = next(theme for theme in digest.themes if theme.key == "kiusaaminen")
    assert bullying.note == "Viedään eteenpäin"
    placed = {
        item.quote.contribution_id: subtopic.index
        for subtopic in bullying.subtopics
        for item in subtopic.items
    }
    assert placed[1] == 2
