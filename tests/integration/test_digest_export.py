"""The streaming CSV export gives the row-by-row rendering's bytes, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime

import pytest
from sqlalchemy import insert, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest import export
from digest.builder import build_rows
from digest.errors import DigestError
from digest.export import export_csv
from digest.periods import month_range
from digest.render.csv import render_rows
from storage.db import transaction
from storage.models import Contribution
from tests.integration.test_digest_seed import CHAT, GROUP_KEY, NEVER_SHOWN, SECRET, seed

DECEMBER = month_range(2026, 12, "Europe/Helsinki")
HOSTILE = {
    1: '=1+1 "kaava"',
    6: "+1 tähän, soita 040 123 4567?",
    9: "-1 ja @SUM(A1)",
    10: "\tTAB",
    13: '\rCR ja "lainaus", pilkku\nrivi',
}


class Writes:
    """A sink that keeps each write apart."""

    def __init__(self) -> None:
        self.parts: list[bytes] = []

    def write(self, data: bytes) -> int:
        """Keep the bytes."""
        self.parts.append(data)
        return len(data)


async def hostile(sessions: async_sessionmaker[AsyncSession]) -> None:
    """The seeded month plus formula-like texts, a formula theme key, a media kind and a
    contribution without a member row."""
    await seed(sessions)
    c = Contribution.__table__.c  # type: ignore[attr-defined]
    async with transaction(sessions) as db:
        for number, text in HOSTILE.items():
            await db.execute(
                update(Contribution.__table__).where(c.id == number).values(text=text)
            )
        await db.execute(update(Contribution.__table__).where(c.id == 12).values(theme_key="=x"))
        await db.execute(
            update(Contribution.__table__).where(c.id == 13).values(media_kind="photo")
        )
        sent = datetime(2026, 12, 22, 12, 40, tzinfo=UTC)
        await db.execute(
            insert(Contribution.__table__).values(
                id=30, group_id=1, member_id=None, chat_id=CHAT, message_id=555_000_030,
                theme_key="kaveruustaidot", window_label="14-16", sent_at=sent, stored_at=sent,
                text="Ei jäsenriviä", reply_to_message_id=555_000_013,
            )
        )  # fmt: skip


async def both(
    sessions: async_sessionmaker[AsyncSession],
    start: datetime,
    end: datetime,
    language: str | None = None,
    dialect: str = "comma",
) -> tuple[bytes, bytes]:
    """(row-by-row reference, streaming export) of the seeded group."""
    async with sessions() as db:
        rows = await build_rows(
            db, group_key=GROUP_KEY, start=start, end=end, secret=SECRET, language=language
        )
    out = io.BytesIO()
    async with sessions() as db:
        count = await export_csv(
            db, group_key=GROUP_KEY, start=start, end=end, secret=SECRET, out=out,
            language=language, dialect=dialect,
        )  # fmt: skip
    assert count == len(rows)
    return render_rows(rows, dialect=dialect, language=language or "fi"), out.getvalue()


async def test_streaming_csv_equals_the_row_by_row_rendering(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """Byte for byte, with non-consenting and forgotten members, hidden rows, PII and formulas."""
    await hostile(sessions)
    reference, streamed = await both(sessions, *DECEMBER)
    assert streamed == reference
    text = streamed.decode("utf-8-sig")
    for secret in NEVER_SHOWN:
        assert secret not in text
    records = {r["contribution_id"]: r for r in csv.DictReader(io.StringIO(text, newline=""))}
    assert records["1"]["text"] == "'" + HOSTILE[1]
    assert records["6"]["text"] == "'+1 tähän, soita [puhelinnumero]?"
    assert records["13"]["text"] == "'" + HOSTILE[13] and records["13"]["media"] == "photo"
    assert records["12"]["theme"] == "'=x" and records["12"]["text"] == ""
    assert records["30"]["pseudonym"] == "" and records["30"]["text"] == ""
    assert records["3"]["pseudonym"].startswith("Vanhempi ") and records["3"]["text"] == ""
    assert records["1"]["reactions"] == "2" and records["1"]["replies"] == "2"
    assert records["13"]["replies"] == "1"


async def test_equal_over_a_longer_range_in_swedish(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """November to January with Swedish pseudonyms still matches the reference exactly."""
    await hostile(sessions)
    start, end = month_range(2026, 11, "Europe/Helsinki")[0], month_range(2027, 1, "UTC")[1]
    reference, streamed = await both(sessions, start, end, language="sv")
    assert streamed == reference
    assert "Förälder " in streamed.decode("utf-8-sig")


@pytest.mark.parametrize("language", ["fi", "sv"])
async def test_excel_dialect_streams_the_rendering_and_opens_with_semicolons(
    sessions: async_sessionmaker[AsyncSession], language: str
) -> None:
    """The excel dialect: BOM, semicolons, localized headers, the same bytes both ways."""
    await hostile(sessions)
    reference, streamed = await both(sessions, *DECEMBER, language=language, dialect="excel")
    assert streamed == reference and streamed.startswith(b"\xef\xbb\xbf")
    text = streamed.decode("utf-8-sig")
    header = text.split("\r\n", 1)[0]
    expected = "Puheenvuoron nro;Pseudonyymi;" if language == "fi" else "Inläggsnr;Pseudonym;"
    assert header.startswith(expected)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert {len(record) for record in records} == {15}  # 13 columns, sub-topic, private
    by_id = {record[0]: record for record in records[1:]}
    assert by_id["13"][6] == "'" + HOSTILE[13]  # quoted across lines, quotes doubled
    assert by_id["6"][6].startswith("'+1 tähän, soita [")  # a comma needs no quotes here


async def test_export_writes_chunk_by_chunk(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Rows are written as each chunk arrives (BOM and header first), not all at the end."""
    await hostile(sessions)
    monkeypatch.setattr(export, "CHUNK_ROWS", 4)
    sink = Writes()
    async with sessions() as db:
        count = await export_csv(
            db, group_key=GROUP_KEY, start=DECEMBER[0], end=DECEMBER[1], secret=SECRET, out=sink
        )
    assert sink.parts[0].startswith(b"\xef\xbb\xbfcontribution_id,pseudonym,theme,")
    assert len(sink.parts) == 1 + -(-count // 4)
    reference, _ = await both(sessions, *DECEMBER)
    assert b"".join(sink.parts) == reference


async def test_export_refuses_an_unknown_group_or_an_empty_range(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """An unknown key or an empty range raises DigestError before anything is written."""
    await seed(sessions)
    sink = Writes()
    start, end = DECEMBER
    async with sessions() as db:
        with pytest.raises(DigestError, match="unknown group 'nobody'"):
            await export_csv(db, group_key="nobody", start=start, end=end, secret=SECRET, out=sink)
        with pytest.raises(DigestError, match="empty"):
            await export_csv(
                db, group_key=GROUP_KEY, start=end, end=start, secret=SECRET, out=sink
            )
    assert sink.parts == []


class Broken:
    """A sink whose disk fills up after the header."""

    def __init__(self) -> None:
        self.calls = 0

    def write(self, data: bytes) -> int:
        """Fail from the second write on."""
        self.calls += 1
        if self.calls > 1:
            raise OSError("No space left on device")
        return len(data)


async def test_a_failed_write_ends_the_export_and_frees_the_session(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sink's error propagates, and the same session can run the next query at once."""
    await hostile(sessions)
    monkeypatch.setattr(export, "CHUNK_ROWS", 2)
    start, end = DECEMBER
    async with sessions() as db:
        with pytest.raises(OSError, match="No space"):
            await export_csv(
                db, group_key=GROUP_KEY, start=start, end=end, secret=SECRET, out=Broken()
            )
        rows = await build_rows(db, group_key=GROUP_KEY, start=start, end=end, secret=SECRET)
    assert len(rows) == 18  # the 17 seeded member contributions and the one without a member
