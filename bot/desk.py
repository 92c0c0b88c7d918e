"""The desk: what a command handler works with, gathered once per handled update.

Handlers take `message`, `command` and one `desk` instead of nine dependencies. The desk is
built by an inner middleware of the command subtree, so it costs nothing on the plain group
message path and only runs once a handler has matched.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import datetime, timedelta
from typing import Any, TypedDict, Unpack

from aiogram import BaseMiddleware, Bot
from aiogram.methods import TelegramMethod
from aiogram.types import Message, TelegramObject
from sqlalchemy.ext.asyncio import AsyncSession

from bot import outbox
from bot.clock import Clock
from bot.i18n import PoI18n
from bot.membership import Membership
from bot.metrics import Metrics
from bot.middlewares import GroupContextMiddleware, Handler
from bot.staff import StaffDirectory
from config import Settings
from scheduler.calendar import local_day
from scheduler.policy import GroupPolicy
from scheduler.runner import SchedulerRunner
from storage import audit, session_days
from storage.models import Group, SessionDay
from themes.model import Catalog

#: How far ahead /plan, /schedule and /kalenteri look for session days.
COMING = timedelta(days=62)


def sender_id(message: Message) -> int | None:
    """Who sent `message` (None when Telegram names no user, e.g. for a channel)."""
    return message.from_user.id if message.from_user else None


class AuditEntry(TypedDict, total=False):
    """The optional fields of an audit entry (`storage.audit.record`)."""

    actor_user_id: int | None
    target_user_id: int | None
    reason: str
    message_id: int | None
    outcome: str


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

    async def coming_days(self, group: Group) -> list[SessionDay]:
        """The group's session days from its local today on, for the next two months."""
        assert group.id is not None
        today = local_day(self.now(), self.policies(group).zone)
        end = today + COMING
        return await session_days.days_between(self.db, group_id=group.id, start=today, end=end)

    async def replied_to(self, command: Message, usage: str) -> Message | None:
        """The message `command` replies to; None, with `usage` as the answer, if none."""
        if command.reply_to_message is None:
            await self.send(command.reply(usage))
        return command.reply_to_message

    async def audit(self, action: str, group_id: int | None, **entry: Unpack[AuditEntry]) -> None:
        """Write an audit entry (about no group if `group_id` is None) at the current instant."""
        await audit.record(self.db, action=action, now=self.now(), group_id=group_id, **entry)

    async def audit_reply(
        self, action: str, group: Group, command: Message, *, logged: bool = True
    ) -> None:
        """Audit a command given as a reply, about the message replied to: "done", or
        "not-logged" when that message is not in the contribution log."""
        target = command.reply_to_message
        assert target is not None
        await self.audit(
            action,
            group.id,
            actor_user_id=sender_id(command),
            target_user_id=sender_id(target),
            message_id=target.message_id,
            outcome="done" if logged else "not-logged",
        )


DESK_FIELDS = tuple(field.name for field in fields(Desk))


class DeskMiddleware(BaseMiddleware):
    """Puts `desk` into the handler data (an inner middleware: runs after the filters)."""

    async def __call__(self, handler: Handler, event: TelegramObject, data: dict[str, Any]) -> Any:
        data["desk"] = Desk(*(data[name] for name in DESK_FIELDS))
        return await handler(event, data)
