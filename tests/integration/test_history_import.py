"""Importing a chat export on SQLite and PostgreSQL: attribution, idempotence, never quoted."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import select

from bot.history_import import ChatImport, ImportResult, import_chat
from bot.telegram_export import ExportError, read_export
from digest.builder import build_rows
from digest.periods import month_range
from scheduler.policy import GroupPolicy
from storage import groups, session_days
from storage.db import transaction
from storage.models import Contribution, Member, SessionDay

Row = TypeVar("Row", Contribution, Member, SessionDay)

DATA = Path(__file__).parents[1] / "data" / "telegram_export"
CHAT_ID = -1001987654321  # the Bot API id of the export's supergroup 1987654321
NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
STAFF = 1001
THEMES = {date(2026, 11, 4): "kiusaaminen"}


async def register(sessions: async_sessionmaker[AsyncSession], chat_id: int = CHAT_ID) -> None:
    """The parents' group on the exported chat, with 11 Nov already planned."""
    async with transaction(sessions) as db:
        group = await groups.register(
            db, key="parents", audience="parents", chat_id=chat_id, now=NOW
        )
        assert group.id is not None
        await session_days.plan(
            db, group_id=group.id, on=date(2026, 11, 11), theme_key="kaveruustaidot", now=NOW
        )


async def run_import(sessions: async_sessionmaker[AsyncSession], name: str) -> ImportResult:
    """Import one sample export into the parents' group."""
    return await import_chat(
        sessions,
        ChatImport(read_export(DATA / name), "parents", THEMES, NOW),
        policy_for=lambda group: GroupPolicy.parse(zone=group.timezone),
        staff_ids={STAFF},
    )


async def every(sessions: async_sessionmaker[AsyncSession], model: type[Row]) -> list[Row]:
    """Every stored row of a table."""
    async with sessions() as db:
        return list((await db.scalars(select(model))).all())


async def stored(sessions: async_sessionmaker[AsyncSession]) -> dict[int, Contribution]:
    """Every stored contribution by message id."""
    return {row.message_id: row for row in await every(sessions, Contribution)}


@pytest.fixture
async def imported(sessions: async_sessionmaker[AsyncSession]) -> ImportResult:
    """The parents' group registered and the sample export imported into it once."""
    await register(sessions)
    return await run_import(sessions, "group.json")


async def test_messages_are_attributed_by_windows_and_given_days(
    sessions: async_sessionmaker[AsyncSession], imported: ImportResult
) -> None:
    """A window message takes its day's theme (given or planned); outside windows, none."""
    result = imported
    assert (result.read, result.stored, result.skipped, result.themed) == (11, 11, 4, 10)
    rows = await stored(sessions)
    assert (rows[3].theme_key, rows[3].window_label) == ("kiusaaminen", "08-10")
    assert (rows[11].theme_key, rows[11].window_label) == ("kiusaaminen", "20-22")
    assert (rows[14].theme_key, rows[14].window_label) == ("kaveruustaidot", "14-16")
    assert rows[8].theme_key is None and rows[8].session_day_id is None
    assert all(row.imported and row.chat_id == CHAT_ID for row in rows.values())
    assert rows[6].text is None and rows[6].media_kind == "photo"
    assert rows[12].is_staff and not rows[3].is_staff


@pytest.mark.usefixtures("imported")
async def test_given_day_is_planned_as_a_session_day(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """`--theme 2026-11-04=kiusaaminen` leaves that day planned with its theme."""
    days = {day.day: day for day in await every(sessions, SessionDay)}
    day = days.get(date(2026, 11, 4))
    assert day is not None and day.theme_key == "kiusaaminen" and not day.skipped


@pytest.mark.usefixtures("imported")
async def test_authors_are_members_without_consent_joined_at_first_message(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Each author is a member by Telegram user id, consent unknown, joined when first seen."""
    members = {member.user_id: member for member in await every(sessions, Member)}
    assert set(members) == {1001, 1002, 1003, 1004, 1005}
    assert all(member.consent == "unknown" for member in members.values())
    assert members[1002].joined_at == datetime(2026, 11, 4, 6, 5, tzinfo=UTC)


@pytest.mark.usefixtures("imported")
async def test_second_import_stores_nothing_new(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Importing the same export again finds every message stored and adds none."""
    again = await run_import(sessions, "group.json")
    assert (again.stored, again.already) == (0, 11)
    assert len(await stored(sessions)) == 11


@pytest.mark.usefixtures("imported")
async def test_imported_text_is_never_quoted_even_after_consent(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A consenting author's imported messages are counted in the rows but show no text."""
    async with transaction(sessions) as db:
        await db.execute(update(Member).values(consent="given"))
    start, end = month_range(2026, 11, "Europe/Helsinki")
    async with sessions() as db:
        rows = await build_rows(db, group_key="parents", start=start, end=end, secret="s" * 32)
    assert len(rows) == 10  # staff's message is not a member contribution
    assert all(row.text == "" for row in rows)


async def test_export_of_another_chat_imports_nothing(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A different chat's export is refused in one line and leaves no session day behind."""
    await register(sessions)
    with pytest.raises(ExportError, match="nothing imported"):
        await run_import(sessions, "other_group.json")
    assert await stored(sessions) == {}
    assert [day.day for day in await every(sessions, SessionDay)] == [date(2026, 11, 11)]
