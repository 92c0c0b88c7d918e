"""Helpers for end-to-end tests: the sandbox, a bot process, and database peeks."""

from __future__ import annotations

import asyncio
import itertools
import os
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import aiohttp
import pytest
from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiohttp import web
from pydantic import SecretStr

from bot.clock import ManualClock
from config import GroupConfig, Settings
from demo.harness import InProcessBot
from demo.world import advisory_group
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator

TOKEN = "4242:test-token-not-for-telegram"
ROOT = Path(__file__).resolve().parents[2]
SHARED_SECRET = "shared-secret-for-both-instances"
SANDBOX_TOKEN = "123456:TEST-token_abcdefghij"
HELSINKI = ZoneInfo("Europe/Helsinki")


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    """Helsinki wall-clock time as aware UTC."""
    return datetime.combine(day, time(hour, minute, second), tzinfo=HELSINKI).astimezone(UTC)


def clocked_sim() -> tuple[BotApiSimulator, ManualClock]:
    """A sandbox reading a ManualClock set to 09:00 Helsinki time on 1 December 2026."""
    sim = BotApiSimulator()
    clock = ManualClock(at(date(2026, 12, 1), 9))
    sim.set_clock(clock)
    return sim, clock


def make_bot(base_url: str, token: str = SANDBOX_TOKEN) -> Bot:
    """An aiogram Bot talking to the sandbox at `base_url`."""
    session = AiohttpSession(api=TelegramAPIServer.from_base(base_url))
    return Bot(token, session=session)


def bot_env(base_url: str, tmp_path: Path, **extra: str) -> dict[str, str]:
    """Environment for a bot process pointed at the sandbox, with a SQLite file in tmp_path."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEUVO_")}
    env.update(
        NEUVO_BOT_TOKEN=TOKEN,
        NEUVO_TELEGRAM_API_URL=base_url,
        NEUVO_DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'neuvo.db'}",
        NEUVO_POLLING_TIMEOUT="1",
        NEUVO_LOG_LEVEL="WARNING",
        NEUVO_PSEUDONYM_SECRET="e2e-secret-0123456789abcdef",
        NEUVO_WEBHOOK_HOST="127.0.0.1",
        NEUVO_WEBHOOK_PORT="0",
    )
    env.update(extra)
    return env


def start_bot(env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    """`python -m bot run` as a separate process."""
    with log.open("ab") as handle:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, stdout=handle, stderr=handle
        )


def kill(process: subprocess.Popen[bytes]) -> None:
    """SIGKILL: no shutdown code runs."""
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)


def stop(process: subprocess.Popen[bytes]) -> int:
    """SIGTERM and wait for a clean exit."""
    process.send_signal(signal.SIGTERM)
    return process.wait(timeout=90)  # generous: shared CI machines can be slow


async def terminate(process: subprocess.Popen[bytes]) -> int:
    """`stop` without blocking the event loop (an in-process sandbox keeps answering)."""
    process.send_signal(signal.SIGTERM)
    return await asyncio.to_thread(process.wait, 90)


async def december_session_spoken(
    sim: BotApiSimulator, bot: InProcessBot, clock: ManualClock, chat: int, parents: list[int]
) -> None:
    """The planned 8 December morning window opens, every parent speaks in it, and the clock
    then moves to 2 January."""
    clock.set(at(date(2026, 12, 8), 8))
    await bot.tick()
    clock.set(at(date(2026, 12, 8), 8, 30))
    for parent in parents:
        sim.user_sends(parent, chat, "Koulussa puututtiin nopeasti.")
    await bot.settle()
    clock.set(at(date(2027, 1, 2), 12))


async def plan_and_open(
    sim: BotApiSimulator, bot: InProcessBot, clock: ManualClock, staff: int, chat: int, day: date
) -> None:
    """Staff plan `day` on bullying; the clock moves to 08:00 that day and the window opens."""
    sim.user_sends(staff, chat, f"/plan {day.isoformat()} kiusaaminen")
    await bot.settle()
    clock.set(at(day, 8))
    await bot.tick()


async def eventually(check: Callable[[], bool], timeout: float = 30.0, step: float = 0.02) -> None:
    """Wait until `check()` is true or fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(step)


def group_world(
    sim: BotApiSimulator, members: int = 5, member_name: str = "Vanhempi"
) -> tuple[int, int, list[int]]:
    """A supergroup with the bot as a full admin, a staff admin and `members` parents."""
    staff = int(sim.add_user("Sanna")["id"])
    chat_id = advisory_group(sim, "Neuvonantajat", staff)
    parents = [int(sim.add_user(f"{member_name}{n}")["id"]) for n in range(members)]
    for parent in parents:
        sim.add_member(chat_id, parent)
    return staff, chat_id, parents


def group_toml(path: Path, chat_id: int, staff_id: int) -> Path:
    """A TOML file declaring the parents' group for `chat_id`."""
    path.write_text(
        f'staff_ids = [{staff_id}]\n\n[[groups]]\nkey = "parents"\naudience = "parents"\n'
        f"chat_id = {chat_id}\n",
        encoding="utf-8",
    )
    return path


def parents_group(chat_id: int, **overrides: Any) -> GroupConfig:
    """The declared parents' group on `chat_id` with reminders off (`overrides` change it)."""
    declared = {
        "key": "parents",
        "audience": "parents",
        "chat_id": chat_id,
        "remind_evening_at": "",
        "remind_minutes_before": 0,
        **overrides,
    }
    return GroupConfig.model_validate(declared)


def sandbox_settings(base_url: str, database_url: str, staff: int, **settings: Any) -> Settings:
    """The bot's settings against the sandbox at `base_url`, `staff` as staff, short polling."""
    return Settings(
        bot_token=SecretStr(TOKEN),
        telegram_api_url=base_url,
        database_url=database_url,
        staff_ids=(staff,),
        polling_timeout=1,
        **settings,
    )


@asynccontextmanager
async def served_bot(
    sim: BotApiSimulator,
    clock: ManualClock,
    database_url: str,
    staff: int,
    *groups: GroupConfig,
    **settings: Any,
) -> AsyncIterator[InProcessBot]:
    """The real bot in-process against `sim` served, `staff` as staff; not started yet."""
    async with SandboxServer(sim) as server:
        config = sandbox_settings(server.base_url, database_url, staff, groups=groups, **settings)
        yield InProcessBot(sim, config, clock)


@asynccontextmanager
async def started_bot(
    sim: BotApiSimulator,
    clock: ManualClock,
    database_url: str,
    staff: int,
    *groups: GroupConfig,
    **settings: Any,
) -> AsyncIterator[InProcessBot]:
    """The real bot started in-process against `sim`, with `staff` as staff; stopped on exit."""
    async with served_bot(sim, clock, database_url, staff, *groups, **settings) as bot:
        await bot.start()
        try:
            yield bot
        finally:
            await bot.stop()


class Reader:
    """Reads the bot's database from the test (any backend) while the bot writes it."""

    def __init__(self, database_url: str, *, missing_ok: bool = True) -> None:
        from storage.db import create_engine

        self.engine = create_engine(database_url)
        self.missing_ok = missing_ok

    async def rows(self, sql: str, /, **params: object) -> list[tuple[Any, ...]]:
        """All rows of `sql` with its `:name` parameters; [] while the tables do not exist yet
        (unless `missing_ok` is false, when every database error is raised)."""
        from sqlalchemy import text
        from sqlalchemy.exc import DBAPIError

        try:
            async with self.engine.connect() as connection:
                result = await connection.execute(text(sql), params)
                return [tuple(row) for row in result.all()]
        except DBAPIError:
            if not self.missing_ok:
                raise
            return []

    async def close(self) -> None:
        """Release the connections."""
        await self.engine.dispose()


async def until(
    check: Callable[[], Awaitable[bool]], timeout: float = 30.0, step: float = 0.01
) -> None:
    """Like `eventually`, for an async check."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not await check():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(step)


def free_port() -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def only_postgres(database_url: str) -> str:
    """The URL of the `database_url` fixture's PostgreSQL flavour; the SQLite one is skipped."""
    if not database_url.startswith("postgresql"):
        pytest.skip("this scenario is about several instances on one PostgreSQL")
    return database_url


class RoundRobinProxy:
    """A load balancer: each request goes to the next live instance; a dead one is skipped."""

    def __init__(self, targets: list[str]) -> None:
        self.targets = targets
        self._next = itertools.cycle(range(len(targets)))
        self.port = free_port()

    @property
    def url(self) -> str:
        """The webhook URL to register: the proxy's."""
        return f"http://127.0.0.1:{self.port}/hook"

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


@dataclass
class WebhookPair:
    """The sandbox served and a round-robin proxy in front of two webhook instances' ports,
    both instances on one database with one config."""

    base_url: str
    proxy: RoundRobinProxy
    ports: list[int]
    tmp_path: Path
    config: Path
    database_url: str

    def env(self, n: int, **extra: str) -> dict[str, str]:
        """Environment for instance `n` (0 or 1) behind the proxy."""
        return bot_env(
            self.base_url,
            self.tmp_path,
            NEUVO_CONFIG=str(self.config),
            NEUVO_DATABASE_URL=self.database_url,
            NEUVO_WEBHOOK_URL=self.proxy.url,
            NEUVO_WEBHOOK_SECRET=SHARED_SECRET,
            NEUVO_WEBHOOK_PORT=str(self.ports[n]),
            **extra,
        )


@asynccontextmanager
async def webhook_pair(
    sim: BotApiSimulator, tmp_path: Path, *, config: Path, database_url: str
) -> AsyncIterator[WebhookPair]:
    """`sim` served, and the proxy running in front of two free ports."""
    ports = [free_port(), free_port()]
    async with (
        SandboxServer(sim) as server,
        RoundRobinProxy([f"http://127.0.0.1:{port}/hook" for port in ports]) as proxy,
    ):
        yield WebhookPair(server.base_url, proxy, ports, tmp_path, config, database_url)
