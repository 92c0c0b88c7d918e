"""The one place every Bot API call goes through: 429/5xx/network retries and per-chat pace."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import (
    TelegramMigrateToChat,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.methods import GetUpdates, TelegramMethod
from aiogram.methods.base import Response, TelegramType

from bot.flood import FloodControl
from bot.long_texts import CAPTION_LIMIT, MESSAGE_LIMIT, truncate_text, units

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
#: Moves a registered group from the old chat id to the new one; False if none is registered.
MoveChat = Callable[[int, int], Awaitable[bool]]
SENDING_METHODS = frozenset(
    {"sendMessage", "sendDocument", "sendPhoto", "editMessageText", "pinChatMessage"}
)


TEXT_METHODS = frozenset({"sendMessage", "editMessageText"})
#: True in tasks whose calls are not an update's own (the outbox sender): not in `calls`.
UNCOUNTED: ContextVar[bool] = ContextVar("neuvo_uncounted_calls", default=False)


def fit_to_limits(method: TelegramMethod[Any]) -> None:
    """Truncate a text over 4,096 or a caption over 1,024 (HTML-safe, marked with …) so the
    call does not fail; lists sent knowingly are split before (bot.long_texts.split_text)."""
    fields = (("text", MESSAGE_LIMIT),) if method.__api_method__ in TEXT_METHODS else ()
    for field, limit in (*fields, ("caption", CAPTION_LIMIT)):
        value = getattr(method, field, None)
        if isinstance(value, str) and len(value) > limit // 2 and units(value) > limit:
            html = str(getattr(method, "parse_mode", None) or "").lower() == "html"
            setattr(method, field, truncate_text(value, limit, html=html))
            log.warning(
                "telegram %s %s of %d characters truncated to %d",
                method.__api_method__,
                field,
                units(value),
                limit,
            )


@dataclass(frozen=True)
class RetryPolicy:
    """How many times and how long to retry a failed call."""

    attempts: int = 6
    base_delay: float = 0.5
    max_delay: float = 30.0

    def backoff(self, attempt: int) -> float:
        """Exponential backoff for the `attempt`-th retry (1-based)."""
        return float(min(self.max_delay, self.base_delay * 2 ** (attempt - 1)))


class ChatPacer:
    """Telegram's per-chat pace: ≤ 1 message/s per chat and ≤ 20/min in a group."""

    def __init__(
        self,
        *,
        per_chat_interval: float = 1.0,
        group_per_minute: int = 20,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.interval = per_chat_interval
        self.group_per_minute = group_per_minute
        self._monotonic = monotonic
        self._sleep = sleep
        self._sent: dict[int | str, deque[float]] = {}
        self._locks: dict[int | str, asyncio.Lock] = {}

    async def wait(self, chat_id: int | str) -> None:
        """Sleep until one more message may go to `chat_id`, then count it."""
        lock = self._locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            delay = self._delay(chat_id, self._monotonic())
            if delay > 0:
                await self._sleep(delay)
            self._sent.setdefault(chat_id, deque(maxlen=max(1, self.group_per_minute))).append(
                self._monotonic()
            )

    def _delay(self, chat_id: int | str, now: float) -> float:
        sent = self._sent.get(chat_id)
        if not sent:
            return 0.0
        delay = sent[-1] + self.interval - now
        is_group = isinstance(chat_id, str) or chat_id < 0
        if is_group and len(sent) >= self.group_per_minute:
            delay = max(delay, sent[0] + 60.0 - now)
        return max(0.0, delay)


class ResilientRequests(BaseRequestMiddleware):
    """Honour 429 `retry_after`, retry 5xx and network errors with backoff, pace sends; a
    call to a group upgraded to a supergroup moves the group (`move_chat`) and goes to the
    new chat."""

    def __init__(
        self,
        *,
        policy: RetryPolicy | None = None,
        pacer: ChatPacer | None = None,
        flood: FloodControl | None = None,
        sleep: Sleep = asyncio.sleep,
        on_retry: Callable[[str, str], None] | None = None,
        move_chat: MoveChat | None = None,
    ) -> None:
        self.policy = policy or RetryPolicy()
        self.pacer = pacer
        self.flood = flood  # the bot-wide rate; a 429 pauses its chat (or all) through it
        self.calls = 0  # outgoing calls made (getUpdates excluded): lets batching notice sends
        self._sleep = sleep
        self._on_retry = on_retry
        self.move_chat = move_chat

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        if method.__api_method__ == GetUpdates.__api_method__:  # the poller backs off itself
            return await make_request(bot, method)
        if not UNCOUNTED.get():
            self.calls += 1
        fit_to_limits(method)
        try:
            return await self._with_retries(make_request, bot, method)
        except TelegramMigrateToChat as exc:
            if not await self._readdressed(method, exc.migrate_to_chat_id):
                raise
        return await self._with_retries(make_request, bot, method)

    async def _readdressed(self, method: TelegramMethod[Any], new_chat_id: int) -> bool:
        """Move the group the call was for and point the call at its new chat id."""
        old_chat_id = getattr(method, "chat_id", None)
        if self.move_chat is None or not isinstance(old_chat_id, int):
            return False
        if not await self.move_chat(old_chat_id, new_chat_id):
            return False
        log.warning(
            "telegram %s: chat %s is now %s", method.__api_method__, old_chat_id, new_chat_id
        )
        method.chat_id = new_chat_id  # type: ignore[attr-defined]
        return True

    async def _with_retries(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        name = method.__api_method__
        for attempt in range(1, self.policy.attempts + 1):
            await self._pace(method)
            try:
                return await make_request(bot, method)
            except TelegramRetryAfter as exc:
                delay, reason = float(exc.retry_after), f"429 retry_after={exc.retry_after}"
                error: Exception = exc
            except (TelegramServerError, TelegramNetworkError) as exc:
                delay, reason, error = self.policy.backoff(attempt), type(exc).__name__, exc
            if attempt == self.policy.attempts:
                raise error
            log.warning("telegram %s failed (%s); retry %d in %.1fs", name, reason, attempt, delay)
            if self._on_retry:
                self._on_retry(name, reason)
            if not self._hold(method, error):  # else the next attempt's pace waits it out
                await self._sleep(delay)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _pace(self, method: TelegramMethod[Any]) -> None:
        chat_id = getattr(method, "chat_id", None)
        if self.flood is not None:
            await self.flood.chat_clear(chat_id)
        if self.pacer and method.__api_method__ in SENDING_METHODS and chat_id is not None:
            await self.pacer.wait(chat_id)
        if self.flood is not None:  # last: a slot of the bot-wide rate is used at once
            await self.flood.send_slot(method.__api_method__)

    def _hold(self, method: TelegramMethod[Any], error: Exception) -> bool:
        """Pass a 429 on a chat to the flood control (pausing what it must); False if not."""
        chat_id = getattr(method, "chat_id", None)
        if self.flood is None or chat_id is None or not isinstance(error, TelegramRetryAfter):
            return False
        self.flood.refused(chat_id, float(error.retry_after))
        return True
