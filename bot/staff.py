"""Who is staff: `staff_ids` from settings plus each chat's administrators (cached)."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError

from bot.clock import Clock

log = logging.getLogger(__name__)


async def note_staff(bot: Bot, user_id: int, text: str, *, what: str) -> bool:
    """Send `text` privately to a staff member; False only if Telegram failed (worth a retry).

    A staff member who has not started the bot cannot be written to: that is logged, not retried.
    """
    try:
        await bot.send_message(chat_id=user_id, text=text)
    except TelegramForbiddenError:
        log.info("staff %s has not started the bot; %s not delivered", user_id, what)
    except TelegramAPIError as exc:
        log.warning("%s to staff %s failed: %s", what, user_id, exc)
        return False
    return True


class StaffDirectory:
    """Answers "may this user run staff commands here?"."""

    def __init__(
        self, staff_ids: Iterable[int], *, clock: Clock, ttl: timedelta = timedelta(minutes=10)
    ) -> None:
        self.staff_ids = frozenset(staff_ids)
        self.clock = clock
        self.ttl = ttl
        self._admins: dict[int, tuple[datetime, frozenset[int]]] = {}

    def is_configured_staff(self, user_id: int) -> bool:
        """Staff named in settings (valid in every chat, also in private)."""
        return user_id in self.staff_ids

    async def is_staff(self, bot: Bot, *, user_id: int, chat_id: int | None) -> bool:
        """Configured staff anywhere; a chat's administrators within that chat."""
        if self.is_configured_staff(user_id):
            return True
        if chat_id is None or chat_id > 0:
            return False
        return user_id in await self.admins(bot, chat_id)

    async def admins(self, bot: Bot, chat_id: int) -> frozenset[int]:
        """The chat's human administrators, refreshed after `ttl`."""
        cached = self._admins.get(chat_id)
        now = self.clock()
        if cached and now - cached[0] < self.ttl:
            return cached[1]
        try:
            members = await bot.get_chat_administrators(chat_id=chat_id)
        except TelegramAPIError as exc:
            log.warning("cannot read administrators of chat %s: %s", chat_id, exc)
            return cached[1] if cached else frozenset()
        ids = frozenset(m.user.id for m in members if not m.user.is_bot)
        self._admins[chat_id] = (now, ids)
        return ids

    def forget(self, chat_id: int) -> None:
        """Drop the cache for a chat (its membership changed)."""
        self._admins.pop(chat_id, None)
