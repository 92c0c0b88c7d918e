"""The Telegram notifier recognises its own pinned prompt through the sandbox's getChat."""

from __future__ import annotations

from datetime import date
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.i18n import build_i18n
from bot.notifier import TelegramNotifier
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from scheduler.calendar import DEFAULT_WINDOWS, windows_for_day
from scheduler.notifier import GroupView
from tests.e2e.helpers import TOKEN, group_world
from themes.loader import load_catalog

HELSINKI = ZoneInfo("Europe/Helsinki")
MORNING, AFTERNOON, _EVENING = windows_for_day(date(2026, 12, 8), DEFAULT_WINDOWS, HELSINKI)


async def test_the_pinned_prompt_is_found_only_for_its_own_window_and_theme() -> None:
    """After posting (and pinning) a prompt, getChat's pinned message is that prompt for the
    same window and theme, and not for another window or theme."""
    sim = BotApiSimulator()
    _staff, chat_id, _parents = group_world(sim, members=1)
    catalog = load_catalog()
    theme, other = catalog["kiusaaminen"], catalog["eroasiat"]
    view = GroupView("g", chat_id, "parents", "fi", HELSINKI, False)
    async with SandboxServer(sim) as server:
        session = AiohttpSession(api=TelegramAPIServer.from_base(server.base_url))
        async with Bot(TOKEN, session=session) as bot:
            notifier = TelegramNotifier(bot=bot, i18n=build_i18n("fi"), staff_ids=())
            assert await notifier.pinned_prompt(view, MORNING, theme) is None
            posted = await notifier.open_window(
                view, MORNING, theme, reply_to=None, thread_id=None, catch_up=False
            )
            assert await notifier.pinned_prompt(view, MORNING, theme) == posted
            assert await notifier.pinned_prompt(view, MORNING, other) is None
            assert await notifier.pinned_prompt(view, AFTERNOON, theme) is None
