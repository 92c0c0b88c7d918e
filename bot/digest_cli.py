"""`neuvo digest`: write one month's digest in the asked formats (CSV streamed), with progress."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from rich.progress import Progress

from bot.declared_groups import sync_declared_groups
from bot.digest_ops import parse_month, secret_of, write_month, write_regional
from config import Settings
from digest.errors import DigestError
from digest.render import FORMATS
from digest.render.csv import COMMA, DIALECTS
from storage import groups, migrate
from storage.db import create_engine, session_factory
from themes.loader import load_catalog


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
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise DigestError(f"unknown format {', '.join(unknown)} (use {'|'.join(FORMATS)})")
    if csv_dialect not in DIALECTS:
        raise DigestError(f"unknown CSV dialect {csv_dialect!r} (use {'|'.join(DIALECTS)})")
    secret_of(settings)  # a missing secret is said before the database is opened
    return asyncio.run(
        _build_and_write(settings, group, year, number, formats, output, csv_dialect)
    )


async def _build_and_write(
    settings: Settings,
    group: str,
    year: int,
    month: int,
    formats: Sequence[str],
    output: Path,
    csv_dialect: str,
) -> list[Path]:
    engine = create_engine(settings.database_url)
    try:
        await migrate.require_ready(engine)
        await sync_declared_groups(session_factory(engine), settings, now=datetime.now(UTC))
        with Progress(transient=True) as progress:
            task = progress.add_task("digest", total=len(formats))
            async with session_factory(engine)() as db:
                return await write_month(
                    db,
                    settings,
                    load_catalog(settings.theme_dirs),
                    group_key=group,
                    year=year,
                    month=month,
                    now=datetime.now(UTC),
                    formats=formats,
                    target=output,
                    on_written=lambda _path: progress.advance(task),
                    csv_dialect=csv_dialect,
                )
    finally:
        await engine.dispose()


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
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise DigestError(f"unknown format {', '.join(unknown)} (use {'|'.join(FORMATS)})")
    secret_of(settings)
    return asyncio.run(
        _build_regional(settings, group_keys, all_groups, year, number, formats, output)
    )


async def _build_regional(
    settings: Settings,
    group_keys: Sequence[str],
    all_groups: bool,
    year: int,
    month: int,
    formats: Sequence[str],
    output: Path,
) -> list[Path]:
    engine = create_engine(settings.database_url)
    try:
        await migrate.require_ready(engine)
        sessions = session_factory(engine)
        await sync_declared_groups(sessions, settings, now=datetime.now(UTC))
        async with sessions() as db:
            keys = [g.key for g in await groups.all_groups(db)] if all_groups else group_keys
            with Progress(transient=True) as progress:
                task = progress.add_task("digest", total=len(formats))
                return await write_regional(
                    db,
                    settings,
                    load_catalog(settings.theme_dirs),
                    group_keys=keys,
                    year=year,
                    month=month,
                    now=datetime.now(UTC),
                    formats=formats,
                    target=output,
                    on_written=lambda _path: progress.advance(task),
                )
    finally:
        await engine.dispose()
