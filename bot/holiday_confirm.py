"""`/plan` on a Finnish public holiday asks for confirmation with buttons."""

from __future__ import annotations

from datetime import date

from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _

from bot.dates import fmt_day
from scheduler.public_holidays import holiday_name

PREFIX = "planh:"
NO = f"{PREFIX}no"


def holiday_question(
    day: date, theme_key: str, language: str
) -> tuple[str, InlineKeyboardMarkup] | None:
    """The question and its buttons if `day` is a public holiday, else None."""
    name = holiday_name(day, language)
    if name is None:
        return None
    text = _("{day} is a public holiday ({name}). Plan a session day on it anyway?").format(
        day=fmt_day(day), name=name
    )
    yes = InlineKeyboardButton(
        text=_("Yes, plan it"), callback_data=f"{PREFIX}{day.isoformat()}:{theme_key}"
    )
    no = InlineKeyboardButton(text=_("No"), callback_data=NO)
    return text, InlineKeyboardMarkup(inline_keyboard=[[yes, no]])
