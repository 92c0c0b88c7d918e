"""Async filters: aiogram runs sync filters (incl. magic F filters) in a thread, too slow here."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import CallbackQuery, Message

GROUP_TYPES = frozenset({"group", "supergroup"})


class InPrivate(Filter):
    """The message is in a private chat with the bot."""

    async def __call__(self, message: Message) -> bool:
        return message.chat.type == "private"


class InGroup(Filter):
    """The event happens in a group or supergroup."""

    async def __call__(self, event: Message | CallbackQuery) -> bool:
        chat = (
            event.chat
            if isinstance(event, Message)
            else (event.message.chat if event.message else None)
        )
        return chat is not None and chat.type in GROUP_TYPES


class InRegisteredGroup(Filter):
    """The message is in a group registered with /setup or in the TOML."""

    async def __call__(self, message: Message, **data: Any) -> bool:
        return message.chat.type in GROUP_TYPES and data.get("group") is not None


class CallbackPrefix(Filter):
    """The button's callback data starts with `prefix`."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix

    async def __call__(self, query: CallbackQuery) -> bool:
        return (query.data or "").startswith(self.prefix)


def looks_like_command(message: Message) -> bool:
    """The message's text or caption starts with "/" (as aiogram's Command filter parses it)."""
    text = message.text or message.caption or ""
    return text.lstrip()[:1] == "/"


class LooksLikeCommand(Filter):
    """The message may be a command (`looks_like_command`)."""

    async def __call__(self, message: Message) -> bool:
        return looks_like_command(message)


class NotACommand(Filter):
    """The message cannot be a command (one call, not `~LooksLikeCommand()`'s two)."""

    async def __call__(self, message: Message) -> bool:
        return not looks_like_command(message)
