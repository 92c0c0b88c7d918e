"""The running app's parts, built once by `bot.app.build_app`.

It imports none of the modules that use it (start-up, web server, webhook), so the
composition root has no import circle.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from aiogram import Bot, Dispatcher
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db_health import DatabaseHealth
from bot.digest_delivery import MonthlyDigests
from bot.i18n import PoI18n
from bot.metrics import Metrics
from bot.outbox import OutboxSender
from bot.polling import DurablePoller
from bot.processing import UpdateProcessor
from bot.staff import StaffDirectory
from config import Settings
from scheduler.reconciler import Reconciler
from scheduler.runner import SchedulerRunner
from themes.model import Catalog

#: Kinds we always ask Telegram for, also those no handler is registered for yet.
EXTRA_UPDATE_KINDS = (
    "message",
    "edited_message",
    "callback_query",
    "message_reaction",
    "message_reaction_count",
    "chat_member",
    "my_chat_member",
    "chat_join_request",
    "poll",
    "poll_answer",
)


@dataclass
class App:
    """Everything a running Neuvo needs, built once from settings."""

    settings: Settings
    clock: Clock
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]
    bot: Bot
    dispatcher: Dispatcher
    processor: UpdateProcessor
    staff: StaffDirectory
    i18n: PoI18n
    catalog: Catalog
    reconciler: Reconciler
    runner: SchedulerRunner
    metrics: Metrics
    monthly: MonthlyDigests
    outbox: OutboxSender
    db_health: DatabaseHealth = field(default_factory=DatabaseHealth)

    def allowed_updates(self) -> list[str]:
        """Update kinds to subscribe to (polling and webhook alike)."""
        used = set(self.dispatcher.resolve_used_update_types())
        return sorted(used | set(EXTRA_UPDATE_KINDS))

    def poller(self) -> DurablePoller:
        """A durable long poller for this app."""
        return DurablePoller(
            bot=self.bot,
            processor=self.processor,
            allowed_updates=self.allowed_updates(),
            timeout=self.settings.polling_timeout,
            health=self.db_health,
        )

    async def close(self) -> None:
        """Stop sending queued replies, release the HTTP session and the database pool."""
        await self.outbox.stop()
        await self.bot.session.close()
        await self.engine.dispose()
