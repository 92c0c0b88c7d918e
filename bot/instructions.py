"""Messages to the bot, not to the group, behind one gate on the group traffic's hot path.

A chat upgrade's service message, a staff member's reply to an answer prompt or to a
/teksti request: each must be handled before the guard and the contribution log, which
every group message reaches. As one aiogram handler each they cost a member's plain
message four filter calls; here they sit behind one handler whose cheap gate (`ToTheBot`:
an upgrade, or a reply to one of the bot's own messages) a plain message fails at once.
Behind the gate each is tried in order with its own filters, as aiogram would try them;
a reply to the bot that none takes (a member answering the day's prompt) goes on to the
guard and the log.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiogram import Bot, Router
from aiogram.dispatcher.event.bases import SkipHandler
from aiogram.dispatcher.event.handler import CallbackType, FilterObject, HandlerObject
from aiogram.filters import Filter
from aiogram.types import Message


class ToTheBot(Filter):
    """A chat upgrade's service message, or a reply to one of the bot's messages."""

    async def __call__(self, message: Message, bot: Bot) -> bool:
        if message.migrate_to_chat_id is not None or message.migrate_from_chat_id is not None:
            return True
        replied = message.reply_to_message
        return (
            replied is not None
            and replied.from_user is not None
            and replied.from_user.id == bot.id
        )


class Instructions:
    """Message handlers with their filters, tried in order behind one `ToTheBot` handler."""

    def __init__(self) -> None:
        self._handlers: list[HandlerObject] = []

    def register(self, callback: CallbackType, *filters: CallbackType) -> None:
        """Add a handler; its filters and dependencies work as in `router.message.register`."""
        self._handlers.append(
            HandlerObject(callback=callback, filters=[FilterObject(f) for f in filters])
        )

    def __iter__(self) -> Iterator[HandlerObject]:
        """The handlers in the order they are tried."""
        return iter(self._handlers)

    def attach(self, router: Router) -> None:
        """Register the gate and the handlers behind it as one message handler of `router`."""
        router.message.register(self._handle, ToTheBot())

    async def _handle(self, message: Message, **data: Any) -> Any:
        for handler in self._handlers:
            matched, kwargs = await handler.check(message, **data)
            if matched:
                return await handler.call(message, **kwargs)
        raise SkipHandler  # not an instruction: the guard and the log take the message
