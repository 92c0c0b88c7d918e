"""An XLSX workbook (openpyxl) in one language: summary, themes, breakdowns and contributions.

Typed cells (numbers, dates, booleans), column widths fitted to the content (capped), a
frozen header row and an autofilter on every sheet; text is formula-safe.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterable
from datetime import date, datetime
from typing import Any

from digest.errors import RenderError
from digest.model import Digest
from digest.render.cells import neutralise
from digest.render.xlsx_sheets import (
    Table,
    Value,
    breakdown_table,
    contribution_table,
    poll_table,
    question_table,
    summary_table,
    theme_table,
)

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 refuses
MIN_WIDTH = 6
MAX_WIDTH = 60
_DATE_FORMATS = {"fi": "d.m.yyyy", "sv": "yyyy-mm-dd", "en": "yyyy-mm-dd"}
_DATETIME_FORMATS = {"fi": "d.m.yyyy h:mm", "sv": "yyyy-mm-dd hh:mm", "en": "yyyy-mm-dd hh:mm"}
_DATE_WIDTH = 12
_DATETIME_WIDTH = 17


def _openpyxl() -> Any:
    try:
        import openpyxl  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError as exc:
        raise RenderError(f"XLSX needs openpyxl (pip install openpyxl==3.1.5): {exc}") from exc
    return openpyxl


def safe(value: object) -> object:
    """Text without control characters, neutralised like the CSV; other values as they are."""
    if isinstance(value, str):
        return neutralise(_ILLEGAL.sub("", value))
    return value


def render_xlsx(digest: Digest) -> bytes:
    """The workbook as bytes; the questions and polls sheets only when there are any."""
    sections = [table for table in (question_table(digest), poll_table(digest)) if table.rows]
    tables = (
        summary_table(digest),
        theme_table(digest),
        breakdown_table(digest),
        *sections,
        contribution_table(digest),
    )
    return workbook(tables, digest.language)


def workbook(tables: Iterable[Table], language: str) -> bytes:
    """The tables as the sheets of one workbook (dates in `language`'s format), as bytes.

    Written in openpyxl's write-only mode: rows are streamed to the file instead of kept as
    cell objects (a regional digest's sheet holds tens of thousands of rows)."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook(write_only=True)
    formats = (_DATE_FORMATS[language], _DATETIME_FORMATS[language])
    for table in tables:
        _sheet(book, table, formats)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Any, table: Table, formats: tuple[str, str]) -> None:
    """A sheet with a bold frozen header, an autofilter and fitted column widths (set
    before the rows: a write-only sheet takes its layout first)."""
    from openpyxl.cell import WriteOnlyCell  # type: ignore[import-untyped, import-not-found, unused-ignore]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, import-not-found, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, import-not-found, unused-ignore]

    sheet = book.create_sheet(title=table.title[:31])
    widths = [len(str(name)) for name in table.header]
    for row in table.rows:
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _width(value))
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    sheet.append([_styled(WriteOnlyCell(sheet, safe(name)), font=bold) for name in table.header])
    styles = _Styles(
        lambda value: WriteOnlyCell(sheet, value),
        *formats,
        Alignment(wrap_text=True, vertical="top"),
    )
    for row in table.rows:
        sheet.append([styles.cell(value) for value in row])
    columns = get_column_letter(max(1, len(table.header)))
    sheet.auto_filter.ref = f"A1:{columns}{len(table.rows) + 1}"


class _Styles:
    """Each value as a cell: plain values as they are, dates, shares and long texts styled."""

    def __init__(
        self, make: Callable[[object], Any], date_format: str, datetime_format: str, wrap: Any
    ) -> None:
        self.make = make  # a write-only cell of the sheet holding a value
        self.date_format = date_format
        self.datetime_format = datetime_format
        self.wrap = wrap

    def cell(self, value: Value) -> Any:
        """`value` itself when it needs no style, else a styled write-only cell."""
        if isinstance(value, datetime):
            return _styled(self.make(value), number_format=self.datetime_format)
        if isinstance(value, date):
            return _styled(self.make(value), number_format=self.date_format)
        if isinstance(value, float):
            return _styled(self.make(value), number_format="0%")
        if isinstance(value, str) and len(value) > MAX_WIDTH:
            return _styled(self.make(safe(value)), alignment=self.wrap)
        return safe(value)


def _styled(cell: Any, **style: Any) -> Any:
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def _width(value: Value) -> int:
    """Characters the value needs, between MIN_WIDTH and MAX_WIDTH."""
    if isinstance(value, str):
        # Every line break is unprintable: a printable text is one line.
        longest = (
            len(value) if value.isprintable() else max(map(len, value.splitlines()), default=0)
        )
    elif isinstance(value, datetime):
        return _DATETIME_WIDTH
    elif isinstance(value, date):
        return _DATE_WIDTH
    elif value is None:
        return MIN_WIDTH
    else:
        longest = len(str(value))
    return MIN_WIDTH if longest < MIN_WIDTH else min(MAX_WIDTH, longest)
