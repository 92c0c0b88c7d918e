"""Two bot processes on one PostgreSQL behind one webhook; one is killed mid-stream."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web
from sqlalchemy import text

from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from storage.db import create_engine
from tests.e2e.helpers import bot_env, eventually, group_world, kill, start_bot, stop
from tests.e2e.test_webhook import free_port

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(300)]


class RoundRobinProxy:
    """A load balancer: each request goes to the next live instance; a dead one is skipped."""

    def __init__(self, targets: list[str]) -> None:
        self.targets = targets
        self._next = itertools.cycle(range(len(targets)))
        self.port = free_port()

    async def handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        headers = {k: v for k, v in request.headers.items() if k.lower().startswith("x-telegram")}
        for _ in range(len(self.targets)):
            target = self.targets[next(self._next)]
            try:
                async with (
                    aiohttp.ClientSession() as http,
                    http.post(
                        target, data=body, headers={**headers, "Content-Type": "application/json"}
                    ) as response,
                ):
                    return web.Response(status=response.status, body=await response.read())
            except aiohttp.ClientError:
                continue
        return web.Response(status=502)

    async def __aenter__(self) -> RoundRobinProxy:
        application = web.Application()
        application.router.add_post("/hook", self.handle)
        self._runner = web.AppRunner(application)
        await self._runner.setup()
        await web.TCPSite(self._runner, "127.0.0.1", self.port).start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self._runner.cleanup()


async def scalar(url: str, sql: str) -> object:
    engine = create_engine(url)
    try:
        async with engine.connect() as connection:
            return (await connection.execute(text(sql))).scalar()
    finally:
        await engine.dispose()


@pytest.fixture
async def postgres_url(database_url: str) -> AsyncIterator[str]:
    """Only the PostgreSQL flavour of the database fixture."""
    if not database_url.startswith("postgresql"):
        pytest.skip("this scenario is about PostgreSQL")
    yield database_url


async def test_two_instances_store_every_update_once(postgres_url: str, tmp_path: Path) -> None:
    """Behind one webhook, with one instance SIGKILLed, every message is stored exactly once."""
    sim = BotApiSimulator()
    staff, chat_id, parents = group_world(sim, members=100)
    ports = [free_port(), free_port()]
    async with (
        SandboxServer(sim) as server,
        RoundRobinProxy([f"http://127.0.0.1:{port}/hook" for port in ports]) as proxy,
    ):
        toml = tmp_path / "n.toml"
        toml.write_text(
            f'staff_ids = [{staff}]\n[[groups]]\nkey = "parents"\naudience = "parents"\n'
            f"chat_id = {chat_id}\n",
            encoding="utf-8",
        )
        common = {
            "NEUVO_CONFIG": str(toml),
            "NEUVO_DATABASE_URL": postgres_url,
            "NEUVO_WEBHOOK_URL": f"http://127.0.0.1:{proxy.port}/hook",
            "NEUVO_WEBHOOK_SECRET": "shared-secret-for-both-instances",
        }
        first = start_bot(
            bot_env(server.base_url, tmp_path, **common, NEUVO_WEBHOOK_PORT=str(ports[0])),
            tmp_path / "a.log",
        )
        await eventually(lambda: sim.webhook_url() is not None, timeout=90, step=0.1)
        second = start_bot(
            bot_env(server.base_url, tmp_path, **common, NEUVO_WEBHOOK_PORT=str(ports[1])),
            tmp_path / "b.log",
        )
        try:
            await eventually(
                lambda: len([c for c in sim.calls("setWebhook") if c.ok]) == 2,
                timeout=90,
                step=0.1,
            )
            sent = [sim.user_sends(parents[n % 100], chat_id, f"viesti {n}") for n in range(300)]

            async def stored() -> int:
                return int(str(await scalar(postgres_url, "SELECT count(*) FROM contributions")))

            while await stored() < 100:
                await asyncio.sleep(0.05)
            kill(first)
            sent += [sim.user_sends(parents[n % 100], chat_id, f"lisää {n}") for n in range(100)]
            for _ in range(600):
                if await stored() == 400 and sim.pending_updates() == 0:
                    break
                await asyncio.sleep(0.05)
        finally:
            if first.poll() is None:
                kill(first)
            assert stop(second) == 0, (tmp_path / "b.log").read_text()
    assert await stored() == 400
    distinct = await scalar(postgres_url, "SELECT count(DISTINCT message_id) FROM contributions")
    assert distinct == 400 == len(sent)
    statuses = await scalar(
        postgres_url, "SELECT count(*) FROM inbox_updates WHERE status <> 'done'"
    )
    assert statuses == 0
