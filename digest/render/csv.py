"""One CSV row per member contribution: UTF-8 with BOM, formula-safe cells.

Two dialects. "comma" (the default, what `neuvo digest --format csv` writes and scripts read):
comma-separated, column keys as headers. "excel" (what the bot sends, and `--csv-dialect
excel`): semicolon-separated with headers in the digest's language, as Excel with Finnish or
Swedish regional settings opens it. Cells are the same in both.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

from digest.labels import labels_for
from digest.model import ContributionRow, Digest
from digest.render.cells import neutralise

COLUMNS = (
    "contribution_id",
    "pseudonym",
    "theme",
    "session_date",
    "window",
    "sent_at",
    "text",
    "media",
    "reactions",
    "replies",
    "hidden",
    "late",
    "highlighted",
    "subtopic",
    "private",
)

BOM = "\ufeff"
LINE_END = "\r\n"
COMMA = "comma"
EXCEL = "excel"
DIALECTS = (COMMA, EXCEL)


@dataclass(frozen=True, slots=True)
class CsvDialect:
    """A separator and the header line (without BOM, with the line end)."""

    name: str
    delimiter: str
    header: str

    def cell(self, value: str) -> str:
        """A text cell as csv.writer writes it with this delimiter: quoted only when it holds
        a quote, the delimiter, CR or LF, with quotes doubled (str methods: no scan per char)."""
        if '"' in value:
            return '"' + value.replace('"', '""') + '"'
        if self.delimiter in value or "\n" in value or "\r" in value:
            return '"' + value + '"'
        return value


def column_headers(dialect: str, language: str | None) -> tuple[str, ...]:
    """The header cells: the column keys (comma) or their labels in `language` (excel)."""
    if dialect == COMMA:
        return COLUMNS
    if dialect != EXCEL:
        raise ValueError(f"unknown CSV dialect {dialect!r}; choose from {', '.join(DIALECTS)}")
    labels = labels_for(language)
    return tuple(labels[f"column_{key}"] for key in COLUMNS)


def dialect_of(name: str, language: str | None = None) -> CsvDialect:
    """The dialect called `name` ("comma" or "excel"); ValueError for any other."""
    delimiter = ";" if name == EXCEL else ","
    plain = CsvDialect(name, delimiter, "")
    headers = [plain.cell(neutralise(header)) for header in column_headers(name, language)]
    return CsvDialect(name, delimiter, delimiter.join(headers) + LINE_END)


def row_values(row: ContributionRow) -> list[str | int]:
    """A row's cells in COLUMNS order; text cells are neutralised, booleans "true"/"false"."""
    return [
        row.contribution_id,
        neutralise(row.pseudonym),
        neutralise(row.theme),
        row.session_date.isoformat() if row.session_date else "",
        neutralise(row.window),
        row.sent_at.isoformat(timespec="seconds"),
        neutralise(row.text),
        neutralise(row.media),
        row.reactions,
        row.replies,
        "true" if row.hidden else "false",
        "true" if row.late else "false",
        "true" if row.highlighted else "false",
        neutralise(row.subtopic),
        "true" if row.private else "false",
    ]


def render_rows(
    rows: Sequence[ContributionRow], *, dialect: str = COMMA, language: str | None = None
) -> bytes:
    """The rows as CSV bytes (UTF-8 with BOM, CRLF line ends) in a dialect; headers of the
    excel dialect in `language`."""
    chosen = dialect_of(dialect, language)
    buffer = io.StringIO()
    buffer.write(chosen.header)
    writer = csv.writer(buffer, delimiter=chosen.delimiter)
    writer.writerows(row_values(row) for row in rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def render_csv(digest: Digest, *, dialect: str = COMMA) -> bytes:
    """The digest's contribution rows as CSV: the model's rendering, whose bytes the
    streaming export (`digest.export`, what the CLI and the bot write) must equal."""
    return render_rows(digest.rows, dialect=dialect, language=digest.language)
