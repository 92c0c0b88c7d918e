"""The PDF digest's pages: A4, numbered, titled, tables inside the margins, no near-empty page."""

from __future__ import annotations

import io
import statistics
from dataclasses import dataclass, replace

import pytest
from pypdf import PageObject, PdfReader
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest.labels import labels_for
from digest.model import Digest
from digest.render import pdf, render
from digest.render.text import heading
from tests.integration.test_digest_seed import december_digest, seed

A4 = (595.0, 842.0)  # points, ±1
MARGIN_RIGHT = 15 / 25.4 * 72  # the stylesheet's 15 mm
NEAR_EMPTY = 0.4  # a page but the last holding less than this share of the median page's text


@dataclass(frozen=True)
class Run:
    """A piece of text and where it starts on its page."""

    text: str
    x: float
    y: float


def runs(page: PageObject) -> list[Run]:
    """The page's text runs with their starting positions (pypdf's text visitor)."""
    found: list[Run] = []

    def visit(text: str, cm: list[float], tm: list[float], *_rest: object) -> None:
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Run(text.strip(), x, y))

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture
async def december(sessions: async_sessionmaker[AsyncSession]) -> Digest:
    """The seeded December's digest."""
    await seed(sessions)
    return await december_digest(sessions)


async def test_pdf_pages_are_a4_numbered_and_titled(december: Digest) -> None:
    """Every A4 page says "sivu N / M" and carries the digest's heading."""
    reader = PdfReader(io.BytesIO(render(december, "pdf")))
    count = len(reader.pages)
    print(f"PDF pages: {count}")  # noqa: T201
    assert count >= 2
    for number, page in enumerate(reader.pages, start=1):
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
        text = page.extract_text()
        assert f"sivu {number} / {count}" in text
        assert heading(december) in text


async def test_pdf_tables_stay_inside_the_right_margin(december: Digest) -> None:
    """No text starts beyond the right margin, even with a long unbroken theme title in the
    seven-column change table (which used to run past it)."""
    long_title = "Moniammatillisetyhteistyöpalaverikäytännöt" * 2
    changes = tuple(replace(change, title=long_title) for change in december.changes)
    reader = PdfReader(io.BytesIO(render(replace(december, changes=changes), "pdf")))
    for page in reader.pages:
        limit = float(page.mediabox.width) - MARGIN_RIGHT
        outside = [run for run in runs(page) if run.x > limit]
        assert outside == []


async def test_no_near_empty_first_or_last_page(december: Digest) -> None:
    """The first page is filled to its lower part even when the session table is too tall for
    what is left of it (it breaks between rows); the last holds more than the footnotes."""
    busy = replace(december, sessions=december.sessions * 8)
    reader = PdfReader(io.BytesIO(render(busy, "pdf")))
    pages = list(reader.pages)
    height = float(pages[0].mediabox.height)
    body = [run for run in runs(pages[0]) if "sivu" not in run.text]
    assert min(run.y for run in body) < height * 0.3  # text reaches the lowest 30 %
    last = pages[-1].extract_text()
    assert "Muutos edelliseen" in last or "Teemat" in last or "Puheenvuorot" in last


def body_texts(data: bytes, digest: Digest) -> list[str]:
    """Each page's text without the running heading and page number."""
    reader = PdfReader(io.BytesIO(data))
    repeated = (heading(digest), f"/ {len(reader.pages)}")
    return [
        "\n".join(line for line in page.extract_text().splitlines() if not line.endswith(repeated))
        for page in reader.pages
    ]


def near_empty_pages(data: bytes, digest: Digest) -> list[int]:
    """Numbers of the pages holding too little: one but the last under NEAR_EMPTY of the
    median page's text, or a last page holding nothing before the footnote."""
    texts = body_texts(data, digest)
    median = statistics.median(len(text) for text in texts)
    found = [n for n, text in enumerate(texts[:-1], start=1) if len(text) < NEAR_EMPTY * median]
    footnote = labels_for(digest.language)["privacy"][:30]
    before_footnote = texts[-1].split(footnote)[0].strip()
    sizes = [len(text) for text in texts]
    print(f"page texts: {sizes}, last page before the footnote: {len(before_footnote)}")  # noqa: T201
    return found + ([len(texts)] if not before_footnote else [])


def without_break_rules(monkeypatch: pytest.MonkeyPatch) -> None:
    """The PDF stylesheet as it was before its page-break rules (the screen page's print
    rules alone keep each table whole)."""
    kept = [line for line in pdf.PRINT_STYLE.splitlines() if "break-" not in line]
    monkeypatch.setattr(pdf, "PRINT_STYLE", "\n".join(kept))


@pytest.mark.parametrize(
    ("part", "times"),
    [
        ("sessions", 8),  # without the rules: the session table's heading alone on a page
        ("changes", 7),  # without the rules: a last page with only the footnote
    ],
)
async def test_busy_months_have_no_near_empty_page_thanks_to_the_break_rules(
    december: Digest, monkeypatch: pytest.MonkeyPatch, part: str, times: int
) -> None:
    """Months whose tables no longer fit where they start: with the page-break rules no page
    is near-empty; without them (reproducing the issue) one is."""
    busy = replace(december, **{part: getattr(december, part) * times})
    assert near_empty_pages(render(busy, "pdf"), busy) == []
    without_break_rules(monkeypatch)
    assert near_empty_pages(render(busy, "pdf"), busy) != []
