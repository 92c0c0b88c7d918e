"""`neuvo import telegram-export`: a chat export into a group's contributions, with progress."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from rich.progress import Progress

from bot.app import Policies
from bot.cli_database import ready_sessions
from bot.history_import import ImportResult, import_chat, target_group
from bot.telegram_export import ExportedChat, ExportError, read_export
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
    chat = read_export(path)
    return asyncio.run(_import(settings, path, chat, group, planned, now))


async def _import(
    settings: Settings,
    path: Path,
    chat: ExportedChat,
    group: str,
    themes: dict[date, str],
    now: datetime,
) -> ImportResult:
    async with ready_sessions(settings, now=now) as sessions:
        async with sessions() as db:
            await target_group(db, group, chat)  # a foreign export is refused before any bar
        with Progress() as progress:
            task = progress.add_task(f"import {path.name}", total=len(chat.messages))
            return await import_chat(
                sessions,
                chat=chat,
                group_key=group,
                themes=themes,
                policy_for=Policies(settings),
                staff_ids=settings.staff_ids,
                now=now,
                on_progress=lambda done: progress.advance(task, done),
            )
