"""An XLSX workbook (openpyxl): summary, themes and contributions sheets, formula-safe."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from typing import Any

from digest.errors import RenderError
from digest.labels import labels_for
from digest.model import Digest
from digest.render import text
from digest.render.cells import neutralise
from digest.render.csv import COLUMNS, row_values

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters XML 1.0 refuses


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


def _sheet(book: Any, title: str, rows: Iterable[Sequence[object]]) -> None:
    sheet = book.create_sheet(title=title[:31])
    for row in rows:
        sheet.append([safe(value) for value in row])


def summary_rows(digest: Digest) -> list[list[object]]:
    """(label, value) rows: group, period, the summary figures."""
    labels = labels_for(digest.language)
    rows: list[list[object]] = [
        [labels["group"], digest.group_key],
        [labels["audience"], text.audience(digest)],
        [labels["period"], text.format_period(digest.period, digest.language)],
        [labels["generated"], digest.generated_at.isoformat(timespec="seconds")],
    ]
    if digest.partial:
        rows.append([labels["partial"], ""])
    rows += [[name, value] for name, value in text.summary_pairs(digest)]
    return rows


def theme_rows(digest: Digest) -> list[list[object]]:
    """A header and one row per theme with its counts and change against the period before."""
    labels = labels_for(digest.language)
    header: list[object] = [
        "theme", labels["theme"], labels["contributions"], labels["participants"],
        labels["late"], labels["hidden"], labels["questions"], labels["highlighted"],
        f"{labels['change']}: {labels['contributions']}",
        f"{labels['change']}: {labels['participants']}",
    ]  # fmt: skip
    changes = {change.key: change for change in digest.changes}
    rows = [header]
    for theme in digest.themes:
        change = changes.get(theme.key)
        rows.append(
            [theme.key, theme.title, theme.contributions, theme.participants, theme.late,
             theme.hidden, theme.questions, theme.highlighted,
             change.contributions_delta if change else None,
             change.participants_delta if change else None]
        )  # fmt: skip
    return rows


def render_xlsx(digest: Digest) -> bytes:
    """The workbook as bytes."""
    labels = labels_for(digest.language)
    book = _openpyxl().Workbook(write_only=True)
    _sheet(book, labels["sheet_summary"], summary_rows(digest))
    _sheet(book, labels["sheet_themes"], theme_rows(digest))
    contributions: list[Sequence[object]] = [COLUMNS, *(row_values(r) for r in digest.rows)]
    _sheet(book, labels["sheet_contributions"], contributions)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
