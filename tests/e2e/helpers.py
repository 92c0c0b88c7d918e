"""Helpers for end-to-end tests: the sandbox, a bot process, and database peeks."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

from sandbox.simulator import BotApiSimulator

TOKEN = "4242:test-token-not-for-telegram"
ROOT = Path(__file__).resolve().parents[2]


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


async def eventually(check: Callable[[], bool], timeout: float = 30.0, step: float = 0.02) -> None:
    """Wait until `check()` is true or fail after `timeout` seconds."""
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not check():
        if loop.time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(step)


def group_world(sim: BotApiSimulator, members: int = 5) -> tuple[int, int, list[int]]:
    """A supergroup with the bot as a full admin, a staff admin and `members` parents."""
    staff = int(sim.add_user("Sanna")["id"])
    chat_id = int(sim.add_chat("Neuvonantajat")["id"])
    sim.set_bot_rights(
        chat_id,
        can_delete_messages=True,
        can_restrict_members=True,
        can_pin_messages=True,
        can_invite_users=True,
    )
    sim.set_admin(chat_id, staff)
    parents = [int(sim.add_user(f"Vanhempi{n}")["id"]) for n in range(members)]
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
