"""Private /start and /help."""

from __future__ import annotations

from aiogram import Router
from aiogram.filters import Command, CommandStart
from aiogram.types import InlineKeyboardMarkup, Message

from bot.commands import help_text, welcome_text
from bot.desk import Desk
from bot.filters import InPrivate
from bot.help_desk import show_button


async def on_start(message: Message, desk: Desk) -> None:
    """/start without a payload: what Neuvo is."""
    markup = InlineKeyboardMarkup(inline_keyboard=[[show_button()]])
    reply = message.answer(welcome_text(), reply_markup=markup)
    await desk.send(reply)


async def on_help(message: Message, desk: Desk) -> None:
    """/help: the commands this user may use."""
    user_id = message.from_user.id if message.from_user else 0
    text = help_text(desk.staff.is_configured_staff(user_id))
    await desk.send(message.answer(text))


def build() -> Router:
    """The router for /start and /help in private chats."""
    router = Router(name="start")
    router.message.register(on_start, CommandStart(), InPrivate())
    router.message.register(on_help, Command("help"), InPrivate())
    return router
