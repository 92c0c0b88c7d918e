"""Many groups at one boundary against the sandbox with Telegram's limits on, over HTTP."""

from __future__ import annotations

from datetime import UTC, datetime

from pydantic import SecretStr

from bench.boundary_world import FIRST_DAY, add_chats, boundary_of, opened_from, plan_groups
from bot.app import build_app
from bot.clock import ManualClock
from config import Settings
from sandbox.client import SandboxClient
from sandbox.limits import RateLimits
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from storage import migrate
from tests.e2e.helpers import TOKEN

GROUPS = 40
#: Far above the ~1.5 s the bot-wide rate needs for 40 prompts, far below one group after
#: another (each waits for its unlock, prompt and pin: over 40 s).
LATEST_PROMPT_S = 15.0


async def test_forty_groups_open_at_one_boundary_within_the_limits(database_url: str) -> None:
    """40 groups at 08:00: no 429, each unlocked, prompted once and pinned, unlock first."""
    sim = BotApiSimulator(rate_limits=RateLimits.telegram())  # limits on the real clock
    async with SandboxServer(sim) as server, SandboxClient(server.base_url) as client:
        chat_ids = await add_chats(client, GROUPS)
        settings = Settings(
            bot_token=SecretStr(TOKEN),
            telegram_api_url=server.base_url,
            database_url=database_url,
        )
        app = build_app(settings, clock=ManualClock(boundary_of(FIRST_DAY)), pace=True)
        try:
            await migrate.upgrade(app.engine)
            await plan_groups(app.sessions, chat_ids, FIRST_DAY)
            started = datetime.now(UTC)
            performed = await app.reconciler.tick()
        finally:
            await app.close()
        opened = opened_from(sim.calls())
        assert len(performed) == GROUPS
        assert sim.too_many_requests() == 0
        assert opened.all_once(chat_ids)
        assert opened.unlocked_first(chat_ids)
        last = max(opened.prompts.values())
        assert (last - started).total_seconds() < LATEST_PROMPT_S
        for chat_id in chat_ids:
            assert sim.pinned(chat_id) == [sim.sent_messages(chat_id)[0]["message_id"]]
