"""Telegram's flood limits in the sandbox: off by default, 429 with retry_after when asked for."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import TelegramRetryAfter

from sandbox import BotApiSimulator, RateLimits, SandboxClient, SandboxServer
from sandbox.__main__ import parse_args, rate_limits
from sandbox.methods import HANDLERS
from tests.e2e.helpers import SANDBOX_TOKEN

TOKEN = SANDBOX_TOKEN
T0 = datetime(2026, 12, 8, 6, 0, tzinfo=UTC)


@pytest.fixture
def sim() -> BotApiSimulator:
    simulator = BotApiSimulator()
    simulator.set_time(T0)
    return simulator


def private_chats(sim: BotApiSimulator, count: int) -> list[int]:
    """Users who have started the bot, so it may write to them."""
    users = [int(sim.add_user(f"Käyttäjä {n}")["id"]) for n in range(count)]
    for user_id in users:
        sim.start_bot(user_id)
    return users


def group(sim: BotApiSimulator) -> int:
    """A supergroup the bot may write in."""
    return int(sim.add_chat("Vanhemmat")["id"])


async def refused(bot: Bot, chat_id: int) -> int:
    """The retry_after of the 429 a sendMessage to `chat_id` gets."""
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(chat_id, "liikaa")
    return caught.value.retry_after


async def test_off_by_default(bot: Bot, sim: BotApiSimulator) -> None:
    """Without rate limits, 40 sends into one chat at one instant all go out."""
    (user,) = private_chats(sim, 1)
    chat = group(sim)
    for _ in range(40):
        await bot.send_message(user, "hei")
        await bot.send_message(chat, "hei")
    assert sim.too_many_requests() == 0
    assert not sim.rate_limits.enabled


async def test_one_message_per_second_per_chat(bot: Bot, sim: BotApiSimulator) -> None:
    """A second message into one chat within a second gets 429 retry after 1; the refused
    send does not count, so one second after the first message the next one goes."""
    sim.set_rate_limits(chat_per_second=1)
    first, second = private_chats(sim, 2)
    await bot.send_message(first, "yksi")
    await bot.send_message(second, "toiseen keskusteluun")
    sim.advance(0.5)
    assert await refused(bot, first) == 1
    sim.advance(0.5)
    await bot.send_message(first, "kaksi")
    assert sim.too_many_requests() == 1
    assert sim.rate_limit_hits() == {"bot": 0, "group": 0, "chat": 1}


async def test_twenty_messages_per_minute_per_group(bot: Bot, sim: BotApiSimulator) -> None:
    """The 21st group message within a minute waits until the first leaves the minute."""
    sim.set_rate_limits(group_per_minute=20, chat_per_second=1)
    chat, other = group(sim), group(sim)
    for _ in range(20):
        await bot.send_message(chat, "viesti")
        sim.advance(1)
    await bot.send_message(other, "toinen ryhmä ei odota")
    assert await refused(bot, chat) == 60 - 20
    sim.advance(60 - 20)
    await bot.send_message(chat, "taas")
    assert sim.rate_limit_hits()["group"] == 1


async def test_thirty_sends_per_second_per_bot(bot: Bot, sim: BotApiSimulator) -> None:
    """The 31st send within a second, into a fresh chat, is refused by the bot-wide limit."""
    sim.set_rate_limits(**asdict(RateLimits.telegram()))
    users = private_chats(sim, 31)
    for user in users[:30]:
        await bot.send_message(user, "hei")
    assert await refused(bot, users[30]) == 1
    assert sim.rate_limit_hits() == {"bot": 1, "group": 0, "chat": 0}
    sim.advance(1)
    await bot.send_message(users[30], "nyt")


async def test_paced_sends_stay_under_every_limit(bot: Bot, sim: BotApiSimulator) -> None:
    """Sending at Telegram's pace (25 chats a second, a group every 3 s) meets no 429."""
    sim.set_rate_limits(**asdict(RateLimits.telegram()))
    users, chat = private_chats(sim, 25), group(sim)
    for second in range(9):
        for user in users:
            await bot.send_message(user, f"sekunti {second}")
        if second % 3 == 0:
            await bot.send_message(chat, f"ryhmään {second}")
        sim.advance(1)
    assert sim.too_many_requests() == 0


async def test_edits_and_deletions_do_not_count(bot: Bot, sim: BotApiSimulator) -> None:
    """Only posted messages count: an edit or deletion right after a send is not refused."""
    sim.set_rate_limits(chat_per_second=1)
    (user,) = private_chats(sim, 1)
    message = await bot.send_message(user, "alku")
    await bot.edit_message_text("muokattu", chat_id=user, message_id=message.message_id)
    await bot.delete_message(user, message.message_id)
    assert sim.too_many_requests() == 0


def test_sends_are_the_methods_that_post_a_message() -> None:
    """The registry marks exactly the message-posting methods as sends."""
    sends = {method.name for method in HANDLERS.values() if method.sends}
    assert sends == {"sendMessage", "sendDocument", "sendPoll"}


async def test_answer_is_telegrams_429(
    server: SandboxServer, sim: BotApiSimulator, bot: Bot
) -> None:
    """The refusal is Telegram's JSON: ok false, code 429, description and retry_after."""
    sim.set_rate_limits(chat_per_second=1)
    (user,) = private_chats(sim, 1)
    await bot.send_message(user, "yksi")
    url = f"{server.base_url}/bot{TOKEN}/sendMessage"
    async with (
        aiohttp.ClientSession() as http,
        http.post(url, json={"chat_id": user, "text": "kaksi"}) as response,
    ):
        body: dict[str, Any] = await response.json()
        status = response.status
    assert status == 429
    assert body == {
        "ok": False,
        "error_code": 429,
        "description": "Too Many Requests: retry after 1",
        "parameters": {"retry_after": 1},
    }


async def test_limits_from_the_server_and_control_api(sim: BotApiSimulator) -> None:
    """SandboxServer(rate_limits=...) turns them on; the control API reports the 429 count."""
    async with (
        SandboxServer(sim, rate_limits=RateLimits(chat_per_second=1)) as server,
        SandboxClient(server.base_url) as client,
    ):
        session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url))
        bot = Bot(TOKEN, session=session)
        try:
            (user,) = private_chats(sim, 1)
            await bot.send_message(user, "yksi")
            await refused(bot, user)
            assert await client.too_many_requests() == 1
            await client.set_rate_limits()
            await bot.send_message(user, "rajat pois")
            assert await client.too_many_requests() == 0
        finally:
            await bot.session.close()


def test_command_line_flags() -> None:
    """No flag means no limits; --telegram-limits gives Telegram's, single flags override."""
    assert not rate_limits(parse_args([])).enabled
    assert rate_limits(parse_args(["--telegram-limits"])) == RateLimits.telegram()
    tuned = rate_limits(parse_args(["--telegram-limits", "--group-per-minute", "5"]))
    assert tuned == RateLimits(bot_per_second=30, group_per_minute=5, chat_per_second=1)
    assert rate_limits(parse_args(["--chat-per-second", "2"])) == RateLimits(chat_per_second=2)
