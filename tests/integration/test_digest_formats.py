"""Every format rendered from a stored month keeps Telegram identities and private texts out."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest.render import FORMATS, render, write_formats
from storage.db import transaction
from storage.models import Contribution
from tests.integration.test_digest_seed import CHAT, NEVER_SHOWN, USER, december_digest, seed
from tests.pdf_text import pdf_text
from themes.loader import load_catalog
from themes.model import Catalog, Theme, ThemeText

HOSTILE = "<script>alert(1)</script>"


def readable(fmt: str, data: bytes) -> str:
    """The text a person could read in a file: XLSX unzipped, PDF's text layer via pypdf."""
    if fmt == "xlsx":
        with zipfile.ZipFile(io.BytesIO(data)) as book:
            return "".join(book.read(name).decode("utf-8") for name in book.namelist())
    if fmt == "pdf":
        return pdf_text(data)
    return data.decode("utf-8-sig")


@pytest.fixture
async def outputs(sessions: async_sessionmaker[AsyncSession]) -> dict[str, str]:
    """The seeded December in every format, as readable text."""
    await seed(sessions)
    digest = await december_digest(sessions)
    return {fmt: readable(fmt, render(digest, fmt)) for fmt in FORMATS}


async def test_no_telegram_id_or_username_in_any_format(outputs: dict[str, str]) -> None:
    """User ids, the chat id, message ids and @usernames never reach a file."""
    for fmt, content in outputs.items():
        for user_id in USER.values():
            assert str(user_id) not in content, fmt
        assert str(CHAT) not in content and str(abs(CHAT)) not in content, fmt
        assert "55500000" not in content, fmt
        assert "matti_meikalainen" not in content, fmt


async def test_private_texts_are_absent_from_every_format(outputs: dict[str, str]) -> None:
    """No text of a non-consenting or forgotten member, a hidden message or staff appears."""
    for fmt, content in outputs.items():
        for secret in NEVER_SHOWN:
            assert secret not in content, (fmt, secret)


async def test_pdf_holds_the_theme_titles(outputs: dict[str, str]) -> None:
    """The PDF's text layer has the theme titles and a redacted quote."""
    assert "Kiusaaminen" in outputs["pdf"] and "Kaveruustaidot" in outputs["pdf"]
    assert "[henkilötunnus]" in outputs["pdf"]


async def test_hostile_title_and_text_are_inert(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A theme titled and a message written as <script> come out escaped in HTML and Markdown."""
    await seed(sessions)
    async with transaction(sessions) as db:
        await db.execute(
            update(Contribution)
            .where(Contribution.id == 1)  # type: ignore[arg-type]
            .values(theme_key="paha", text=f"{HOSTILE} ja koulu")
        )
    bad = ThemeText(title=HOSTILE, prompt="x", questions=())
    catalog = Catalog([*load_catalog().values(), Theme("paha", "both", {"fi": bad})])
    digest = await december_digest(sessions, catalog=catalog)
    page = render(digest, "html").decode()
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    markdown = render(digest, "md").decode()
    assert "<script" not in markdown.lower()
    assert HOSTILE in readable("csv", render(digest, "csv"))  # data, not markup


async def test_write_formats_names_files_by_group_and_month(
    sessions: async_sessionmaker[AsyncSession], tmp_path: Path
) -> None:
    """write_formats writes neuvo-<group>-<YYYY-MM>.<ext> for each format asked for."""
    await seed(sessions)
    digest = await december_digest(sessions)
    paths = write_formats(digest, ("md", "csv", "json"), tmp_path / "out")
    assert [path.name for path in paths] == [
        "neuvo-parents-2026-12.md",
        "neuvo-parents-2026-12.csv",
        "neuvo-parents-2026-12.json",
    ]
    assert all(path.stat().st_size > 0 for path in paths)
