"""One CSV row per member contribution: UTF-8 with BOM, formula-safe cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

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
)


BOM = "\ufeff"
LINE_END = "\r\n"
HEADER = ",".join(COLUMNS) + LINE_END


def csv_cell(value: str) -> str:
    """A text cell as csv.writer's default (excel) dialect writes it: quoted only when it
    holds a quote, comma, CR or LF, with quotes doubled (str methods: no scan per char)."""
    if '"' in value:
        return '"' + value.replace('"', '""') + '"'
    if "," in value or "\n" in value or "\r" in value:
        return '"' + value + '"'
    return value


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
    ]


def render_rows(rows: Sequence[ContributionRow]) -> bytes:
    """The rows as CSV bytes (UTF-8 with BOM, CRLF line ends)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(row_values(row) for row in rows)
    return buffer.getvalue().encode("utf-8-sig")


def render_csv(digest: Digest) -> bytes:
    """The digest's contribution rows as CSV: the model's rendering, whose bytes the
    streaming export (`digest.export`, what the CLI and the bot write) must equal."""
    return render_rows(digest.rows)
