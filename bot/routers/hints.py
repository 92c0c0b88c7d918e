"""One-line hints for a command sent in the wrong place (included last in `features`).

Only commands no other handler took reach this router. A known command in the wrong place
gets its hint; any other command of ours in a group (unknown, or not allowed there) gets one
general hint. A command addressed to another bot (`/cmd@otherbot`) is left alone. Either way a
command is handled here, so the group traffic router never logs it as a contribution.
A button press no other handler took (unknown or stale data) is answered with a refusal.
"""

from __future__ import annotations

import re

from aiogram import Router
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.callback_data import stale_button_text
from bot.desk import Desk
from bot.filters import InGroup, InPrivate

PRIVATE_ONLY = ("digest", "subscribe", "unsubscribe", "mydata", "forget", "help")
GROUP_ONLY = (
    "setup",
    "plan",
    "unplan",
    "skip",
    "schedule",
    "open",
    "close",
    "hide",
    "highlight",
    "turvallinen",
    "trygg",
    "safe",
    "warn",
    "mute",
    "unmute",
    "ban",
    "report",
    "rules",
    "waiting",
)


async def use_in_private(message: Message, desk: Desk) -> None:
    """A private-only command in a group."""
    reply = message.reply(_("Please send this command to me in a private chat."))
    await desk.send(reply)


async def use_in_group(message: Message, desk: Desk) -> None:
    """A group-only command in a private chat."""
    reply = message.reply(_("Please send this command in the advisory group."))
    await desk.send(reply)


ANY_COMMAND = Command(re.compile(r"[A-Za-z0-9_]{1,32}\Z"), ignore_mention=True)
"""Any command as Telegram marks one ("/" + 1-32 ASCII word characters), for any bot."""


async def stray_in_group(message: Message, command: CommandObject, desk: Desk) -> None:
    """Any other command in a group: a hint if it is ours, silence if it names another bot."""
    ours = (await desk.bot.me()).username or ""
    if command.mention is None or command.mention.casefold() == ours.casefold():
        hint = _(
            "This command does not work here. Send /help to me in a private chat to see "
            "what I can do."
        )
        await desk.send(message.reply(hint))


async def stale_button(query: CallbackQuery) -> None:
    """A button no handler knows: answered, so the client's spinner stops."""
    await query.answer(stale_button_text())


def build() -> Router:
    """The wrong-place hints router."""
    router = Router(name="hints")
    router.message.register(use_in_private, Command(*PRIVATE_ONLY), InGroup())
    router.message.register(use_in_group, Command(*GROUP_ONLY), InPrivate())
    router.message.register(stray_in_group, ANY_COMMAND, InGroup())
    router.callback_query.register(stale_button)
    return router
