"""Reading `/vuoro DATE WINDOW [nimellä | pois]` (sv `namn`/`bort`, en `name`/`off`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.dates import parse_date
from scheduler.calendar import WindowSpec, parse_window

GIVE_UP_WORDS = frozenset({"pois", "bort", "off"})
SHOW_NAME_WORDS = frozenset({"nimellä", "nimella", "namn", "name"})


@dataclass(frozen=True, slots=True)
class DutyRequest:
    """Which window of which day, and whether to take it with the name shown or give it up."""

    day: date
    window_index: int
    spec: WindowSpec
    show_name: bool = False
    give_up: bool = False


def window_index(text: str, windows: tuple[WindowSpec, ...]) -> int | None:
    """The position of the window named "8-10", "08:00-10:00" or 1, 2, 3 among `windows`."""
    if text.isdigit():
        number = int(text)
        return number - 1 if 1 <= number <= len(windows) else None
    try:
        spec = parse_window(text)
    except ValueError:
        return None
    return windows.index(spec) if spec in windows else None


def parse_duty(args: str, windows: tuple[WindowSpec, ...]) -> DutyRequest | None:
    """The request in the command's arguments, or None if they cannot be read."""
    parts = args.lower().split()
    if len(parts) not in (2, 3):
        return None
    day = parse_date(parts[0])
    index = window_index(parts[1], windows)
    extra = parts[2] if len(parts) == 3 else None
    if day is None or index is None or extra not in (None, *GIVE_UP_WORDS, *SHOW_NAME_WORDS):
        return None
    return DutyRequest(
        day,
        index,
        windows[index],
        show_name=extra in SHOW_NAME_WORDS,
        give_up=extra in GIVE_UP_WORDS,
    )
