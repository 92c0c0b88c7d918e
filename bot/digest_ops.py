"""Building and writing digests for the CLI, the bot and the monthly job."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncSession

from config import Settings
from digest.builder import build_digest
from digest.errors import DigestError
from digest.model import Digest
from digest.periods import check_month, month_range
from digest.render import FORMATS, file_name, render
from storage import groups
from themes.model import Catalog

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: str) -> tuple[int, int]:
    """'2026-12' → (2026, 12); DigestError for anything else."""
    match = MONTH_RE.match(text.strip())
    if not match or not 1 <= int(match.group(2)) <= 12:
        raise DigestError(f"month {text!r} must look like 2026-12")
    return int(match.group(1)), int(match.group(2))


def secret_of(settings: Settings) -> str:
    """The pseudonym key; digests cannot be made without one."""
    if settings.pseudonym_secret is None:
        raise DigestError(
            "NEUVO_PSEUDONYM_SECRET is not set: digests need it for pseudonyms "
            "(generate one with: openssl rand -hex 32)"
        )
    return settings.pseudonym_secret.get_secret_value()


async def month_digest(
    db: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    *,
    group_key: str,
    year: int,
    month: int,
    now: datetime,
) -> Digest:
    """The digest of one calendar month of a group (partial if the month is not over)."""
    secret = secret_of(settings)
    group = await groups.by_key(db, key=group_key)
    if group is None:
        known = ", ".join(g.key for g in await groups.all_groups(db)) or "none"
        raise DigestError(f"unknown group {group_key!r} (known: {known})")
    check_month(year, month, now=now, zone=group.timezone)
    start, end = month_range(year, month, group.timezone)
    return await build_digest(
        db,
        group_key=group_key,
        start=start,
        end=end,
        secret=secret,
        catalog=catalog,
        now=now,
        threshold=settings.suppression_threshold,
    )


def write_formats(
    digest: Digest,
    formats: Sequence[str],
    target: Path,
    *,
    on_written: Callable[[Path], None] | None = None,
) -> list[Path]:
    """Write each format into directory `target` (or to `target` itself for one format)."""
    unknown = [fmt for fmt in formats if fmt not in FORMATS]
    if unknown:
        raise DigestError(f"unknown format {', '.join(unknown)} (use {'|'.join(FORMATS)})")
    single_file = len(formats) == 1 and target.suffix != ""
    directory = target.parent if single_file else target
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DigestError(f"cannot write to {directory}: {exc.strerror}") from None
    written = []
    for fmt in formats:
        path = target if single_file else directory / file_name(digest, fmt)
        try:
            path.write_bytes(render(digest, fmt))
        except OSError as exc:
            raise DigestError(f"cannot write {path}: {exc.strerror}") from None
        written.append(path)
        if on_written:
            on_written(path)
    return written
