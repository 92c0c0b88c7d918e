"""Update middlewares: load the chat's registered group into the handler data."""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from storage import groups
from storage.models import Group

#: What a middleware passes the update on to.
Handler = Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]]


def detached_copy(group: Group) -> Group:
    """A copy bound to no session: a rollback of the session it was read in expires the
    original (its attributes then raise DetachedInstanceError), never the copy."""
    return Group(**group.model_dump())


class GroupContextMiddleware(BaseMiddleware):
    """Puts `group` (or None) into the data of every update from a group chat.

    Registered groups are cached for `ttl` seconds (a lookup per message is the hot path) as
    detached copies, valid whatever happens to the transaction they were read in; `/setup`
    in this process clears the cache at once, other instances within `ttl`. Handlers that
    change a group read it afresh (storage.groups).
    """

    def __init__(
        self, *, ttl: float = 30.0, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.ttl = ttl
        self._monotonic = monotonic
        self._cache: dict[int, tuple[float, Group]] = {}

    def forget(self) -> None:
        """Drop every cached group (after a registration changed)."""
        self._cache.clear()

    async def _group(self, db: AsyncSession, chat_id: int) -> Group | None:
        cached = self._cache.get(chat_id)
        now = self._monotonic()
        if cached and now - cached[0] < self.ttl:
            return cached[1]
        loaded = await groups.by_chat(db, chat_id=chat_id)
        if loaded is None:
            self._cache.pop(chat_id, None)
            return None
        group = detached_copy(loaded)
        self._cache[chat_id] = (now, group)
        return group

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        chat: Chat | None = data.get("event_chat")
        data["group"] = None
        if chat is not None and chat.type != "private" and "db" in data:
            data["group"] = await self._group(data["db"], chat.id)
        data["group_cache"] = self
        return await handler(event, data)
