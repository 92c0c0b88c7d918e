"""Webhook mode against the sandbox: secret checked, bad input refused, health and metrics."""

from __future__ import annotations

import io
import json
import socket
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest

from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import Reader, bot_env, eventually, start_bot, stop, until

pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
async def webhook_bot(
    tmp_path: Path, database_url: str
) -> AsyncIterator[tuple[BotApiSimulator, str, Reader]]:
    """A bot process in webhook mode (SQLite or PostgreSQL); the sandbox delivers to it."""
    sim = BotApiSimulator()
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/webhook"
    reader = Reader(database_url)
    async with SandboxServer(sim) as server:
        env = bot_env(
            server.base_url,
            tmp_path,
            NEUVO_WEBHOOK_PORT=str(port),
            NEUVO_DATABASE_URL=database_url,
        )
        env["NEUVO_WEBHOOK_URL"] = url
        process = start_bot(env, tmp_path / "bot.log")
        try:
            await eventually(lambda: sim.webhook_url() == url, timeout=90, step=0.1)
            yield sim, f"http://127.0.0.1:{port}", reader
        finally:
            await reader.close()
            assert stop(process) == 0, (tmp_path / "bot.log").read_text()


async def test_updates_arrive_by_webhook(
    webhook_bot: tuple[BotApiSimulator, str, Reader],
) -> None:
    """/start sent through the webhook is answered, and the update is stored once as done."""
    sim, _base, db = webhook_bot
    user = int(sim.add_user("Anna", language_code="en")["id"])
    sim.user_sends(user, user, "/start")
    await eventually(lambda: bool(sim.sent_messages(user)), timeout=30)
    assert sim.sent_messages(user)[0]["text"].startswith("Hello! I am Neuvo")
    done = "SELECT status, count(*) FROM inbox_updates GROUP BY status"

    async def stored_once() -> bool:
        return await db.rows(done) == [("done", 1)]

    await until(stored_once, timeout=20)


async def test_bad_requests_are_refused(
    webhook_bot: tuple[BotApiSimulator, str, Reader],
) -> None:
    """Wrong secret → 401, not JSON → 400, over 1 MB → 413, unknown kind → 200 and ignored."""
    sim, base, db = webhook_bot
    url = f"{base}/telegram/webhook"
    secret = str((await db.rows("SELECT value FROM bot_state"))[0][0])
    good = {"X-Telegram-Bot-Api-Secret-Token": secret}
    async with aiohttp.ClientSession() as http:
        async with http.post(url, json={"update_id": 1}) as response:
            assert response.status == 401
        async with http.post(
            url, json={"update_id": 1}, headers={"X-Telegram-Bot-Api-Secret-Token": "x" * 20}
        ) as response:
            assert response.status == 401
        async with http.post(url, data=b"not json", headers=good) as response:
            assert response.status == 400
        huge = io.BytesIO(b"{" + b" " * (1024 * 1024 + 10) + b"}")
        async with http.post(url, data=huge, headers=good) as response:
            assert response.status == 413
        unknown = {"update_id": 77, "future_kind": {"x": 1}}
        async with http.post(url, data=json.dumps(unknown), headers=good) as response:
            assert response.status == 200
        health: dict[str, object] = {}

        async def healthy() -> bool:
            # The scheduler's first pass may still run just after start-up ("stale" until then).
            async with http.get(f"{base}/healthz") as response:
                health.update(await response.json())
                return response.status == 200

        await until(healthy, timeout=60)
        assert health["database"] == "ok" and health["scheduler"] == "ok"
        async with http.get(f"{base}/metrics") as response:
            assert "neuvo_updates_processed_total" in await response.text()

    async def unknown_kind_done() -> bool:
        rows = await db.rows("SELECT status FROM inbox_updates WHERE update_id = 77")
        return rows == [("done",)]

    await until(unknown_kind_done, timeout=20)
    assert await db.rows("SELECT count(*) FROM inbox_updates WHERE update_id = 1") == [(0,)]


async def test_hostile_update_ids_and_nesting_are_refused(
    webhook_bot: tuple[BotApiSimulator, str, Reader],
) -> None:
    """A boolean, negative, zero or ≥ 2^63 update_id, or JSON nested too deep, gets 400 and
    nothing is stored; the real update 1 is then still taken."""
    _sim, base, db = webhook_bot
    url = f"{base}/telegram/webhook"
    secret = str((await db.rows("SELECT value FROM bot_state"))[0][0])
    good = {"X-Telegram-Bot-Api-Secret-Token": secret}
    deep = '{"update_id": 5, "x": ' + "[" * 100_000 + "]" * 100_000 + "}"
    bodies = [
        '{"update_id": true}',
        '{"update_id": -1}',
        '{"update_id": 0}',
        '{"update_id": 1.0}',
        f'{{"update_id": {2**63}}}',
        deep,
    ]
    async with aiohttp.ClientSession() as http:
        for body in bodies:
            async with http.post(url, data=body, headers=good) as response:
                assert response.status == 400, body[:40]
        async with http.post(url, data='{"update_id": 1}', headers=good) as response:
            assert response.status == 200
    assert await db.rows("SELECT update_id FROM inbox_updates") == [(1,)]
