"""Streaming CSV export of a long range: the bytes of `render_rows(build_rows(...))`, made
without holding the rows.

Two small queries come first (the period's authors, reply counts); then the rows come from
the server in chunks of plain driver values, each row's reactions summed by the database
(`queries.export_chunks`). Every row becomes its CSV line at once, through the digest's
privacy gate (`shows_author`, `shows_text`), pseudonyms (one HMAC per author) and redaction
(per text), and each chunk is written as soon as it is mapped. Cells of values that repeat
(pseudonyms, themes, windows, session dates) are made once.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from digest import queries
from digest.builder import quoter_for, resolve_group, subtopic_namer, theme_placer
from digest.instants import LocalTimes, utc_instant
from digest.quoting import Quoter, shows_author, shows_pseudonym, shows_text
from digest.records import AuthorFact
from digest.render.cells import neutralise
from digest.render.csv import BOM, COMMA, CsvDialect, dialect_of
from digest.subtopics import ThemePlacer
from themes.catalog import load_catalog
from themes.model import Theme

CHUNK_ROWS = 1000  # small chunks: fewer rows live long enough to reach the oldest GC generation
_BOOLEAN = {False: "false", True: "true"}  # also 0 and 1, as SQLite gives them


class Sink(Protocol):
    """Where the CSV goes: a binary file, a BytesIO, a socket writer."""

    def write(self, data: bytes, /) -> object:
        """Take the next bytes."""


async def export_csv(
    db: AsyncSession,
    *,
    group_key: str,
    start: datetime,
    end: datetime,
    secret: str,
    out: Sink,
    language: str | None = None,
    catalog: Mapping[str, Theme] | None = None,
    dialect: str = COMMA,
    now: datetime | None = None,
) -> int:
    """Write the group's contribution CSV of [start, end) to `out` in a dialect ("comma" or
    "excel", `digest.render.csv`); the number of rows. Sub-topics come from `catalog` (the
    built-in one when None), and texts under quote review at `now`, as in `build_rows`."""
    target = await resolve_group(db, group_key=group_key, start=start, end=end, language=language)
    group_id = target.group.id
    authors = await queries.period_authors(db, group_id=group_id, start=start, end=end)
    quoter = quoter_for(target, secret, (a.user_id for a in authors if a.user_id is not None))
    replies = await queries.reply_counts(db, group_id=group_id, start=start, end=end)
    themes = catalog if catalog is not None else load_catalog()
    chosen = dialect_of(dialect, target.language)
    subtopics = Subtopics(
        theme_placer(themes, target.group),
        subtopic_namer(themes, target.language, target.group.audience),
        chosen.cell,
    )
    lines = CsvLines(
        quoter, target.zone, authors=authors, replies=replies, subtopics=subtopics, dialect=chosen
    )
    out.write((BOM + chosen.header).encode("utf-8"))
    count = 0
    chunks = queries.export_chunks(
        db, group_id=group_id, start=start, end=end, size=CHUNK_ROWS, now=now
    )
    async with contextlib.aclosing(chunks):  # a failed write closes the server-side cursor
        async for chunk in chunks:
            out.write("".join(map(lines, chunk)).encode("utf-8"))
            count += len(chunk)
    return count


class _Cells(dict[Any, str]):
    """Cells of repeated values, each made on first use by `make`."""

    __slots__ = ("_make",)

    def __init__(self, make: Callable[[Any], str]) -> None:
        super().__init__()
        self._make = make

    def __missing__(self, value: Any) -> str:
        cell = self[value] = self._make(value)
        return cell


class Subtopics:
    """Each themed row's sub-topic cell, placed in time order as `build_rows` places them."""

    __slots__ = ("_cell", "_cells", "_name", "_placer")

    def __init__(
        self,
        placer: ThemePlacer,
        name: Callable[[str | None, int | None], str],
        cell: Callable[[str], str],
    ) -> None:
        self._placer = placer
        self._name = name
        self._cell = cell
        self._cells: dict[tuple[str | None, int | None], str] = {}

    def cell(self, row: Any) -> str:
        """The sub-topic cell of an `ExportFact`-shaped row ("" when unthemed)."""
        theme = row[4]
        if theme is None:
            return ""
        chat, message, reply_to = row[1], row[2], row[14]
        index = self._placer.place(
            theme, row[0], (chat, message), (chat, reply_to) if reply_to else None, row[8],
            row[15], row[17],
        )  # fmt: skip
        cell = self._cells.get((theme, index))
        if cell is None:
            cell = self._cells[(theme, index)] = self._cell(neutralise(self._name(theme, index)))
        return cell


class CsvLines:
    """One CSV line (COLUMNS order, formula-safe) per `ExportFact`-shaped row."""

    __slots__ = (
        "_authors", "_cell", "_days", "_labels", "_redact", "_replies", "_sep", "_subtopics",
        "_times",
    )  # fmt: skip

    def __init__(
        self,
        quoter: Quoter,
        zone: ZoneInfo,
        *,
        authors: Iterable[AuthorFact],
        replies: Mapping[tuple[int, int], int],
        subtopics: Subtopics,
        dialect: CsvDialect,
    ) -> None:
        self._subtopics = subtopics
        self._sep = dialect.delimiter
        self._cell = cell = dialect.cell
        self._authors = {
            author.member_id: _author_cell(quoter, author, cell) for author in authors
        }
        self._redact = quoter.redact
        self._times = LocalTimes(zone)
        self._replies: dict[int, dict[int, int]] = {}
        for (chat, message), count in replies.items():
            self._replies.setdefault(chat, {})[message] = count
        # Theme keys, window labels and media kinds ("" for None); session days' local dates.
        self._labels = _Cells(lambda value: cell(neutralise(value or "")))
        self._days = _Cells(lambda start: self._times.date_iso(utc_instant(start)))

    def __call__(self, row: Any) -> str:
        """The row's line, ending in CRLF."""
        (
            number, chat, message, day_id, theme, window, window_start, sent_at, text, media,
            late, hidden, highlighted, member_id, _reply_to, _override, private, _scores,
            reactions,
        ) = row  # fmt: skip
        labels, s = self._labels, self._sep
        name, shown = self._authors.get(member_id, _NOBODY)
        day = self._days[window_start] if window_start is not None and day_id is not None else ""
        body = self._text(text) if shows_text(shown, hidden, text) else ""
        replies = self._replies.get(chat, _NO_REPLIES).get(message, 0)
        # One f-string, no tuple per row: fewer allocations, less work for the collector.
        return (
            f"{number}{s}{name}{s}{labels[theme]}{s}{day}{s}{labels[window]}{s}"
            f"{self._times.iso_raw(sent_at)}{s}{body}{s}{labels[media]}{s}"
            f"{reactions}{s}{replies}{s}{_BOOLEAN[hidden]}{s}{_BOOLEAN[late]}{s}"
            f"{_BOOLEAN[highlighted]}{s}{self._subtopics.cell(row)}{s}{_BOOLEAN[private]}"
            "\r\n"
        )

    def _text(self, text: str) -> str:
        """A redacted text as a cell (redacted each time: texts rarely repeat)."""
        return self._cell(neutralise(self._redact(text)))


_NOBODY = ("", False)  # a contribution without a member row
_NO_REPLIES: dict[int, int] = {}


def _author_cell(
    quoter: Quoter, author: AuthorFact, cell: Callable[[str], str]
) -> tuple[str, bool]:
    """The pseudonym cell (every member who has not asked to be forgotten has one) and
    whether their text may be shown."""
    user_id = author.user_id
    if user_id is None or not shows_pseudonym(user_id, author.forgotten):
        return _NOBODY
    shown = shows_author(user_id, author.forgotten, author.consent)
    return cell(neutralise(quoter.name(user_id))), shown
