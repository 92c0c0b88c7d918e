"""The console's test world: the sandbox, the bot in-process, its HTTP server, Chromium."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, async_playwright
from pydantic import SecretStr

from bot.clock import ManualClock
from bot.web import WebServer
from demo.harness import InProcessBot
from demo.story import console_link, free_port
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import (
    clocked_sim,
    december_session_spoken,
    group_world,
    parents_group,
    sandbox_settings,
)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SERIOUS = {"serious", "critical"}


@dataclass
class World:
    """Two groups: parents (staff Sanna, configured) and youth (admin Ville, not configured)."""

    sim: BotApiSimulator
    bot: InProcessBot
    clock: ManualClock
    base: str
    staff: int
    youth_admin: int
    parents_chat: int
    parents: tuple[int, ...] = ()

    def group_texts(self) -> list[str]:
        """Texts the bot posted in the parents' group."""
        return [m.get("text", "") for m in self.sim.sent_messages(self.parents_chat)]

    def private_texts(self, user_id: int) -> list[str]:
        """Texts the bot sent privately to `user_id`."""
        return [m.get("text", "") for m in self.sim.sent_messages(user_id)]

    async def asks_for_help(self, user_id: int) -> None:
        """A member opens the help directory privately and asks a worker to contact them."""
        self.sim.start_bot(user_id)
        self.sim.user_sends(user_id, user_id, "/apua")
        await self.bot.settle()
        directory = self.sim.sent_messages(user_id)[-1]
        self.sim.user_presses(user_id, directory, "hp:ask")
        await self.bot.settle()

    async def link_for(self, user_id: int) -> str:
        """The person sends /web privately; the link from the bot's answer."""
        self.sim.user_sends(user_id, user_id, "/web")
        await self.bot.settle()
        link = console_link(self.sim, user_id)
        assert link is not None, "the bot sent no console link"
        return link


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """December with a session day and three contributions; the clock then on 2 January."""
    sim, clock = clocked_sim()
    staff, chat, parents = group_world(sim, members=3)
    youth_admin = int(sim.add_user("Ville")["id"])
    youth_chat = int(sim.add_chat("Nuoret")["id"])
    sim.set_admin(youth_chat, youth_admin)
    for person in (staff, youth_admin):
        sim.start_bot(person)
    port = free_port()
    async with SandboxServer(sim) as server:
        settings = sandbox_settings(
            server.base_url,
            f"sqlite+aiosqlite:///{tmp_path / 'neuvo.db'}",
            staff,
            pseudonym_secret=SecretStr("console-test-secret-0123456789"),
            console_url=f"http://127.0.0.1:{port}",
            groups=(parents_group(chat), parents_group(youth_chat, key="youth", audience="youth")),
        )
        bot = InProcessBot(sim, settings, clock)
        app = await bot.start()
        sim.user_sends(staff, chat, "/plan 2026-12-08 kiusaaminen")
        await bot.settle()
        await december_session_spoken(sim, bot, clock, chat, parents)
        web = WebServer(app, secret=None)
        await web.start("127.0.0.1", port)
        try:
            yield World(
                sim, bot, clock, f"http://127.0.0.1:{port}", staff, youth_admin, chat,
                tuple(parents),
            )  # fmt: skip
        finally:
            await web.stop()
            await bot.stop()


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """pytest-playwright's launch arguments: Debian's Chromium, never a downloaded browser."""
    return {"executable_path": str(CHROMIUM), "headless": True, "args": CHROMIUM_ARGS}


@pytest.fixture
async def chromium(browser_type_launch_args: dict[str, Any]) -> AsyncIterator[Browser]:
    """A headless Chromium (skipped with the reason when it is not installed)."""
    if not CHROMIUM.exists():
        pytest.skip(f"Chromium not found at {CHROMIUM} (make test installs it with apt-get)")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(**browser_type_launch_args)
        try:
            yield browser
        finally:
            await browser.close()


async def sign_in(page: Page, link: str) -> None:
    """Open the link and press the sign-in button."""
    await page.goto(link)
    await page.get_by_role("button").click()
    await page.wait_for_url(re.compile(r".*/console/(\?.*)?$"))
