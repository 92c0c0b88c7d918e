"""Update middlewares: load the chat's registered group into the handler data."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import Chat, TelegramObject

from storage import groups


class GroupContextMiddleware(BaseMiddleware):
    """Puts `group` (or None) into the data of every update from a group chat."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        chat: Chat | None = data.get("event_chat")
        data["group"] = None
        if chat is not None and chat.type != "private" and "db" in data:
            data["group"] = await groups.by_chat(data["db"], chat_id=chat.id)
        return await handler(event, data)
