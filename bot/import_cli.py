"""`neuvo import telegram-export`: a chat export into a group's contributions, with progress."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from rich.progress import Progress

from bot.app import Policies
from bot.cli_database import ready_sessions
from bot.history_import import ChatImport, ImportResult, import_chat, target_group
from bot.telegram_export import ExportError, read_export
from config import Settings
from themes.loader import load_catalog


def parse_themes(pairs: Sequence[str], known: Sequence[str]) -> dict[date, str]:
    """`YYYY-MM-DD=THEME` options as {day: theme key}; ExportError names a bad one."""
    themes: dict[date, str] = {}
    for pair in pairs:
        day_text, _, key = pair.partition("=")
        try:
            day = date.fromisoformat(day_text.strip())
        except ValueError:
            raise ExportError(f"--theme {pair!r}: expected YYYY-MM-DD=THEME") from None
        key = key.strip()
        if key not in known:
            raise ExportError(f"--theme {pair!r}: no theme {key!r} in the catalog")
        themes[day] = key
    return themes


def run_import(
    settings: Settings, *, path: Path, group: str, themes: Sequence[str], now: datetime
) -> ImportResult:
    """Read, check and import; ExportError carries the one-line reason for any failure."""
    planned = parse_themes(themes, list(load_catalog(settings.theme_dirs)))
    job = ChatImport(read_export(path), group, planned, now)
    return asyncio.run(_import(settings, path.name, job))


async def _import(settings: Settings, name: str, job: ChatImport) -> ImportResult:
    async with ready_sessions(settings, now=job.now) as sessions:
        async with sessions() as db:
            await target_group(db, job.group_key, job.chat)  # a foreign export: no bar
        with Progress() as progress:
            task = progress.add_task(f"import {name}", total=len(job.chat.messages))
            return await import_chat(
                sessions, job, policy_for=Policies(settings), staff_ids=settings.staff_ids,
                on_progress=lambda done: progress.advance(task, done),
            )  # fmt: skip
