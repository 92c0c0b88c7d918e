"""Renderers on a hand-made Digest: CSV, XLSX, JSON, HTML, Markdown and PDF."""

from __future__ import annotations

import csv
import io
import json
import sys
from dataclasses import replace
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import jsonschema
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from digest.errors import RenderError
from digest.model import (
    SCHEMA_VERSION,
    Breakdown,
    Cell,
    ContributionRow,
    Digest,
    Keyword,
    Participation,
    Period,
    Quote,
    RecordItem,
    SessionDaySummary,
    Subtopic,
    Tally,
    ThemeChange,
    ThemeSummary,
    Totals,
    VoiceBalance,
    WindowSummary,
)
from digest.render import FORMATS, file_name, render
from digest.render.csv import COLUMNS, COMMA, dialect_of
from digest.render.json import SCHEMA_PATH
from tests.pdf_text import pdf_text

HELSINKI = ZoneInfo("Europe/Helsinki")
HOSTILE = "<script>alert(1)</script>"
FORMULAS = ('=HYPERLINK("http://x")', "+358", "-1", "@SUM(A1)", "\tTAB", "\rCR")


def at(day: int, hour: int) -> datetime:
    """An aware Helsinki instant in December 2026."""
    return datetime(2026, 12, day, hour, tzinfo=HELSINKI)


def row(
    number: int, text: str, *, pseudonym: str = "Vanhempi 1", **changes: object
) -> ContributionRow:
    """A contribution row with defaults."""
    base = ContributionRow(
        contribution_id=number, pseudonym=pseudonym, theme="kiusaaminen",
        subtopic="Miten kiusaaminen tuli esiin?", session_date=date(2026, 12, 8),
        window="08-10", sent_at=at(8, 8), text=text, media="",
        reactions=2, replies=1, hidden=False, late=False, highlighted=False,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def sample(
    *, title: str = "Kiusaaminen", quote: str = "Koulu auttoi.", partial: bool = False
) -> Digest:
    """A small digest with one theme, one session day and formula-like rows."""
    cell, small = Cell(7, "7"), Cell(None, "< 5")
    quoted = Quote(1, "Vanhempi 1", quote, at(8, 8), "08-10", 2, 1)
    theme = ThemeSummary(
        key="kiusaaminen", title=title, contributions=7, participants=6, late=1, hidden=1,
        questions=1, highlighted=1, by_window=(Breakdown("08-10", cell, Cell(6, "6")),),
        by_municipality=(Breakdown("Lahti", cell, small),), note="Viedään eteenpäin.",
        subtopics=(
            Subtopic(0, "Miten kiusaaminen tuli esiin?", 5, 4,
                     (RecordItem(quoted, ("top_reactions", "top_replies", "highlight")),)),
            Subtopic(None, "", 2, 2, ()),
        ),
        voice=VoiceBalance(2, 6, 0.5), keywords=(Keyword("koulu", "koulu", 3),),
    )  # fmt: skip
    period = Period(at(1, 0), datetime(2027, 1, 1, tzinfo=HELSINKI), "Europe/Helsinki", "2026-12")
    previous = Period(
        datetime(2026, 11, 1, tzinfo=HELSINKI), at(1, 0), "Europe/Helsinki", "2026-11"
    )
    window = WindowSummary("08-10", at(8, 8), at(8, 10), cell, Cell(6, "6"))
    rows = tuple(row(n, text) for n, text in enumerate((quote, *FORMULAS), start=1))
    rows += (row(99, "", pseudonym="", hidden=True),)
    return Digest(
        schema_version=SCHEMA_VERSION, group_key="parents", group_title="Vanhempien ryhmä",
        audience="parents", language="fi",
        period=period, previous_period=previous, generated_at=at(31, 12), partial=partial,
        threshold=5, totals=Totals(7, 6, Tally(7, 6), Tally(2, 1), 1, 1),
        participation=Participation(6, 2, 3, 0.5),
        sessions=(SessionDaySummary(date(2026, 12, 8), "kiusaaminen", title, (window,)),),
        themes=(theme,), windows=(Breakdown("08-10", cell, Cell(6, "6")),),
        changes=(ThemeChange("kiusaaminen", title, 7, 2, 5, 6, 2, 4),), rows=rows,
    )  # fmt: skip


def test_csv_has_bom_columns_and_one_row_per_contribution() -> None:
    """The CSV has a UTF-8 BOM, the required columns and one row per contribution."""
    data = render(sample(), "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    records = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
    assert tuple(records[0]) == COLUMNS
    assert len(records) == len(FORMULAS) + 2
    first = records[0]
    assert first["sent_at"] == "2026-12-08T08:00:00+02:00"
    assert (first["theme"], first["window"], first["session_date"]) == (
        "kiusaaminen",
        "08-10",
        "2026-12-08",
    )
    assert records[-1]["text"] == "" and records[-1]["hidden"] == "true"


def test_csv_neutralises_formula_cells() -> None:
    """Cells starting with =, +, -, @, tab or CR get a leading apostrophe."""
    records = list(csv.DictReader(io.StringIO(render(sample(), "csv").decode("utf-8-sig"))))
    texts = [record["text"] for record in records[1 : 1 + len(FORMULAS)]]
    assert texts == ["'" + value for value in FORMULAS]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet=st.sampled_from('a,"\r\n \t=\u00e4'), max_size=6), max_size=4))
def test_fast_cells_are_what_the_csv_module_writes(values: list[str]) -> None:
    """The comma dialect's cells are quoted (quotes doubled) exactly where csv.writer's excel
    dialect quotes them."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow([*values, "x"])
    assert ",".join([*map(dialect_of(COMMA).cell, values), "x"]) + "\r\n" == buffer.getvalue()


def test_xlsx_round_trips_with_openpyxl() -> None:
    """The workbook opens with its four Finnish sheets; text cells are never formulas."""
    book = openpyxl.load_workbook(io.BytesIO(render(sample(), "xlsx")))
    assert book.sheetnames == ["Yhteenveto", "Teemat", "Erittelyt", "Puheenvuorot"]
    sheet = book["Puheenvuorot"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Puheenvuoron nro", "Pseudonyymi", "Teema")
    expected = ["'" + value for value in FORMULAS]  # lxml keeps a CR (as "&#13;")
    assert [r[6] for r in rows[2 : 2 + len(FORMULAS)]] == expected
    assert all(c.data_type != "f" for line in sheet.iter_rows() for c in line)
    themes = list(book["Teemat"].iter_rows(values_only=True))
    assert themes[1][:4] == ("kiusaaminen", "Kiusaaminen", 7, 6)
    assert themes[1][-1] == "koulu (3)"


def wall(*parts: int) -> datetime:
    """A naive wall-clock datetime, as Excel cells hold them."""
    return datetime(*parts, tzinfo=UTC).replace(tzinfo=None)  # type: ignore[misc]


def test_xlsx_cells_are_typed_in_the_groups_zone() -> None:
    """Numbers, booleans and dates are typed cells; an aware UTC time is its Helsinki wall time."""
    utc_row = row(5, "Aamulla", sent_at=datetime(2026, 12, 8, 6, 30, tzinfo=UTC), late=True)
    digest = replace(sample(), rows=(utc_row,))
    book = openpyxl.load_workbook(io.BytesIO(render(digest, "xlsx")))
    line = [cell.value for cell in book["Puheenvuorot"][2]]
    assert line[0] == 5 and line[1] == "Vanhempi 1" and line[2] == "Kiusaaminen"
    assert line[3] == wall(2026, 12, 8)  # a date cell; openpyxl reads it as midnight
    assert line[5] == wall(2026, 12, 8, 8, 30)
    assert (line[8], line[9], line[10], line[11]) == (2, 1, False, True)
    summary = dict(book["Yhteenveto"].iter_rows(min_row=2, values_only=True))
    assert summary["Puheenvuorot"] == 7 and summary["Suostumuksen antaneiden osuus"] == 0.5
    assert summary["Laadittu"] == wall(2026, 12, 31, 12)
    breakdown = list(book["Erittelyt"].iter_rows(min_row=2, values_only=True))
    assert ("Kiusaaminen", "Kunta", "Lahti", 7, "< 5") in breakdown


def test_xlsx_sheets_have_widths_frozen_headers_and_filters() -> None:
    """Every sheet freezes its header row and filters it; widths follow the content, capped."""
    long_text = "sana " * 40
    digest = replace(sample(), rows=(row(1, long_text), row(2, "lyhyt")))
    book = openpyxl.load_workbook(io.BytesIO(render(digest, "xlsx")))
    for sheet in book.worksheets:
        assert sheet.freeze_panes == "A2"
        assert sheet.auto_filter.ref == sheet.dimensions
    widths = book["Puheenvuorot"].column_dimensions
    assert widths["G"].width == 62  # the text column: capped
    assert 10 < widths["F"].width < 30  # a datetime
    assert widths["A"].width < widths["G"].width


def test_xlsx_speaks_one_language() -> None:
    """A Swedish workbook has Swedish sheet names and headers only."""
    book = openpyxl.load_workbook(io.BytesIO(render(replace(sample(), language="sv"), "xlsx")))
    assert book.sheetnames == ["Sammanfattning", "Teman", "Fördelningar", "Inlägg"]
    assert book["Inlägg"]["B1"].value == "Pseudonym" and book["Inlägg"]["C1"].value == "Tema"
    assert book["Teman"]["B1"].value == "Tema"


def test_json_validates_against_the_committed_schema() -> None:
    """The JSON document is versioned and valid under digest/schema/digest-v1.json."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    document = json.loads(render(sample(partial=True), "json"))
    validator = jsonschema.Draft202012Validator(
        schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )
    validator.validate(document)
    assert (document["format"], document["schema_version"]) == ("neuvo-digest", 1)
    assert document["themes"][0]["by_municipality"][0]["participants"] == {
        "value": None,
        "text": "< 5",
    }


def test_json_is_inert_inside_html() -> None:
    """<, > and & are \\u-escaped in JSON text yet decode to the same strings."""
    data = render(sample(quote=HOSTILE), "json")
    assert b"<script" not in data
    assert json.loads(data)["themes"][0]["subtopics"][0]["items"][0]["quote"]["text"] == HOSTILE


def test_html_escapes_hostile_titles_and_quotes() -> None:
    """A <script> theme title and quote are escaped everywhere, charts included."""
    page = render(sample(title=HOSTILE, quote=HOSTILE), "html").decode()
    assert "<script" not in page.lower()
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 4


def test_html_is_accessible_and_self_contained() -> None:
    """Real headings, language, viewport, charts with text alternatives, nothing external."""
    page = render(sample(), "html").decode()
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fi">' in page
    assert 'name="viewport"' in page and "@media print" in page
    assert page.count("<h1>") == 1 and "<h2 " in page and "<h3>" in page
    assert page.count('role="img"') == 2
    assert '<desc id="chart-themes-desc">Kiusaaminen: 7</desc>' in page
    assert "http" not in page.replace("http://www.w3.org/2000/svg", "")


def test_partial_digest_says_so() -> None:
    """A digest of an unfinished period is marked in the page and the Markdown."""
    assert "Välikooste" in render(sample(partial=True), "html").decode()
    assert "Välikooste" in render(sample(partial=True), "md").decode()
    assert "Välikooste" not in render(sample(), "md").decode()


def test_markdown_escapes_markup_but_keeps_small_cells_readable() -> None:
    """User text cannot open HTML tags or links; "< 5" stays as it is."""
    markdown = render(sample(title=HOSTILE, quote="[klikkaa](http://x) <b>"), "md").decode()
    assert "<script" not in markdown and "<b>" not in markdown
    assert "\\[klikkaa\\](http://x)" in markdown
    assert "| Lahti | 7 | < 5 |" in markdown


def test_swedish_labels() -> None:
    """A Swedish digest has Swedish headings."""
    page = render(replace(sample(), language="sv"), "html").decode()
    assert "Sammanfattning" in page and '<html lang="sv">' in page


def test_pdf_opens_and_holds_theme_titles() -> None:
    """The PDF starts with %PDF and its text layer names the theme."""
    data = render(sample(title="Kaveruustaidot"), "pdf")
    assert data.startswith(b"%PDF")
    assert "Kaveruustaidot" in pdf_text(data)


def test_pdf_without_weasyprint_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without WeasyPrint, PDF rendering raises RenderError naming what to install."""
    monkeypatch.setitem(sys.modules, "weasyprint", None)
    with pytest.raises(RenderError, match="WeasyPrint"):
        render(sample(), "pdf")


def test_empty_digest_renders_in_every_format() -> None:
    """A month without sessions or contributions renders everywhere and says so."""
    empty = replace(sample(), sessions=(), themes=(), windows=(), changes=(), rows=())
    outputs = {fmt: render(empty, fmt) for fmt in FORMATS}
    assert "Ajanjaksolla ei pidetty keskustelupäiviä." in outputs["html"].decode()
    assert outputs["csv"].decode("utf-8-sig").strip() == ",".join(COLUMNS)
    assert outputs["pdf"].startswith(b"%PDF")


def test_unknown_format_is_a_render_error() -> None:
    """An unknown format raises RenderError listing the known ones."""
    with pytest.raises(RenderError, match="md, html, pdf, csv, xlsx, json"):
        render(sample(), "docx")


def test_file_names_follow_group_and_period() -> None:
    """File names are neuvo-<group>-<YYYY-MM>.<ext>, with unsafe characters replaced."""
    assert [file_name(sample(), fmt) for fmt in FORMATS][:2] == [
        "neuvo-parents-2026-12.md",
        "neuvo-parents-2026-12.html",
    ]
    assert file_name(replace(sample(), group_key="../x y"), "csv") == "neuvo-x-y-2026-12.csv"
