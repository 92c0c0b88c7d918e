"""The prompt message's staff parts: the day's own prompt, who is on duty, the day's times."""

from __future__ import annotations

import html
from datetime import time

from aiogram.utils.i18n import gettext as _

from scheduler.calendar import WindowSpec
from scheduler.notifier import GroupView, Opening
from themes.model import MESSAGE_LIMIT, PROMPT_RESERVE, Theme, ThemeText


def staffed_block(default: str, theme: Theme, group: GroupView, opening: Opening | None) -> str:
    """`default` (the catalog's block), or the theme's title with staff's own prompt; then
    who is on duty, when they allowed their name to be shown."""
    block = default
    if opening is not None and opening.prompt:
        title = theme.text(group.language, group.audience).title
        block = f"<b>{html.escape(title, quote=False)}</b>\n\n{html.escape(opening.prompt, False)}"
    if opening is not None and opening.on_duty:
        block += "\n\n" + _("On duty in this window: {name}").format(
            name=html.escape(opening.on_duty, quote=False)
        )
    return block


def prompt_room(title: str) -> int:
    """How many characters (UTF-16 units) a prompt under `title` may have."""
    return MESSAGE_LIMIT - PROMPT_RESERVE - ThemeText(title, "", ()).message_length()


def _clock(moment: time) -> str:
    """8 or 8.30 (Finnish style, no leading zero)."""
    return f"{moment.hour}" if moment.minute == 0 else f"{moment.hour}.{moment.minute:02}"


def _hours(spec: WindowSpec) -> str:
    """Like "8–10" or "8.30–10"."""
    return f"{_clock(spec.start)}–{_clock(spec.end)}"


def clock_text(moment: time, language: str) -> str:
    """A wall-clock time as people write it: "10" or "10.30" (fi, sv), "10:00" (en)."""
    return f"{moment.hour}:{moment.minute:02}" if language == "en" else _clock(moment)


def continues_today(windows: tuple[WindowSpec, ...], span: WindowSpec) -> str | None:
    """ "The discussion continues today at 14–16." after the session day's window `span`,
    when a later window follows on the same day (current language); else None (also for an
    ad hoc window, which is not one of the day's)."""
    later = [spec for spec in windows if spec.start >= span.end]
    if span not in windows or not later:
        return None
    return _("The discussion continues today {times}.").format(times=day_times((later[0],)))


def day_times(windows: tuple[WindowSpec, ...]) -> str:
    """The day's windows as a phrase: "klo 8–10, 14–16 ja 20–22" (in the current language)."""
    spans = [_hours(spec) for spec in windows]
    if len(spans) == 1:
        listed = spans[0]
    else:
        listed = _("{first} and {last}").format(first=", ".join(spans[:-1]), last=spans[-1])
    return _("at {times}").format(times=listed)
