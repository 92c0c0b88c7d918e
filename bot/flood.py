"""Telegram's bot-wide limit and where a 429 pauses: beside the per-chat pace (bot/outgoing.py).

Telegram refuses more than about 30 new messages a second from one bot (over all chats) with
429 "retry after N". `FloodControl` keeps every send of this process under `per_second` with
aiolimiter's leaky bucket, and remembers what a 429 must pause: the chat it answered (a
per-chat deadline, so other chats go on), or every send when several chats are refused within
a second — that is the bot-wide limit (or another instance sharing it) and not one chat's.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable

from aiolimiter import AsyncLimiter

log = logging.getLogger(__name__)

Sleep = Callable[[float], Awaitable[None]]
ChatId = int | str

#: Methods that post a new message into a chat: what Telegram's 30/s counts (edits, pins and
#: reads do not count).
MESSAGE_SENDS = frozenset(
    {
        "sendMessage",
        "sendDocument",
        "sendPhoto",
        "sendVideo",
        "sendAudio",
        "sendVoice",
        "sendAnimation",
        "sendSticker",
        "sendPoll",
        "sendMediaGroup",
        "copyMessage",
        "forwardMessage",
    }
)
#: A little under Telegram's 30/s: no 1-second span ever holds more than per_second + 1 sends.
DEFAULT_PER_SECOND = 28.0
#: This many different chats refused within GLOBAL_SPAN means the bot-wide limit.
GLOBAL_AFTER = 3
GLOBAL_SPAN = 1.0


class FloodControl:
    """The bot-wide send rate, and the pauses 429 answers ask for (per chat, or global)."""

    def __init__(
        self,
        *,
        per_second: float = DEFAULT_PER_SECOND,
        global_after: int = GLOBAL_AFTER,
        monotonic: Callable[[], float] = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        if per_second <= 0:
            raise ValueError("per_second must be positive")
        self.per_second = per_second
        self.global_after = global_after
        # Capacity one, refilled at per_second: a leaky bucket without a burst, so a sliding
        # one-second window (Telegram's) never sees more than per_second + 1 sends.
        self._bucket = AsyncLimiter(1, 1 / per_second)
        self._monotonic = monotonic
        self._sleep = sleep
        self._chat_until: dict[ChatId, float] = {}
        self._all_until = 0.0
        self._refusals: deque[tuple[float, ChatId]] = deque()

    async def chat_clear(self, chat_id: ChatId | None) -> None:
        """Wait until a 429's pause on `chat_id` (if any) is over."""
        if chat_id is not None:
            await self._wait_until(lambda: self._chat_until.get(chat_id, 0.0))

    async def send_slot(self, method: str) -> None:
        """If `method` posts a message: wait out a global pause, then take a slot of the rate."""
        if method in MESSAGE_SENDS:
            await self._wait_until(lambda: self._all_until)
            await self._bucket.acquire()

    def refused(self, chat_id: ChatId, retry_after: float) -> None:
        """A 429 for `chat_id`: pause that chat, and every send if several chats were refused."""
        now = self._monotonic()
        until = now + retry_after
        self._forget_past(now)
        self._chat_until[chat_id] = max(self._chat_until.get(chat_id, 0.0), until)
        if self._is_global(chat_id, now) and until > self._all_until:
            log.warning("bot-wide flood limit: every send waits %.1fs", retry_after)
            self._all_until = until

    def paused_for(self, chat_id: ChatId | None = None) -> float:
        """Seconds left before a send to `chat_id` (None: to any chat) may go."""
        now = self._monotonic()
        until = self._all_until
        if chat_id is not None:
            until = max(until, self._chat_until.get(chat_id, 0.0))
        return max(0.0, until - now)

    def _forget_past(self, now: float) -> None:
        if len(self._chat_until) > 1024:
            self._chat_until = {c: t for c, t in self._chat_until.items() if t > now}

    def _is_global(self, chat_id: ChatId, now: float) -> bool:
        refusals = self._refusals
        refusals.append((now, chat_id))
        while refusals and refusals[0][0] < now - GLOBAL_SPAN:
            refusals.popleft()
        return len({chat for _, chat in refusals}) >= self.global_after

    async def _wait_until(self, deadline: Callable[[], float]) -> None:
        # Re-read after each sleep: a 429 meanwhile may have moved the deadline further.
        while (delay := deadline() - self._monotonic()) > 0:
            await self._sleep(delay)
