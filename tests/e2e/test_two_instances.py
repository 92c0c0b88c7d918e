"""Two bot processes on one PostgreSQL behind one webhook; one is killed mid-stream."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import (
    Reader,
    eventually,
    group_toml,
    group_world,
    kill,
    only_postgres,
    start_bot,
    terminate,
    webhook_pair,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(300)]


async def test_two_instances_store_every_update_once(database_url: str, tmp_path: Path) -> None:
    """Behind one webhook, with one instance SIGKILLed, every message is stored exactly once."""
    postgres_url = only_postgres(database_url)
    sim = BotApiSimulator()
    staff, chat_id, parents = group_world(sim, members=100)
    reader = Reader(postgres_url)

    async def count(sql: str) -> int:
        rows = await reader.rows(sql)
        return int(str(rows[0][0])) if rows else 0

    async def stored() -> int:
        return await count("SELECT count(*) FROM contributions")

    toml = group_toml(tmp_path / "n.toml", chat_id, staff)
    async with webhook_pair(sim, tmp_path, config=toml, database_url=postgres_url) as pair:
        first = start_bot(pair.env(0), tmp_path / "a.log")
        await eventually(lambda: sim.webhook_url() is not None, timeout=90, step=0.1)
        second = start_bot(pair.env(1), tmp_path / "b.log")
        try:
            await eventually(
                lambda: len([c for c in sim.calls("setWebhook") if c.ok]) == 2,
                timeout=90,
                step=0.1,
            )
            sent = [sim.user_sends(parents[n % 100], chat_id, f"viesti {n}") for n in range(300)]
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
            assert await terminate(second) == 0, (tmp_path / "b.log").read_text()
    try:
        assert await stored() == 400
        distinct = await count("SELECT count(DISTINCT message_id) FROM contributions")
        assert distinct == 400 == len(sent)
        assert await count("SELECT count(*) FROM inbox_updates WHERE status <> 'done'") == 0
    finally:
        await reader.close()
