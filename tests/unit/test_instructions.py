"""Instructions to the bot behind one gate: tried in order with their own filters and data;
a plain message never reaches their filters, and a reply to the bot that none takes goes on
to the handlers after them (the guard and the log)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest
from aiogram import Bot, Dispatcher, Router
from aiogram.types import Chat, Message, Update, User

from bot.instructions import Instructions

BOT_ID = 4242
GROUP = Chat(id=-100, type="supergroup")
MEMBER = User(id=7, is_bot=False, first_name="Aino")


@pytest.fixture
async def bot() -> AsyncIterator[Bot]:
    bot = Bot(f"{BOT_ID}:TEST-token-never-used")
    yield bot
    await bot.session.close()


def update(text: str, *, reply_to_bot: bool = False, migrate_to: int | None = None) -> Update:
    """A group message from a member, maybe a reply to the bot or an upgrade notice."""
    replied = None
    if reply_to_bot:
        author = User(id=BOT_ID, is_bot=True, first_name="Neuvo")
        replied = Message(message_id=1, date=1796710200, chat=GROUP, from_user=author, text="✍️ #3")
    message = Message(
        message_id=2,
        date=1796710260,
        chat=GROUP,
        from_user=MEMBER,
        text=text,
        reply_to_message=replied,
        migrate_to_chat_id=migrate_to,
    )
    return Update(update_id=1, message=message)


def dispatcher(seen: list[Any]) -> Dispatcher:
    """Two instructions (the first never matches, the second on "#3" replies) and a log after."""
    instructions = Instructions()

    async def never(message: Message) -> bool:
        seen.append("never-checked")
        return False

    async def numbered(message: Message) -> bool | dict[str, int]:
        replied = message.reply_to_message
        return {"number": 3} if replied and replied.text == "✍️ #3" and message.text else False

    async def first(message: Message) -> None:
        seen.append("first")

    async def answer(message: Message, number: int) -> None:
        seen.append(("answer", number, message.text))

    async def log(message: Message) -> None:
        seen.append(("log", message.text))

    instructions.register(first, never)
    instructions.register(answer, numbered)
    router = Router()
    instructions.attach(router)
    router.message.register(log)
    dp = Dispatcher()
    dp.include_router(router)
    return dp


async def test_a_plain_message_passes_the_gate_by(bot: Bot) -> None:
    seen: list[Any] = []
    await dispatcher(seen).feed_update(bot, update("Kiusaaminen jatkui."))
    assert seen == [("log", "Kiusaaminen jatkui.")]


async def test_an_instruction_gets_its_filter_data(bot: Bot) -> None:
    seen: list[Any] = []
    await dispatcher(seen).feed_update(bot, update("Vastaus", reply_to_bot=True))
    assert seen == ["never-checked", ("answer", 3, "Vastaus")]


async def test_a_reply_no_instruction_takes_goes_on_to_the_log(bot: Bot) -> None:
    seen: list[Any] = []
    await dispatcher(seen).feed_update(bot, update("", reply_to_bot=True, migrate_to=None))
    assert seen == ["never-checked", ("log", "")]


async def test_an_upgrade_notice_passes_the_gate(bot: Bot) -> None:
    seen: list[Any] = []
    await dispatcher(seen).feed_update(bot, update("", migrate_to=-1001))
    assert seen == ["never-checked", ("log", "")]
