"""Outgoing calls: 429 honoured, 5xx and network errors retried, per-chat pace kept."""

from __future__ import annotations

from typing import Any

import pytest
from aiogram.exceptions import (
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, SendMessage

from bot.outgoing import ChatPacer, ResilientRequests, RetryPolicy


class Sleeps:
    """Records requested sleeps instead of sleeping; each moves `now` on by that much."""

    def __init__(self, now: float = 0.0) -> None:
        self.calls: list[float] = []
        self.now = now

    async def __call__(self, seconds: float) -> None:
        self.calls.append(seconds)
        self.now += seconds

    def pacer(self, **options: float) -> ChatPacer:
        """A ChatPacer on this fake clock."""
        return ChatPacer(monotonic=lambda: self.now, sleep=self, **options)


def failing(errors: list[Exception]) -> Any:
    """A make_request that raises the given errors in turn, then succeeds."""
    calls = {"n": 0}

    async def make_request(bot: object, method: object) -> str:
        calls["n"] += 1
        if errors:
            raise errors.pop(0)
        return "ok"

    make_request.calls = calls  # type: ignore[attr-defined]
    return make_request


SEND = SendMessage(chat_id=-100, text="hei")


async def test_retry_after_is_honoured() -> None:
    """A 429 waits exactly `retry_after` seconds, then the call succeeds."""
    sleeps = Sleeps()
    middleware = ResilientRequests(sleep=sleeps)
    request = failing([TelegramRetryAfter(method=SEND, message="slow down", retry_after=7)])
    assert await middleware(request, None, SEND) == "ok"  # type: ignore[arg-type]
    assert sleeps.calls == [7.0]


async def test_server_and_network_errors_back_off_exponentially() -> None:
    """5xx and network errors are retried with growing delays."""
    sleeps = Sleeps()
    middleware = ResilientRequests(sleep=sleeps, policy=RetryPolicy(attempts=4, base_delay=0.5))
    request = failing(
        [
            TelegramServerError(method=SEND, message="Bad Gateway"),
            TelegramNetworkError(method=SEND, message="reset"),
            TelegramServerError(method=SEND, message="Bad Gateway"),
        ]
    )
    assert await middleware(request, None, SEND) == "ok"  # type: ignore[arg-type]
    assert sleeps.calls == [0.5, 1.0, 2.0]


async def test_gives_up_after_the_last_attempt() -> None:
    """After the last attempt the error reaches the caller (nothing is swallowed)."""
    middleware = ResilientRequests(sleep=Sleeps(), policy=RetryPolicy(attempts=2))
    errors: list[Exception] = [TelegramServerError(method=SEND, message="down")] * 3
    with pytest.raises(TelegramServerError):
        await middleware(failing(list(errors)), None, SEND)  # type: ignore[arg-type]


async def test_get_updates_is_not_retried_here() -> None:
    """getUpdates errors go straight to the poller, which has its own endless backoff."""
    middleware = ResilientRequests(sleep=Sleeps())
    request = failing([TelegramServerError(method=GetUpdates(), message="down")])
    with pytest.raises(TelegramServerError):
        await middleware(request, None, GetUpdates())  # type: ignore[arg-type]


async def test_pacer_spaces_messages_to_one_chat() -> None:
    """Two messages to one chat are a second apart; another chat is not held up."""
    sleeps = Sleeps(now=100.0)
    pacer = sleeps.pacer()
    await pacer.wait(-1)
    await pacer.wait(-1)
    await pacer.wait(-2)
    assert sleeps.calls == [1.0]


async def test_pacer_keeps_twenty_per_minute_in_a_group() -> None:
    """The 21st message to a group within a minute waits for the minute to pass."""
    sleeps = Sleeps()
    pacer = sleeps.pacer(per_chat_interval=0.0)
    for _ in range(21):
        await pacer.wait(-5)
    assert sleeps.calls == [60.0]


class Moves:
    """Records the chat moves asked for; `registered` says whether the old chat was a group's."""

    def __init__(self, *, registered: bool) -> None:
        self.registered = registered
        self.calls: list[tuple[int, int]] = []

    async def __call__(self, old_chat_id: int, new_chat_id: int) -> bool:
        self.calls.append((old_chat_id, new_chat_id))
        return self.registered


def upgraded_once() -> Any:
    """A make_request that answers `migrate_to_chat_id` for chat -4001, then records the chats."""
    chats: list[int] = []

    async def make_request(bot: object, method: SendMessage) -> str:
        chats.append(int(method.chat_id))
        if method.chat_id == -4001:
            raise TelegramMigrateToChat(
                method=method, message="upgraded", migrate_to_chat_id=-1007
            )
        return "ok"

    make_request.chats = chats  # type: ignore[attr-defined]
    return make_request


async def test_call_to_an_upgraded_group_moves_it_and_goes_to_the_new_chat() -> None:
    """A 400 `migrate_to_chat_id` for a registered group moves it and repeats the call there."""
    moves = Moves(registered=True)
    middleware = ResilientRequests(move_chat=moves)
    request = upgraded_once()
    send = SendMessage(chat_id=-4001, text="hei")
    assert await middleware(request, None, send) == "ok"  # type: ignore[arg-type]
    assert moves.calls == [(-4001, -1007)]
    assert request.chats == [-4001, -1007]


async def test_call_to_an_unknown_upgraded_chat_fails() -> None:
    """The same answer for a chat no group is registered on is raised, not retried."""
    moves = Moves(registered=False)
    middleware = ResilientRequests(move_chat=moves)
    request = upgraded_once()
    with pytest.raises(TelegramMigrateToChat):
        await middleware(request, None, SendMessage(chat_id=-4001, text="hei"))  # type: ignore[arg-type]
    assert request.chats == [-4001]
