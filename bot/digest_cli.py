"""`neuvo digest`: write one month's digest in the asked formats (CSV streamed), with progress."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path

from rich.progress import Progress
from sqlalchemy.ext.asyncio import AsyncSession

from bot.declared_groups import sync_declared_groups
from bot.digest_ops import parse_month, secret_of, write_month, write_regional
from config import Settings
from digest.errors import DigestError
from digest.render import FORMATS
from digest.render.csv import COMMA, DIALECTS
from storage import groups, migrate
from storage.db import create_engine, session_factory
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
    year, number = parse_month(month)
    _check_formats(formats)
    if csv_dialect not in DIALECTS:
        raise DigestError(f"unknown CSV dialect {csv_dialect!r} (use {'|'.join(DIALECTS)})")
    secret_of(settings)  # a missing secret is said before the database is opened

    async def write(db: AsyncSession, on_written: Callable[[Path], None]) -> list[Path]:
        return await write_month(
            db,
            settings,
            load_catalog(settings.theme_dirs),
            group_key=group,
            year=year,
            month=number,
            now=datetime.now(UTC),
            formats=formats,
            target=output,
            on_written=on_written,
            csv_dialect=csv_dialect,
        )

    return asyncio.run(_writing(settings, len(formats), write))


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
    year, number = parse_month(month)
    _check_formats(formats)
    secret_of(settings)

    async def write(db: AsyncSession, on_written: Callable[[Path], None]) -> list[Path]:
        keys = [g.key for g in await groups.all_groups(db)] if all_groups else group_keys
        return await write_regional(
            db,
            settings,
            load_catalog(settings.theme_dirs),
            group_keys=keys,
            year=year,
            month=number,
            now=datetime.now(UTC),
            formats=formats,
            target=output,
            on_written=on_written,
        )

    return asyncio.run(_writing(settings, len(formats), write))


def _check_formats(formats: Sequence[str]) -> None:
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise DigestError(f"unknown format {', '.join(unknown)} (use {'|'.join(FORMATS)})")


async def _writing(settings: Settings, files: int, write: _Writer) -> list[Path]:
    """Open a ready, synced database and run `write` with a progress bar of `files` steps."""
    engine = create_engine(settings.database_url)
    try:
        await migrate.require_ready(engine)
        sessions = session_factory(engine)
        await sync_declared_groups(sessions, settings, now=datetime.now(UTC))
        async with sessions() as db:
            with Progress(transient=True) as progress:
                task = progress.add_task("digest", total=files)
                return await write(db, lambda _path: progress.advance(task))
    finally:
        await engine.dispose()
