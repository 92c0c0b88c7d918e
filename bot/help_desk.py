"""Pyydä apua: the help directory in the reader's language, the "ask a worker to contact me"
button, the staff alert (who and which group, never a message text) and the open requests."""

from __future__ import annotations

import html
import logging
from collections.abc import Iterable
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup, User
from aiogram.utils.i18n import gettext as _

from bot.safeguarding_alerts import contact_line
from config import HelpContact
from config.help_services import HelpDirectory, HelpService
from storage.models import Group, HelpRequest

log = logging.getLogger(__name__)
HELP_PAYLOAD = "apua"
ASK_DATA = "hp:ask"
SHOW_DATA = "hp:dir"
HANDLED_PREFIX = "hp:done:"


def service_line(service: HelpService, language: str) -> str:
    """One service as listed: name, how to reach it, and its page if known."""
    parts = [f"• <b>{html.escape(service.name.get(language))}</b>"]
    if service.how is not None:
        parts.append(html.escape(service.how.get(language)))
    if service.url:
        parts.append(html.escape(service.url))
    return "\n  ".join(parts)


def directory_text(
    directory: HelpDirectory,
    contacts: Iterable[HelpContact],
    *,
    municipality: str | None,
    language: str,
) -> str:
    """The directory in the current language: national lines, then the services."""
    national = "\n".join(html.escape(contact_line(contact)) for contact in contacts)
    services = "\n".join(
        service_line(s, language) for s in directory.for_municipality(municipality)
    )
    return "\n\n".join(
        (
            _("<b>Help and support</b>\nYou can talk to these services for free:"),
            national,
            services,
            _(
                "If you want, a project worker can contact you privately here in Telegram. "
                "Your messages are not passed on."
            ),
        )
    )


def directory_markup() -> InlineKeyboardMarkup:
    """The button under the directory."""
    button = InlineKeyboardButton(text=_("Ask a worker to contact me"), callback_data=ASK_DATA)
    return InlineKeyboardMarkup(inline_keyboard=[[button]])


def show_button() -> InlineKeyboardButton:
    """The "Ask for help" button in a private chat (under /start)."""
    return InlineKeyboardButton(text=_("Ask for help"), callback_data=SHOW_DATA)


async def prompt_markup(bot: Bot) -> InlineKeyboardMarkup:
    """The "Ask for help" link under a group's prompt: it opens the directory privately."""
    me = await bot.me()
    link = f"https://t.me/{me.username}?start={HELP_PAYLOAD}"
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=_("Ask for help"), url=link)]]
    )


def person_link(user: User) -> str:
    """The person as staff can reach them: a mention link with their name (and @username)."""
    name = html.escape(user.full_name)
    handle = f" (@{html.escape(user.username)})" if user.username else ""
    return f'<a href="tg://user?id={user.id}">{name}</a>{handle}'


def alert_text(user: User, group: Group | None, request_id: int) -> str:
    """The staff alert: who and which group (no message text)."""
    where = html.escape(group.title or group.key) if group else _("no group")
    return _(
        "Help request #{number}: {person} ({group}) asks a project worker to contact them "
        "privately. Mark it handled in /apupyynnot once you have been in touch."
    ).format(number=request_id, person=person_link(user), group=where)


async def alert_staff(bot: Bot, staff: Iterable[int], text: str) -> int:
    """Send the alert privately to each staff member; returns how many got it."""
    reached = 0
    for staff_id in staff:
        try:
            await bot.send_message(chat_id=staff_id, text=text, parse_mode="HTML")
        except TelegramAPIError as exc:
            log.info("help request alert to %s not delivered: %s", staff_id, exc)
            continue
        reached += 1
    return reached


def request_line(row: HelpRequest, group: Group | None, zone: ZoneInfo) -> str:
    """An open request in the staff list."""
    assert row.id is not None and row.user_id is not None
    when = row.created_at.astimezone(zone).strftime("%d.%m. %H:%M")
    where = html.escape(group.title or group.key) if group else _("no group")
    person = f'<a href="tg://user?id={row.user_id}">{_("person")} {row.user_id}</a>'
    return f"#{row.id} {when} · {person} · {where}"


def handled_markup(rows: Iterable[HelpRequest]) -> InlineKeyboardMarkup:
    """One "handled" button per open request."""
    buttons = [
        [
            InlineKeyboardButton(
                text=_("#{number} handled").format(number=row.id),
                callback_data=f"{HANDLED_PREFIX}{row.id}",
            )
        ]
        for row in rows
    ]
    return InlineKeyboardMarkup(inline_keyboard=buttons)
