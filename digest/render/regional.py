"""Render a RegionalDigest to every format: md, html, pdf, csv, xlsx, json.

The readable formats share one list of sections (a title and tables), so each is a layout of
the same content; CSV, XLSX and JSON rows carry the group key.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape
from typing import Any, cast

from digest.errors import RenderError
from digest.labels import labels_for
from digest.model import Breakdown
from digest.regional import RegionalDigest, RegionalTheme
from digest.render import FORMATS
from digest.render import markdown as md_render
from digest.render.csv import COLUMNS, row_values
from digest.render.html import STYLE
from digest.render.json import FORMAT_NAME, to_data
from digest.render.text import format_datetime, format_period

GROUP_COLUMN = "group"


@dataclass(frozen=True, slots=True)
class Table:
    """A table of a section: header and rows of text cells."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A heading with its paragraphs and tables."""

    title: str
    level: int
    paragraphs: tuple[str, ...] = ()
    tables: tuple[Table, ...] = ()


def heading(digest: RegionalDigest) -> str:
    """ "Alueellinen kooste 2026-12"."""
    return f"{labels_for(digest.language)['regional']} {digest.period.label}"


def sections(digest: RegionalDigest) -> list[Section]:
    """The readable content, in order."""
    labels = labels_for(digest.language)
    language = digest.language
    meta = (
        f"{labels['period']}: {format_period(digest.period, language)} · "
        f"{labels['generated']}: {format_datetime(digest.generated_at, language)}"
    )
    intro = (meta, labels["partial"]) if digest.partial else (meta,)
    count = (labels["contributions"], labels["participants"])
    groups = Table(
        (labels["group"], *count),
        tuple(
            (
                part.title,
                str(part.digest.totals.contributions),
                str(part.digest.totals.participants),
            )
            for part in digest.groups
        ),
    )
    summary = Table(
        ("", ""),
        (
            (labels["group_count"], str(len(digest.groups))),
            (labels["contributions"], str(digest.totals.contributions)),
            (labels["participants"], str(digest.totals.participants)),
        ),
    )
    result = [
        Section(heading(digest), 1, intro),
        Section(labels["summary"], 2, (), (summary,)),
        Section(labels["groups"], 2, (), (groups,)),
        Section(labels["themes"], 2, () if digest.themes else (labels["no_themes"],)),
    ]
    result += [_theme(theme, labels) for theme in digest.themes]
    result.append(Section("", 2, tuple(notes(digest))))
    return result


def _theme(theme: RegionalTheme, labels: Any) -> Section:
    count = (labels["contributions"], labels["participants"])
    figures = (
        f"{labels['contributions']}: {theme.contributions} · "
        f"{labels['participants']}: {theme.participants} · {labels['group_count']}: {theme.groups}"
    )
    words = ", ".join(f"{k.word} ({k.count})" for k in theme.keywords) or labels["none"]
    tables = tuple(
        Table((label, *count), _cells(rows))
        for label, rows in (
            (labels["group"], theme.by_group),
            (labels["municipality"], theme.by_municipality),
        )
        if rows
    )
    sections = (
        f"{labels['private']}: {theme.private} · {labels['staff_questions']}: "
        f"{labels['questions_answered']} {theme.questions_answered}, "
        f"{labels['questions_open']} {theme.questions_open} · {labels['polls']}: {theme.polls}"
    )
    paragraphs = (figures, f"{labels['keywords']}: {words}", sections)
    return Section(theme.title, 3, paragraphs, tables)


def _cells(rows: Sequence[Breakdown]) -> tuple[tuple[str, ...], ...]:
    return tuple((row.label, row.contributions.text, row.participants.text) for row in rows)


def notes(digest: RegionalDigest) -> list[str]:
    """The footnotes on suppression and what is left out."""
    labels = labels_for(digest.language)
    found = [labels["privacy"], labels["suppressed"].format(threshold=digest.threshold)]
    cells = [
        cell
        for theme in digest.themes
        for row in (*theme.by_group, *theme.by_municipality)
        for cell in (row.contributions, row.participants)
    ]
    if any(cell.complementary for cell in cells):
        found.append(labels["complementary"].format(threshold=digest.threshold))
    if any(not theme.by_group or not theme.by_municipality for theme in digest.themes):
        found.append(labels["regional_withheld"])
    if any(
        theme.questions_answered + theme.questions_open + theme.polls for theme in digest.themes
    ):
        found.append(labels["regional_sections"])
    return found


def render_markdown(digest: RegionalDigest) -> bytes:
    """Markdown: headings, paragraphs and pipe tables."""
    blocks: list[str] = []
    for section in sections(digest):
        if section.title:
            blocks.append(f"{'#' * section.level} {md_render.md(section.title)}")
        blocks += [md_render.md(paragraph) for paragraph in section.paragraphs]
        blocks += [_md_table(table) for table in section.tables]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _md_table(table: Table) -> str:
    lines = ["| " + " | ".join(md_render.cell(value) for value in table.header) + " |"]
    lines.append("|" + "---|" * len(table.header))
    lines += ["| " + " | ".join(md_render.cell(v) for v in row) + " |" for row in table.rows]
    return "\n".join(lines)


def page(digest: RegionalDigest) -> str:
    """One HTML document (also the PDF's source)."""
    body = []
    for section in sections(digest):
        if section.title:
            body.append(f"<h{section.level}>{escape(section.title)}</h{section.level}>")
        body += [f"<p>{escape(paragraph)}</p>" for paragraph in section.paragraphs]
        body += [_html_table(table) for table in section.tables]
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(digest.language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(heading(digest))}</title><style>{STYLE}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )


def _html_table(table: Table) -> str:
    head = "".join(
        f'<th scope="col"{_num(i)}>{escape(cell)}</th>' for i, cell in enumerate(table.header)
    )
    body = "".join(
        "<tr>" + "".join(f"<td{_num(i)}>{escape(c)}</td>" for i, c in enumerate(row)) + "</tr>"
        for row in table.rows
    )
    markup = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{markup}</div>'


def _num(index: int) -> str:
    return ' class="num"' if index > 0 else ""


def render_html(digest: RegionalDigest) -> bytes:
    """The HTML page as UTF-8."""
    return page(digest).encode("utf-8")


def render_pdf(digest: RegionalDigest) -> bytes:
    """The HTML page laid out as a PDF (WeasyPrint)."""
    from digest.render.pdf import _weasyprint

    pdf: bytes = _weasyprint().HTML(string=page(digest)).write_pdf()
    return pdf


def row_cells(digest: RegionalDigest) -> list[list[str | int]]:
    """Contribution rows with the group key first (CSV and XLSX)."""
    return [[item.group_key, *row_values(item.row)] for item in digest.rows]


def render_csv(digest: RegionalDigest) -> bytes:
    """Every group's contribution rows, the group key in the first column."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow((GROUP_COLUMN, *COLUMNS))
    writer.writerows(row_cells(digest))
    return buffer.getvalue().encode("utf-8-sig")


def theme_rows(digest: RegionalDigest) -> list[list[object]]:
    """One row per (theme, group or municipality) cell, with the theme totals first."""
    rows: list[list[object]] = [["theme", "breakdown", "label", "contributions", "participants"]]
    for theme in digest.themes:
        rows.append([theme.key, "total", "", theme.contributions, theme.participants])
        for kind, breakdown in (
            ("group", theme.by_group),
            ("municipality", theme.by_municipality),
        ):
            rows += [
                [theme.key, kind, row.label, row.contributions.text, row.participants.text]
                for row in breakdown
            ]
    return rows


def render_xlsx(digest: RegionalDigest) -> bytes:
    """Sheets: summary (by group), themes (with breakdowns), contributions (with group)."""
    from digest.render.xlsx import workbook
    from digest.render.xlsx_sheets import Table, Value

    labels = labels_for(digest.language)
    summary: list[list[Value]] = [
        [p.key, p.title, p.digest.totals.contributions, p.digest.totals.participants]
        for p in digest.groups
    ]
    header = (GROUP_COLUMN, labels["group"], "contributions", "participants")
    themes = theme_rows(digest)
    tables = (
        Table(labels["sheet_summary"], header, summary),
        Table(labels["sheet_themes"], tuple(map(str, themes[0])), cast(Any, themes[1:])),
        Table(
            labels["sheet_contributions"], (GROUP_COLUMN, *COLUMNS), cast(Any, row_cells(digest))
        ),
    )
    return workbook(tables, digest.language)


def document(digest: RegionalDigest) -> dict[str, Any]:
    """The JSON document: the regional figures and each group's own digest, keyed."""
    return {
        "format": FORMAT_NAME,
        "kind": digest.kind,
        "schema_version": digest.groups[0].digest.schema_version,
        "language": digest.language,
        "period": to_data(digest.period),
        "generated_at": digest.generated_at.isoformat(),
        "partial": digest.partial,
        "threshold": digest.threshold,
        "totals": to_data(digest.totals),
        "themes": to_data(digest.themes),
        "groups": [
            {"group_key": part.key, "title": part.title, "digest": to_data(part.digest)}
            for part in digest.groups
        ],
    }


def render_json(digest: RegionalDigest) -> bytes:
    """UTF-8 JSON, <, > and & escaped as in the single-group JSON."""
    encoded = json.dumps(document(digest), ensure_ascii=False, indent=2)
    for char in "<>&":
        encoded = encoded.replace(char, f"\\u{ord(char):04x}")
    return (encoded + "\n").encode("utf-8")


_RENDERERS = {
    "md": render_markdown,
    "html": render_html,
    "pdf": render_pdf,
    "csv": render_csv,
    "xlsx": render_xlsx,
    "json": render_json,
}


def render_regional(digest: RegionalDigest, fmt: str) -> bytes:
    """The regional digest in one format."""
    if fmt not in _RENDERERS:
        raise RenderError(f"unknown format {fmt!r}; choose from {', '.join(FORMATS)}")
    return _RENDERERS[fmt](digest)


def file_name(digest: RegionalDigest, fmt: str) -> str:
    """ "neuvo-regional-<YYYY-MM>.<ext>"."""
    return f"neuvo-regional-{digest.period.label}.{fmt}"
