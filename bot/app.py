"""The composition root: settings in, a wired bot out. Nothing here is a global."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.clock import Clock, system_clock
from bot.i18n import LocaleMiddleware, PoI18n, build_i18n
from bot.middlewares import GroupContextMiddleware
from bot.outgoing import ChatPacer, ResilientRequests
from bot.polling import DurablePoller
from bot.processing import UpdateProcessor
from bot.routers import build_routers
from bot.staff import StaffDirectory
from config import Settings
from storage.db import create_engine, session_factory

log = logging.getLogger(__name__)

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
)
PLACEHOLDER_TOKEN = "123456:sandbox-token-not-for-telegram"


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
        )

    async def close(self) -> None:
        """Release the HTTP session and the database pool."""
        await self.bot.session.close()
        await self.engine.dispose()


def build_bot(settings: Settings, *, pace: bool = True) -> Bot:
    """An aiogram Bot talking to `telegram_api_url`, every call through ResilientRequests."""
    token = settings.bot_token.get_secret_value() if settings.bot_token else PLACEHOLDER_TOKEN
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(ResilientRequests(pacer=ChatPacer() if pace else None))
    return Bot(token=token, session=session)


def build_dispatcher(
    settings: Settings, *, staff: StaffDirectory, clock: Clock, i18n: PoI18n
) -> Dispatcher:
    """Routers in order; dependencies as workflow data, never imported globals."""
    dispatcher = Dispatcher(settings=settings, staff=staff, clock=clock)
    dispatcher.update.outer_middleware(GroupContextMiddleware())
    dispatcher.update.outer_middleware(LocaleMiddleware(i18n))
    dispatcher.include_routers(*build_routers())
    return dispatcher


def build_app(settings: Settings, *, clock: Clock = system_clock, pace: bool = True) -> App:
    """Wire the app (no I/O happens here)."""
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    i18n = build_i18n(settings.language)
    staff = StaffDirectory(settings.staff_ids, clock=clock)
    dispatcher = build_dispatcher(settings, staff=staff, clock=clock, i18n=i18n)
    bot = build_bot(settings, pace=pace)
    processor = UpdateProcessor(bot=bot, dispatcher=dispatcher, sessions=sessions, clock=clock)
    return App(settings, clock, engine, sessions, bot, dispatcher, processor, staff, i18n)


async def run_until_stopped(app: App, stop: asyncio.Event) -> None:
    """Start up, then poll until `stop` is set."""
    from bot.startup import start_up

    await start_up(app, stop)
    if not stop.is_set():
        await app.poller().run(stop)
