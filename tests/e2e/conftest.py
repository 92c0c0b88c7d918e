"""Fixtures of the end-to-end tests: a fresh sandbox served, the module's `sim` served, a Bot."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from aiogram import Bot

from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import make_bot


@pytest.fixture
async def sandbox() -> AsyncIterator[tuple[BotApiSimulator, str]]:
    """A fresh sandbox on the real clock, running, and its base URL."""
    sim = BotApiSimulator()
    async with SandboxServer(sim) as server:
        yield sim, server.base_url


@pytest.fixture
async def server(sim: BotApiSimulator) -> AsyncIterator[SandboxServer]:
    """The test module's `sim` served over HTTP."""
    async with SandboxServer(sim) as srv:
        yield srv


@pytest.fixture
async def bot(server: SandboxServer) -> AsyncIterator[Bot]:
    """An aiogram Bot talking to the served sandbox."""
    bot = make_bot(server.base_url)
    yield bot
    await bot.session.close()
