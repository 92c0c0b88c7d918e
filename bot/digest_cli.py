"""`neuvo digest`: write one month's digest in the asked formats (CSV streamed), with progress."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from rich.progress import Progress
from sqlalchemy.ext.asyncio import AsyncSession

from bot.cli_database import ready_sessions
from bot.digest_ops import MonthFiles, parse_month, secret_of, write_month, write_regional
from config import Settings
from digest.errors import DigestError
from digest.render import FORMATS
from digest.render.csv import COMMA, DIALECTS
from storage import groups
from themes.loader import load_catalog

_Writer = Callable[[AsyncSession, Callable[[Path], None]], Awaitable[list[Path]]]


def run_digest(
    settings: Settings,
    *,
    group: str,
    month: str,
    formats: Sequence[str],
    output: Path,
    csv_dialect: str = COMMA,
) -> list[Path]:
    """Build and write; DigestError carries the one-line reason for any failure."""
    files = _asked_files(month, formats, output)
    if csv_dialect not in DIALECTS:
        raise DigestError(f"unknown CSV dialect {csv_dialect!r} (use {'|'.join(DIALECTS)})")
    secret_of(settings)  # a missing secret is said before the database is opened

    async def write(db: AsyncSession, on_written: Callable[[Path], None]) -> list[Path]:
        catalog = load_catalog(settings.theme_dirs)
        return await write_month(
            db, settings, catalog, files, group_key=group, on_written=on_written,
            csv_dialect=csv_dialect,
        )  # fmt: skip

    return asyncio.run(_writing(settings, files, write))


def run_regional(
    settings: Settings,
    *,
    group_keys: Sequence[str],
    all_groups: bool,
    month: str,
    formats: Sequence[str],
    output: Path,
) -> list[Path]:
    """The regional digest of the named groups (or every group); DigestError says why not."""
    files = _asked_files(month, formats, output)
    secret_of(settings)

    async def write(db: AsyncSession, on_written: Callable[[Path], None]) -> list[Path]:
        keys = [g.key for g in await groups.all_groups(db)] if all_groups else group_keys
        catalog = load_catalog(settings.theme_dirs)
        return await write_regional(
            db, settings, catalog, files, group_keys=keys, on_written=on_written
        )

    return asyncio.run(_writing(settings, files, write))


def _asked_files(month: str, formats: Sequence[str], output: Path) -> MonthFiles:
    """The month's files asked now; DigestError for a bad month or an unknown format."""
    year, number = parse_month(month)
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise DigestError(f"unknown format {', '.join(unknown)} (use {'|'.join(FORMATS)})")
    return MonthFiles(year, number, datetime.now(UTC), formats, output)


async def _writing(settings: Settings, files: MonthFiles, write: _Writer) -> list[Path]:
    """Open a ready, synced database and run `write` with a progress bar of a step a file."""
    async with ready_sessions(settings, now=files.now) as sessions, sessions() as db:
        with Progress(transient=True) as progress:
            task = progress.add_task("digest", total=len(files.formats))
            return await write(db, lambda _path: progress.advance(task))
