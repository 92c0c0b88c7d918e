"""Text from Telegram containing U+0000 is stored on SQLite and PostgreSQL (as U+FFFD)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from storage import contributions, groups, moderation
from storage.db import transaction
from storage.models import ContributionEdit, MemberWarning, Report
from tests.integration.test_deferred_writes import NOW, message, new_group


async def test_nul_in_every_telegram_text_is_stored_as_replacement_char(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A message, its edit, the replaced text, a group title and reasons with NUL all store,
    each NUL read back as U+FFFD."""
    group_id = await new_group(sessions)
    async with transaction(sessions) as db:
        contributions.log(
            db, user_id=7, language="fi", now=NOW, **{**message(group_id, 1), "text": "a\x00b"}
        )
    async with transaction(sessions) as db:
        await contributions.record_edit(
            db, chat_id=-100, message_id=1, text="c\x00d", edited_at=NOW + timedelta(minutes=1)
        )
        await groups.register(
            db, key="g", audience="parents", chat_id=-100, now=NOW, title="x\x00"
        )
        await moderation.add_report(
            db,
            group_id=group_id,
            chat_id=-100,
            message_id=1,
            reporter_user_id=8,
            author_user_id=7,
            reason="r\x00",
            now=NOW,
        )
        row = await contributions.get(db, chat_id=-100, message_id=1)
        assert row is not None and row.member_id is not None
        await moderation.warn(
            db, group_id=group_id, member_id=row.member_id, reason="w\x00", given_by=1, now=NOW
        )
    async with sessions() as db:
        row = await contributions.get(db, chat_id=-100, message_id=1)
        group = await groups.by_key(db, key="g")
        edit = await db.scalar(select(col(ContributionEdit.previous_text)))
        report = await db.scalar(select(col(Report.reason)))
        warning = await db.scalar(select(col(MemberWarning.reason)))
    assert row is not None and row.text == "c\ufffdd"
    assert group is not None and group.title == "x\ufffd"
    assert (edit, report, warning) == ("a\ufffdb", "r\ufffd", "w\ufffd")
