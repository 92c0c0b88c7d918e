"""What the scheduler tells the outside world; `bot/notifier.py` implements it with aiogram."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from zoneinfo import ZoneInfo

from scheduler.calendar import DEFAULT_WINDOWS, Window, WindowSpec
from storage.tally import Tally
from themes.model import Theme


@dataclass(frozen=True, slots=True)
class GroupView:
    """What the Notifier knows of a group: plain values, never a database row."""

    key: str
    chat_id: int
    audience: str
    language: str
    zone: ZoneInfo
    lock_between_sessions: bool
    windows: tuple[WindowSpec, ...] = DEFAULT_WINDOWS


@dataclass(frozen=True, slots=True)
class Opening:
    """What staff set for one window's opening: the day's own prompt, who is on duty."""

    prompt: str | None = None
    on_duty: str | None = None


class Notifier(Protocol):
    """The view of the window lifecycle. Each method is one visible act."""

    async def create_topic(self, group: GroupView, theme: Theme) -> int:
        """Create the forum topic for `theme`; return its message_thread_id."""

    async def open_window(
        self,
        group: GroupView,
        window: Window,
        theme: Theme,
        *,
        reply_to: int | None,
        thread_id: int | None,
        catch_up: bool,
        opening: Opening | None = None,
    ) -> int:
        """Post (and pin) the prompt (staff's own text and the name of who is on duty, if
        `opening` has them), unlock if the group locks; return the prompt's id."""

    async def pinned_prompt(self, group: GroupView, window: Window, theme: Theme) -> int | None:
        """The id of the chat's pinned message if it is this window's prompt as `open_window`
        posts it (posted before a crash), else None."""

    async def close_window(
        self,
        group: GroupView,
        window: Window,
        theme: Theme,
        tally: Tally,
        *,
        prompt_message_id: int | None,
        thread_id: int | None,
    ) -> int | None:
        """Thank people with the window's figures, unpin, lock again."""

    async def remind_members(
        self, group: GroupView, window: Window, theme: Theme | None, *, soon: bool
    ) -> int | None:
        """Remind the group of a coming window (the evening before, or minutes before)."""

    async def remind_staff_theme(self, group: GroupView, day: date) -> None:
        """Tell staff privately that a coming session day has no theme yet."""
