"""A group upgraded to a supergroup: either service message moves it to the new chat id."""

from __future__ import annotations

from typing import Any

from aiogram.filters import Filter
from aiogram.types import Message
from sqlalchemy.ext.asyncio import AsyncSession

from bot.chat_migration import ChatMigrator
from bot.instructions import Instructions


class ChatMigrated(Filter):
    """The message says the chat was upgraded; injects `old_chat_id` and `new_chat_id`.

    Async and two attribute reads: a plain group message passes it at almost no cost.
    """

    async def __call__(self, message: Message) -> bool | dict[str, Any]:
        if message.migrate_to_chat_id is not None:  # in the old group
            return {"old_chat_id": message.chat.id, "new_chat_id": message.migrate_to_chat_id}
        if message.migrate_from_chat_id is not None:  # first message of the new supergroup
            return {"old_chat_id": message.migrate_from_chat_id, "new_chat_id": message.chat.id}
        return False


async def on_migrated(
    message: Message,
    old_chat_id: int,
    new_chat_id: int,
    db: AsyncSession,
    chat_migrator: ChatMigrator,
) -> None:
    """Move the group (the second of the two service messages finds it moved)."""
    await chat_migrator.move(db, old_chat_id=old_chat_id, new_chat_id=new_chat_id)


def register(instructions: Instructions) -> None:
    """Add the handler of the upgrade's service messages (first of the group traffic's
    instructions: nothing may call Telegram about the old chat before the group has moved)."""
    instructions.register(on_migrated, ChatMigrated())
