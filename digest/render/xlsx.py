"""An XLSX workbook (openpyxl) in one language: summary, themes, breakdowns and contributions.

Typed cells (numbers, dates, booleans), column widths fitted to the content (capped), a
frozen header row and an autofilter on every sheet; text is formula-safe.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterable
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
    """The tables as the sheets of one workbook (dates in `language`'s format), as bytes."""
    openpyxl = _openpyxl()
    book = openpyxl.Workbook()
    book.remove(book.active)
    formats = (_DATE_FORMATS[language], _DATETIME_FORMATS[language])
    for table in tables:
        _sheet(book, table, formats)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet(book: Any, table: Table, formats: tuple[str, str]) -> None:
    """A sheet with a bold frozen header, an autofilter and fitted column widths."""
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, import-not-found, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, import-not-found, unused-ignore]

    sheet = book.create_sheet(title=table.title[:31])
    sheet.append([safe(value) for value in table.header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    widths = [len(str(name)) for name in table.header]
    date_format, datetime_format = formats
    wrap = Alignment(wrap_text=True, vertical="top")
    for number, row in enumerate(table.rows, start=2):
        sheet.append([safe(value) for value in row])
        for index, value in enumerate(row):
            widths[index] = max(widths[index], _width(value))
            if isinstance(value, datetime):
                sheet.cell(row=number, column=index + 1).number_format = datetime_format
            elif isinstance(value, date):
                sheet.cell(row=number, column=index + 1).number_format = date_format
            elif isinstance(value, float):
                sheet.cell(row=number, column=index + 1).number_format = "0%"
            elif isinstance(value, str) and len(value) > MAX_WIDTH:
                sheet.cell(row=number, column=index + 1).alignment = wrap
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width + 2
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions


def _width(value: Value) -> int:
    """Characters the value needs, between MIN_WIDTH and MAX_WIDTH."""
    if isinstance(value, datetime):
        return _DATETIME_WIDTH
    if isinstance(value, date):
        return _DATE_WIDTH
    if value is None:
        return MIN_WIDTH
    longest = max((len(line) for line in str(value).splitlines()), default=0)
    return max(MIN_WIDTH, min(MAX_WIDTH, longest))
