"""One-line hints for a known command sent in the wrong place (included last in `features`).

Only commands no other handler took reach this router; unknown commands and commands
addressed to another bot (`/cmd@otherbot`) do not match aiogram's `Command` filter here.
"""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot import outbox
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
    await outbox.put(desk.db, reply, now=desk.now())


async def use_in_group(message: Message, desk: Desk) -> None:
    """A group-only command in a private chat."""
    reply = message.reply(_("Please send this command in the advisory group."))
    await outbox.put(desk.db, reply, now=desk.now())


def build() -> Router:
    """The wrong-place hints router."""
    router = Router(name="hints")
    router.message.register(use_in_private, Command(*PRIVATE_ONLY), InGroup())
    router.message.register(use_in_group, Command(*GROUP_ONLY), InPrivate())
    return router
