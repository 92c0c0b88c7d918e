"""Without `console_url` the console is off: /web says so and /console is not served."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import aiohttp

from bot.clock import ManualClock
from bot.web import WebServer
from demo.harness import InProcessBot
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import at, group_world, sandbox_settings


async def test_console_off_without_console_url(tmp_path: Path) -> None:
    """Staff asking for a link are told the console is off; /console answers 404."""
    sim = BotApiSimulator()
    clock = ManualClock(at(date(2027, 1, 2), 12))
    sim.set_clock(clock)
    staff, _chat, _parents = group_world(sim, members=1)
    sim.start_bot(staff)
    async with SandboxServer(sim) as server:
        database_url = f"sqlite+aiosqlite:///{tmp_path / 'neuvo.db'}"
        settings = sandbox_settings(server.base_url, database_url, staff)
        bot = InProcessBot(sim, settings, clock)
        app = await bot.start()
        web = WebServer(app, secret=None)
        await web.start("127.0.0.1", 0)
        try:
            sim.user_sends(staff, staff, "/web")
            await bot.settle()
            (reply,) = sim.sent_messages(staff)
            assert reply["text"] == "Verkkokonsoli ei ole käytössä tässä asennuksessa."
            url = f"http://127.0.0.1:{web.port}/console/"
            async with aiohttp.ClientSession() as http, http.get(url) as response:
                assert response.status == 404
        finally:
            await web.stop()
            await bot.stop()
