"""Private /start and /help."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import InlineKeyboardMarkup, Message

from bot.commands import help_text, welcome_text
from bot.filters import InPrivate
from bot.help_desk import show_button
from bot.staff import StaffDirectory


async def on_start(message: Message) -> None:
    """/start without a payload: what Neuvo is."""
    button = show_button()
    await message.answer(
        welcome_text(), reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]])
    )


async def on_help(message: Message, staff: StaffDirectory) -> None:
    """/help: the commands this user may use."""
    user_id = message.from_user.id if message.from_user else 0
    await message.answer(help_text(staff.is_configured_staff(user_id)))


def build() -> Router:
    """The router for /start and /help in private chats."""
    router = Router(name="start")
    router.message.register(on_start, CommandStart(), InPrivate())
    router.message.register(on_help, Command("help"), InPrivate())
    return router
