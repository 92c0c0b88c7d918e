"""Private /start and /help."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _

from bot.commands import help_text
from bot.filters import InPrivate
from bot.staff import StaffDirectory


def welcome_text() -> str:
    """What Neuvo is, in the user's language."""
    return _(
        "Hello! I am Neuvo, the assistant of the advisory groups of parents and young people.\n\n"
        "On two days a month the project workers open a themed discussion in the group, at "
        "08–10, 14–16 and 20–22. I post the theme, keep the discussion safe and gather what "
        "was said into a monthly summary for the people who develop the services. Names are "
        "never passed on.\n\nType /help to see what you can do."
    )


def build() -> Router:
    """The router for /start and /help in private chats."""
    router = Router(name="start")

    @router.message(CommandStart(), InPrivate())
    async def on_start(message: Message) -> None:
        await message.answer(welcome_text())

    @router.message(Command("help"), InPrivate())
    async def on_help(message: Message, staff: StaffDirectory) -> None:
        user_id = message.from_user.id if message.from_user else 0
        await message.answer(help_text(staff.is_configured_staff(user_id)))

    return router
