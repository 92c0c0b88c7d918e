"""`neuvo digest`'s files: the CSV streamed by the export equals the month model's CSV."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import SecretStr
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.digest_ops import MonthFiles, month_digest, write_month
from config import Settings
from digest.errors import DigestError
from digest.render import render
from tests.integration.test_digest_export import hostile
from tests.integration.test_digest_seed import GROUP_KEY, NOW, SECRET
from themes.loader import load_catalog

SETTINGS = Settings(pseudonym_secret=SecretStr(SECRET))


async def test_month_csv_file_equals_the_model_rendering(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """The CSV file and the other formats of a seeded month: the CSV has the model's bytes."""
    await hostile(sessions)
    catalog = load_catalog()
    async with sessions() as db:
        files = MonthFiles(2026, 12, NOW, formats=("csv", "json"), target=tmp_path)
        paths = await write_month(db, SETTINGS, catalog, files, group_key=GROUP_KEY)
        digest = await month_digest(
            db, SETTINGS, catalog, group_key=GROUP_KEY, year=2026, month=12, now=NOW
        )
    assert [path.name for path in paths] == [
        "neuvo-parents-2026-12.csv",
        "neuvo-parents-2026-12.json",
    ]
    assert len(digest.rows) > 10  # a month with rows of every kind
    assert paths[0].read_bytes() == render(digest, "csv")
    assert paths[1].read_bytes() == render(digest, "json")


async def test_csv_alone_to_a_named_file(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """One format to a path with a suffix writes that very file."""
    await hostile(sessions)
    target = tmp_path / "joulukuu.csv"
    async with sessions() as db:
        files = MonthFiles(2026, 12, NOW, formats=("csv",), target=target)
        paths = await write_month(db, SETTINGS, load_catalog(), files, group_key=GROUP_KEY)
    assert paths == [target]
    assert target.read_bytes().startswith(b"\xef\xbb\xbfcontribution_id,")


async def test_unknown_group_writes_nothing(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """A CSV of a group that does not exist is a DigestError naming the known groups."""
    await hostile(sessions)
    with pytest.raises(DigestError, match="known: parents"):
        async with sessions() as db:
            files = MonthFiles(2026, 12, NOW, formats=("csv",), target=tmp_path / "out")
            await write_month(db, SETTINGS, load_catalog(), files, group_key="nobody")
    assert not (tmp_path / "out").exists()
