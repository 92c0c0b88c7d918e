"""The regional digest on SQLite and PostgreSQL: the December group plus a second one."""

from __future__ import annotations

import csv
import io
import json

import pytest
from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest.model import Digest
from digest.regional import RegionalDigest
from digest.regional_build import build_regional
from digest.render import FORMATS
from digest.render.regional import render_regional
from storage.db import transaction
from storage.models import Contribution, Group, Member
from storage.upsert import table_of
from tests.integration.test_digest_seed import GROUP_KEY, NOW, SECRET, at, december_digest, seed
from themes.loader import load_catalog

SECOND = "turku"
SECOND_PEOPLE = 6  # six Turku members, each writing once on bullying


async def seed_second(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A second parents' group (Turku) whose six members each wrote once on bullying."""
    members = [
        {"id": 100 + n, "group_id": 2, "user_id": 7_000 + n, "consent": "given",
         "municipality": "Turku", "is_staff": False, "forgotten": False, "joined_at": at(1, 8)}
        for n in range(SECOND_PEOPLE)
    ]  # fmt: skip
    rows = [
        {"id": 1_000 + n, "group_id": 2, "member_id": 100 + n, "chat_id": -200, "message_id": n,
         "theme_key": "kiusaaminen", "window_label": "08-10", "sent_at": at(9, 6, n),
         "text": f"Kiusaaminen välitunnilla {n}", "stored_at": at(9, 6, n)}
        for n in range(SECOND_PEOPLE)
    ]  # fmt: skip
    group = {"id": 2, "key": SECOND, "chat_id": -200, "audience": "parents", "title": "Turku",
             "language": "fi", "timezone": "Europe/Helsinki", "created_at": at(1, 8)}  # fmt: skip
    async with transaction(sessions) as db:
        for model, values in ((Group, [group]), (Member, members), (Contribution, rows)):
            await db.execute(insert(table_of(model)), values)


async def regional(sessions: async_sessionmaker[AsyncSession]) -> RegionalDigest:
    """December's regional digest of both groups."""
    async with sessions() as db:
        return await build_regional(
            db, group_keys=[GROUP_KEY, SECOND], year=2026, month=12, secret=SECRET,
            catalog=load_catalog(), now=NOW,
        )  # fmt: skip


async def single(sessions: async_sessionmaker[AsyncSession], key: str) -> Digest:
    """One group's own December digest."""
    return await december_digest(sessions, group_key=key)


@pytest.fixture
async def both(sessions: async_sessionmaker[AsyncSession]) -> RegionalDigest:
    """The two groups seeded and their regional digest."""
    await seed(sessions)
    await seed_second(sessions)
    return await regional(sessions)


async def test_themes_align_by_key_and_add_up(
    both: RegionalDigest, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """A theme's regional counts are the sum of its counts in each group's own digest."""
    lahti, turku = await single(sessions, GROUP_KEY), await single(sessions, SECOND)
    bullying = next(theme for theme in both.themes if theme.key == "kiusaaminen")
    own = [t for d in (lahti, turku) for t in d.themes if t.key == "kiusaaminen"]
    assert bullying.contributions == sum(t.contributions for t in own)
    assert bullying.participants == sum(t.participants for t in own)
    assert bullying.groups == 2
    assert both.totals.contributions == lahti.totals.contributions + turku.totals.contributions


async def test_breakdowns_by_group_title_and_municipality_are_protected(
    both: RegionalDigest,
) -> None:
    """Groups appear by title; small municipality cells show "< 5" and whatever would give
    them back by subtraction "·"; Turku's six people are shown."""
    bullying = next(theme for theme in both.themes if theme.key == "kiusaaminen")
    by_group = {row.label: row.participants.text for row in bullying.by_group}
    assert by_group == {"Lahti": "6", "Turku": str(SECOND_PEOPLE)}
    places = {row.label: row for row in bullying.by_municipality}
    assert places["Turku"].participants.value == SECOND_PEOPLE
    assert places["Heinola"].participants.text == "< 5"
    assert places["Lahti"].contributions.complementary


async def test_a_theme_of_one_small_group_withholds_its_group_breakdown(
    both: RegionalDigest,
) -> None:
    """Three friendship contributions in one group: a by-group row would reveal them."""
    friendship = next(theme for theme in both.themes if theme.key == "kaveruustaidot")
    assert friendship.contributions == 3 and friendship.by_group == ()


async def test_every_format_renders_and_rows_carry_the_group(both: RegionalDigest) -> None:
    """md, html, pdf, csv, xlsx and json render; CSV and JSON rows name each row's group."""
    files = {fmt: render_regional(both, fmt) for fmt in FORMATS}
    assert all(files.values())
    assert files["pdf"].startswith(b"%PDF")
    table = list(csv.reader(io.StringIO(files["csv"].decode("utf-8-sig"))))
    assert table[0][0] == "group" and len(table) - 1 == len(both.rows)
    assert {row[0] for row in table[1:]} == {GROUP_KEY, SECOND}
    document = json.loads(files["json"])
    assert document["kind"] == "regional"
    assert [group["group_key"] for group in document["groups"]] == [GROUP_KEY, SECOND]
    assert "Turku" in files["md"].decode("utf-8")
