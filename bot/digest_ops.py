"""Building and writing digests for the CLI, the bot and the monthly job."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TypedDict, Unpack

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from digest.builder import build_digest
from digest.errors import DigestError
from digest.export import Sink, export_csv
from digest.model import Digest
from digest.periods import check_month, month_range
from digest.regional import RegionalDigest
from digest.regional_build import build_regional
from digest.render import output_paths, render, write_file, write_formats
from digest.render.csv import COMMA
from digest.render.regional import render_regional
from storage import groups, theme_notes
from storage.models import Group
from themes.model import Catalog

__all__ = [
    "MonthAsked",
    "MonthFiles",
    "month_csv",
    "month_digest",
    "month_label",
    "parse_month",
    "regional_digest",
    "secret_of",
    "write_formats",  # digest.render.write_formats, kept importable here for the demo
    "write_month",
    "write_regional",
]

CSV = "csv"
REGIONAL = "regional"  # the file name's group part for a digest of several groups
MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    """'2026-12' → (2026, 12); DigestError for anything else."""
    match = MONTH_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DigestError(f"month {text!r} must look like 2026-12")
    return int(match.group(1)), int(match.group(2))


def month_label(year: int, month: int) -> str:
    """(2026, 12) → '2026-12', as `parse_month` reads it."""
    return f"{year:04d}-{month:02d}"


def secret_of(settings: Settings) -> str:
    """The pseudonym key; digests cannot be made without one."""
    if settings.pseudonym_secret is None:
        raise DigestError(
            "NEUVO_PSEUDONYM_SECRET is not set: digests need it for pseudonyms "
            "(generate one with: openssl rand -hex 32)"
        )
    return settings.pseudonym_secret.get_secret_value()


@dataclass(frozen=True)
class MonthFiles:
    """Which month's files to write, when asked, in which formats and where: directory
    `target`, or the file `target` itself for one format."""

    year: int
    month: int
    now: datetime
    formats: Sequence[str]
    target: Path

    @property
    def label(self) -> str:
        """'2026-12'."""
        return month_label(self.year, self.month)


@dataclass(frozen=True)
class GroupMonth:
    """A checked calendar month of one group: [start, end) in the group's zone, the
    pseudonym key and the moment asked."""

    group: Group
    group_key: str
    label: str
    start: datetime
    end: datetime
    secret: str
    now: datetime


class MonthAsked(TypedDict):
    """The keywords naming a group's month and when it is asked (typed for every caller)."""

    group_key: str
    year: int
    month: int
    now: datetime


async def _group_month(
    db: AsyncSession, settings: Settings, **asked: Unpack[MonthAsked]
) -> GroupMonth:
    """The month of the group; DigestError for a missing secret (said first), an unknown group
    or a month out of bounds (before 2000-01 or not yet started)."""
    secret = secret_of(settings)
    group = await _checked_group(db, **asked)
    year, month = asked["year"], asked["month"]
    start, end = month_range(year, month, group.timezone)
    label = month_label(year, month)
    return GroupMonth(group, asked["group_key"], label, start, end, secret, asked["now"])


async def month_digest(
    db: AsyncSession, settings: Settings, catalog: Catalog, **asked: Unpack[MonthAsked]
) -> Digest:
    """The digest of one calendar month of a group (partial if the month is not over), with
    staff's notes ("Nostot") shown first under their themes."""
    return await _digest(db, settings, catalog, await _group_month(db, settings, **asked))


async def month_csv(
    db: AsyncSession,
    settings: Settings,
    *,
    out: Sink,
    dialect: str = COMMA,
    **asked: Unpack[MonthAsked],
) -> int:
    """Stream one calendar month's contribution CSV of a group into `out` (the same bytes as
    the month digest's CSV rendering in that dialect); the number of rows."""
    return await _export(db, await _group_month(db, settings, **asked), out, dialect)


async def write_month(
    db: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    files: MonthFiles,
    *,
    group_key: str,
    on_written: Callable[[Path], None] | None = None,
    csv_dialect: str = COMMA,
) -> list[Path]:
    """Write a month's digest files: CSV streamed from the database (in `csv_dialect`), every
    other format rendered from the digest.
    An unknown group, a missing secret or a failed rendering writes nothing."""
    span = await _group_month(
        db, settings, group_key=group_key, year=files.year, month=files.month, now=files.now
    )
    paths = output_paths(group_key, files.label, files.formats, files.target)
    modelled = [fmt for fmt in paths if fmt != CSV]
    contents: dict[str, bytes] = {}
    if modelled:
        digest = await _digest(db, settings, catalog, span)
        contents = {fmt: render(digest, fmt) for fmt in modelled}  # all before any write
    for fmt, path in paths.items():
        if fmt == CSV:
            await _export_to(db, span, path, csv_dialect)
        else:
            write_file(path, contents[fmt])
        if on_written:
            on_written(path)
    return list(paths.values())


async def regional_digest(
    db: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    *,
    group_keys: Sequence[str],
    year: int,
    month: int,
    now: datetime,
) -> RegionalDigest:
    """The regional digest of the groups for one calendar month (each checked as above)."""
    for key in group_keys:
        await _checked_group(db, group_key=key, year=year, month=month, now=now)
    return await build_regional(
        db,
        group_keys=group_keys,
        year=year,
        month=month,
        secret=secret_of(settings),
        catalog=catalog,
        now=now,
        threshold=settings.suppression_threshold,
    )


async def write_regional(
    db: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    files: MonthFiles,
    *,
    group_keys: Sequence[str],
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write the regional digest's files ("neuvo-regional-YYYY-MM.<ext>"); every format is
    rendered before anything is written."""
    paths = output_paths(REGIONAL, files.label, files.formats, files.target)
    digest = await regional_digest(
        db, settings, catalog, group_keys=group_keys, year=files.year, month=files.month,
        now=files.now,
    )  # fmt: skip
    contents = {fmt: render_regional(digest, fmt) for fmt in paths}
    for fmt, path in paths.items():
        write_file(path, contents[fmt])
        if on_written:
            on_written(path)
    return list(paths.values())


async def _checked_group(
    db: AsyncSession, *, group_key: str, year: int, month: int, now: datetime
) -> Group:
    """The group, if known and the month may be asked of it; else DigestError."""
    group = await groups.by_key(db, key=group_key)
    if group is None:
        known = ", ".join(g.key for g in await groups.all_groups(db)) or "none"
        raise DigestError(f"unknown group {group_key!r} (known: {known})")
    check_month(year, month, now=now, zone=group.timezone)
    return group


async def _digest(
    db: AsyncSession, settings: Settings, catalog: Catalog, span: GroupMonth
) -> Digest:
    assert span.group.id is not None
    notes = await theme_notes.get_notes(db, group_id=span.group.id, month=span.label)
    return await build_digest(
        db, group_key=span.group_key, start=span.start, end=span.end, secret=span.secret,
        catalog=catalog, now=span.now, threshold=settings.suppression_threshold, notes=notes,
    )  # fmt: skip


async def _export(db: AsyncSession, span: GroupMonth, out: Sink, dialect: str) -> int:
    return await export_csv(
        db, group_key=span.group_key, start=span.start, end=span.end, secret=span.secret,
        out=out, dialect=dialect, now=span.now,
    )  # fmt: skip


async def _export_to(db: AsyncSession, span: GroupMonth, path: Path, dialect: str) -> None:
    try:
        with path.open("wb") as out:
            await _export(db, span, out, dialect)
    except OSError as exc:
        raise DigestError(f"cannot write {path}: {exc.strerror}") from None
