"""The desk: what a command handler works with, gathered once per handled update.

Handlers take `message`, `command` and one `desk` instead of nine dependencies. The desk is
built by an inner middleware of the command subtree, so it costs nothing on the plain group
message path and only runs once a handler has matched.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from datetime import datetime
from typing import Any

from aiogram import BaseMiddleware, Bot
from aiogram.methods import TelegramMethod
from aiogram.types import TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.clock import Clock
from bot.i18n import PoI18n
from bot.membership import Membership
from bot.metrics import Metrics
from bot.middlewares import GroupContextMiddleware
from bot.staff import StaffDirectory
from config import Settings
from scheduler.policy import GroupPolicy
from scheduler.runner import SchedulerRunner
from storage.models import Group
from themes.model import Catalog


@dataclass(frozen=True, slots=True)
class Desk:
    """The bot, this update's database session, and the app's services."""

    bot: Bot
    db: AsyncSession
    settings: Settings
    staff: StaffDirectory
    catalog: Catalog
    policies: Callable[[Group], GroupPolicy]
    runner: SchedulerRunner
    membership: Membership
    metrics: Metrics
    i18n: PoI18n
    group_cache: GroupContextMiddleware
    clock: Clock

    def now(self) -> datetime:
        """The current instant (aware UTC) from the app's clock."""
        return self.clock()

    async def send(self, method: TelegramMethod[Any]) -> None:
        """Queue `method` (usually a reply) in this update's transaction, for after the commit."""
        await outbox.put(self.db, method, now=self.now())


DESK_FIELDS = tuple(field.name for field in fields(Desk))


class DeskMiddleware(BaseMiddleware):
    """Puts `desk` into the handler data (an inner middleware: runs after the filters)."""

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        data["desk"] = Desk(*(data[name] for name in DESK_FIELDS))
        return await handler(event, data)
