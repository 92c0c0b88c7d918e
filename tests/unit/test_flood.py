"""The bot-wide send rate and what a 429 pauses, on virtual time (no wall-clock waits)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

import pytest
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import PinChatMessage, SendMessage, TelegramMethod

from bot.flood import FloodControl
from bot.outgoing import ChatPacer, ResilientRequests
from tests.virtual_time import run_virtual


class FakeTelegram:
    """A make_request that records when each call arrives and answers 429 where scripted."""

    def __init__(self, refuse: dict[int, list[int]] | None = None) -> None:
        self.arrived: list[tuple[float, str, int]] = []
        self.refuse = refuse or {}  # chat id -> retry_after of the next answers for it

    async def __call__(self, bot: object, method: TelegramMethod[Any]) -> str:
        chat_id = int(getattr(method, "chat_id", 0))
        waits = self.refuse.get(chat_id)
        if waits:
            raise TelegramRetryAfter(method=method, message="flood", retry_after=waits.pop(0))
        self.arrived.append((asyncio.get_running_loop().time(), method.__api_method__, chat_id))
        return "ok"

    def times(self, chat_id: int) -> list[float]:
        """When calls to `chat_id` went through."""
        return [at for at, _, chat in self.arrived if chat == chat_id]


def middleware(per_second: float = 28.0) -> ResilientRequests:
    """The real middleware with per-chat pace and flood control on the running loop's clock."""
    clock: Callable[[], float] = asyncio.get_running_loop().time
    return ResilientRequests(
        pacer=ChatPacer(monotonic=clock),
        flood=FloodControl(per_second=per_second, monotonic=clock),
    )


def send(chat_id: int) -> SendMessage:
    """A new message to `chat_id`."""
    return SendMessage(chat_id=chat_id, text="hei")


def most_in_one_second(times: list[float]) -> int:
    """The most events in any sliding one-second window (as Telegram counts)."""
    ordered = sorted(times)
    return max(sum(1 for other in ordered if start <= other < start + 1.0) for start in ordered)


def test_sends_to_many_chats_keep_the_bot_wide_rate() -> None:
    """300 prompts to 300 chats at once: never more than 29 in any second, done in ~N/28 s."""
    telegram = FakeTelegram()

    async def scenario() -> None:
        requests = middleware(28.0)
        await asyncio.gather(*(requests(telegram, None, send(-n)) for n in range(1, 301)))  # type: ignore[arg-type]

    run_virtual(scenario())
    times = [at for at, _, _ in telegram.arrived]
    assert len(times) == 300
    assert most_in_one_second(times) <= 29
    assert max(times) - min(times) < 300 / 28 + 0.1


def test_pins_do_not_use_the_bot_wide_rate() -> None:
    """Pins are not new messages: 60 pins in 60 chats go out at once, not paced at 28/s."""
    telegram = FakeTelegram()

    async def scenario() -> None:
        requests = middleware(28.0)
        pins = (PinChatMessage(chat_id=-n, message_id=1) for n in range(1, 61))
        await asyncio.gather(*(requests(telegram, None, pin) for pin in pins))  # type: ignore[arg-type]

    run_virtual(scenario())
    assert max(at for at, _, _ in telegram.arrived) == 0.0


def test_a_429_pauses_its_chat_and_not_the_others() -> None:
    """After a 429 (retry_after 5) on a chat its next send waits 5 s; another chat's does not."""
    telegram = FakeTelegram(refuse={-1: [5]})

    async def scenario() -> None:
        requests = middleware()
        first = asyncio.create_task(requests(telegram, None, send(-1)))  # type: ignore[arg-type]
        await asyncio.sleep(0.5)  # the 429 has been answered
        await asyncio.gather(
            requests(telegram, None, send(-1)),  # type: ignore[arg-type]
            requests(telegram, None, send(-2)),  # type: ignore[arg-type]
        )
        await first

    run_virtual(scenario())
    assert telegram.times(-2) == [pytest.approx(0.5, abs=0.01)]
    assert min(telegram.times(-1)) >= 5.0
    assert len(telegram.times(-1)) == 2


def test_refusals_in_several_chats_pause_every_send() -> None:
    """429s from three chats within a second are the bot-wide limit: a fourth chat waits too."""
    telegram = FakeTelegram(refuse={-1: [3], -2: [3], -3: [3]})

    async def scenario() -> None:
        requests = middleware()
        refused = [asyncio.create_task(requests(telegram, None, send(-n))) for n in (1, 2, 3)]  # type: ignore[arg-type]
        await asyncio.sleep(0.2)
        await requests(telegram, None, send(-4))  # type: ignore[arg-type]
        await asyncio.gather(*refused)

    run_virtual(scenario())
    assert min(telegram.times(-4)) >= 3.0
    assert all(len(telegram.times(-n)) == 1 for n in (1, 2, 3))


def test_one_refused_chat_does_not_pause_every_send() -> None:
    """A single chat's 429 leaves the bot-wide pause off (a fresh chat sends at once)."""
    flood = FloodControl(monotonic=lambda: 10.0)
    flood.refused(-1, 120)
    assert flood.paused_for(-1) == 120
    assert flood.paused_for(-2) == 0
