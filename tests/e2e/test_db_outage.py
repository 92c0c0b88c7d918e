"""Database outages mid-run: the bot stays up, holds updates at Telegram, and resumes by itself."""

from __future__ import annotations

import contextlib
import errno
import subprocess
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy.engine import make_url

from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import (
    Reader,
    bot_env,
    free_port,
    group_toml,
    group_world,
    only_postgres,
    start_bot,
    terminate,
    until,
)
from tests.tcp_proxy import TcpProxy

pytestmark = pytest.mark.slow
DOWN_LINE = "database unreachable, holding updates"
BACK_LINE = "database back, resuming"
STORED = "SELECT message_id FROM contributions ORDER BY message_id"


@dataclass
class World:
    """The sandbox with a declared group, and where the bot's HTTP server will listen."""

    sim: BotApiSimulator
    base_url: str
    chat_id: int
    parents: list[int]
    toml: Path
    port: int

    def send(self, text: str) -> int:
        """A parent writes `text` in the group; the message id."""
        return int(self.sim.user_sends(self.parents[0], self.chat_id, text)["message_id"])

    async def health(self) -> tuple[int, dict[str, Any]]:
        """/healthz status and body; (0, {}) while nothing listens."""
        try:
            async with (
                aiohttp.ClientSession() as http,
                http.get(f"http://127.0.0.1:{self.port}/healthz") as response,
            ):
                return response.status, await response.json()
        except aiohttp.ClientError:
            return 0, {}


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    """A running sandbox with a group the bot is declared for."""
    sim = BotApiSimulator()
    staff, chat_id, parents = group_world(sim, members=2)
    toml = group_toml(tmp_path / "n.toml", chat_id, staff)
    async with SandboxServer(sim) as server:
        yield World(sim, server.base_url, chat_id, parents, toml, free_port())


def bot_process(world: World, tmp_path: Path, database_url: str) -> subprocess.Popen[bytes]:
    """`neuvo run` (polling) for the world's group on `database_url`."""
    env = bot_env(
        world.base_url,
        tmp_path,
        NEUVO_CONFIG=str(world.toml),
        NEUVO_DATABASE_URL=database_url,
        NEUVO_WEBHOOK_PORT=str(world.port),
    )
    return start_bot(env, tmp_path / "bot.log")


@dataclass
class Running:
    """The bot process, a reader of its database, its log and the message ids sent so far."""

    process: subprocess.Popen[bytes]
    db: Reader
    log: Path
    sent: list[int]


@asynccontextmanager
async def running(
    world: World, tmp_path: Path, database_url: str, first: str, bot_url: str = ""
) -> AsyncIterator[Running]:
    """The bot on `bot_url` (else `database_url`) healthy with `first` sent and stored, the
    test reading `database_url`; on leaving it must stop cleanly (exit code 0)."""
    process = bot_process(world, tmp_path, bot_url or database_url)
    db = Reader(database_url)
    log = tmp_path / "bot.log"
    try:
        await wait_healthy(world)
        sent = [world.send(first)]
        await wait_stored(db, world, sent)
        yield Running(process, db, log, sent)
    finally:
        await db.close()
        assert await terminate(process) == 0, log.read_text()


async def wait_healthy(world: World, *, database: str = "ok", status: int = 200) -> None:
    """Wait until /healthz answers `status` with `database` as the database's state."""

    async def answered() -> bool:
        code, body = await world.health()
        return code == status and body.get("database") == database

    await until(answered, timeout=90, step=0.05)


async def wait_stored(db: Reader, world: World, ids: list[int]) -> None:
    """Wait until exactly `ids` are stored and Telegram holds nothing unconfirmed."""

    async def done() -> bool:
        rows = await db.rows(STORED)
        return [row[0] for row in rows] == sorted(ids) and world.sim.pending_updates() == 0

    await until(done, timeout=90, step=0.05)


@pytest.mark.postgres
async def test_postgres_cut_holds_updates_then_stores_each_once(
    world: World, tmp_path: Path, database_url: str
) -> None:
    """PostgreSQL cut mid-run: the bot stays up, confirms nothing, reports 503 with one log line,
    and after the restore stores every held message exactly once."""
    direct = make_url(only_postgres(database_url))
    async with TcpProxy(direct.host or "127.0.0.1", direct.port or 5432) as proxy:
        proxied = direct.set(host="127.0.0.1", port=proxy.port)
        bot_url = proxied.render_as_string(hide_password=False)
        async with running(world, tmp_path, database_url, "ennen katkosta", bot_url) as bot:
            await proxy.cut()
            held = [world.send(f"katkon aikana {n}") for n in range(5)]
            await wait_healthy(world, database="down", status=503)
            assert world.sim.pending_updates() == len(held)  # not confirmed to Telegram
            assert bot.process.poll() is None
            await proxy.restore()
            await wait_stored(bot.db, world, bot.sent + held)
            await wait_healthy(world)
            assert bot.process.poll() is None
            statuses = await bot.db.rows(
                "SELECT status, count(*) FROM inbox_updates GROUP BY status"
            )
            assert statuses == [("done", len(bot.sent + held))]
            text = bot.log.read_text()
            assert (text.count(DOWN_LINE), text.count(BACK_LINE)) == (1, 1), text


@pytest.fixture
def tiny_disk(tmp_path: Path) -> AsyncIterator[Path] | Any:
    """A 4 MB tmpfs mounted for the test (skipped where mounting is not permitted)."""
    mount = tmp_path / "tiny"
    mount.mkdir()
    result = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=4m", "tmpfs", str(mount)],
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def fill(disk: Path) -> Path:
    """Write a file until the filesystem is full; the file."""
    filler = disk / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as handle:
        while True:
            handle.write(b"\0" * 65536)
            handle.flush()
    return filler


async def test_sqlite_disk_full_holds_updates_then_stores_each_once(
    world: World, tmp_path: Path, tiny_disk: Path
) -> None:
    """SQLite's disk full mid-run: the bot stays up and reports 503; once space is freed every
    message sent meanwhile is stored exactly once."""
    database_url = f"sqlite+aiosqlite:///{tiny_disk / 'neuvo.db'}"
    async with running(world, tmp_path, database_url, "ennen kuin levy täyttyy") as bot:
        filler = fill(tiny_disk)
        for n in range(500):  # the write-ahead log takes what it already has, then fails
            bot.sent.append(world.send(f"viesti {n} " + "täyteläinen " * 300))

            async def stored_or_down(count: int = len(bot.sent)) -> bool:
                code, _ = await world.health()
                return code == 503 or len(await bot.db.rows(STORED)) == count

            await until(stored_or_down, timeout=60, step=0.05)
            if (await world.health())[0] == 503:
                break
        await wait_healthy(world, database="down", status=503)
        assert world.sim.pending_updates() > 0  # held at Telegram, not confirmed
        assert bot.process.poll() is None
        filler.unlink()
        await wait_stored(bot.db, world, bot.sent)
        await wait_healthy(world)
        assert bot.process.poll() is None
        assert DOWN_LINE in bot.log.read_text()
    with pytest.raises(OSError) as error:  # the filler really had filled the disk
        (tiny_disk / "probe").write_bytes(b"\0" * 8 * 1024 * 1024)
    assert error.value.errno == errno.ENOSPC
