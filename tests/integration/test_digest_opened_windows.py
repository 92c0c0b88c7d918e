"""The digest counts a window as opened only once its prompt was really posted."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest import queries
from storage import actions
from storage.db import transaction
from tests.storage_support import registered_group_id

NOW = datetime(2026, 12, 8, 6, 0, tzinfo=UTC)


async def test_a_claim_never_carried_out_is_not_an_opened_window(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Of two claimed prompts, only the one marked done (posted) is an opened window."""
    async with transaction(sessions) as db:
        group_id = await registered_group_id(db, chat_id=-100, now=NOW)
        starts = [NOW, NOW + timedelta(hours=6)]
        for start in starts:
            assert await actions.claim(
                db,
                group_id=group_id,
                window_start=start,
                window_end=start + timedelta(hours=2),
                action="open",
                holder="a",
                now=NOW,
                stale_before=NOW - timedelta(minutes=2),
                theme_key="eroasiat",
            )
        assert await actions.complete(
            db,
            group_id=group_id,
            window_start=starts[0],
            action="open",
            holder="a",
            message_id=7,
            now=NOW,
        )
    async with sessions() as db:
        opened = await queries.opened_windows(
            db, group_id=group_id, start=NOW - timedelta(days=1), end=NOW + timedelta(days=1)
        )
    assert [window.window_start for window in opened] == [starts[0]]
