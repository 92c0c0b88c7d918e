"""A group upgraded to a supergroup: move it to the new chat id and forget the old one.

Telegram tells it twice (`migrate_to_chat_id` in the old chat, `migrate_from_chat_id` in the
new one) and answers a call to the old chat with 400 `migrate_to_chat_id`; each of the three
leads here, and only the first moves anything (storage.groups.migrate_chat).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.middlewares import GroupContextMiddleware
from bot.staff import StaffDirectory
from storage import groups
from storage.db import transaction

log = logging.getLogger(__name__)


@dataclass(kw_only=True, eq=False)
class ChatMigrator:
    """Moves a registered group to its supergroup's chat id and clears the caches of it."""

    sessions: async_sessionmaker[AsyncSession]
    group_cache: GroupContextMiddleware
    staff: StaffDirectory
    clock: Clock

    async def move(self, db: AsyncSession, *, old_chat_id: int, new_chat_id: int) -> bool:
        """Move the group in the caller's transaction; True if it is now on `new_chat_id`."""
        group = await groups.migrate_chat(
            db, old_chat_id=old_chat_id, new_chat_id=new_chat_id, now=self.clock()
        )
        self.group_cache.forget()
        self.staff.forget(old_chat_id)
        if group is not None:
            log.info("group %s: chat %s is now %s", group.key, old_chat_id, new_chat_id)
        return group is not None

    async def move_now(self, old_chat_id: int, new_chat_id: int) -> bool:
        """`move` in a transaction of its own (a call to the old chat was refused)."""
        async with transaction(self.sessions) as db:
            return await self.move(db, old_chat_id=old_chat_id, new_chat_id=new_chat_id)
