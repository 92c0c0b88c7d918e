"""One instance vs two on PostgreSQL: the same stored inbox drained by one or two apps.

Run: `python -m bench.instances [--messages N] [--postgres URL]`. N member messages inside an
open window are written to the inbox first (as a webhook would), then the timer runs while one
app, or two apps sharing the database, handle them. The row lock taken when an update is
claimed keeps every update handled once; the check at the end proves it. Both apps run in this
one process (one event loop), so the figure shows database contention, not two CPUs' worth of
work. The last line printed is JSON.
"""

from __future__ import annotations

import bot  # noqa: F401  (first: aiogram's types are then built lazily, bot/lazy_types.py)

# isort: split

import argparse
import asyncio
import json
import logging
import secrets
import sys
import time
from collections.abc import Sequence

from pydantic import SecretStr
from sqlalchemy import func, select

from bench.ingest import fresh_database, prepare
from bench.world import GROUP_KEY, TOKEN, World, bench_clock, make_world, sent_at
from bot.app import App, build_app
from bot.startup import start_up
from config import GroupConfig, Settings
from sandbox.server import SandboxServer
from storage.models import Contribution

DEFAULT_POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/test"


def raw_updates(world: World, count: int) -> list[tuple[int, str]]:
    """`count` member messages as (update_id, JSON) pairs, as Telegram would post them."""
    pairs = []
    for n in range(count):
        message = world.sim.user_sends(
            world.member_ids[n % len(world.member_ids)],
            world.chat_id,
            f"Puheenvuoro {n}: toivoisin matalan kynnyksen apua.",
            date=sent_at(n, count),
        )
        pairs.append((n + 1, json.dumps({"update_id": n + 1, "message": message})))
    return pairs


def settings_for(world: World, base_url: str, database_url: str) -> Settings:
    """The bench group on `database_url`, with the sandbox at `base_url` for start-up."""
    return Settings(
        bot_token=SecretStr(TOKEN),
        telegram_api_url=base_url,
        database_url=database_url,
        staff_ids=(world.staff_id,),
        pseudonym_secret=SecretStr(secrets.token_hex(16)),
        groups=(GroupConfig(key=GROUP_KEY, audience="parents", chat_id=world.chat_id),),
    )


async def stored_counts(app: App) -> tuple[int, int]:
    """(contributions, distinct message ids)."""
    async with app.sessions() as db:
        total = await db.scalar(select(func.count()).select_from(Contribution))
        distinct = await db.scalar(select(func.count(func.distinct(Contribution.message_id))))
    return int(total or 0), int(distinct or 0)


async def run(instances: int, messages: int, postgres: str) -> float:
    """Messages per second with `instances` apps draining one inbox."""
    clock = bench_clock()
    world = make_world(clock)
    async with fresh_database(postgres) as database_url, SandboxServer(world.sim) as server:
        settings = settings_for(world, server.base_url, database_url)
        apps = [
            build_app(settings, clock=clock, pace=False, holder=f"bench-{k}")
            for k in range(instances)
        ]
        try:
            await prepare(apps[0])
            for app in apps[1:]:
                await start_up(app, asyncio.Event())
            await apps[0].processor.store_raw(raw_updates(world, messages))
            started = time.perf_counter()
            await asyncio.gather(*(app.processor.drain() for app in apps))
            seconds = time.perf_counter() - started
            total, distinct = await stored_counts(apps[0])
            if total != messages or distinct != messages:
                raise RuntimeError(f"stored {total} ({distinct} distinct), expected {messages}")
        finally:
            for app in apps:
                await app.close()
    return messages / seconds


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """--messages N (default 2000), --postgres URL."""
    parser = argparse.ArgumentParser(prog="python -m bench.instances")
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--postgres", default=DEFAULT_POSTGRES)
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> None:
    """One and two instances, side by side; JSON last."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    one = asyncio.run(run(1, args.messages, args.postgres))
    two = asyncio.run(run(2, args.messages, args.postgres))
    print(f"one instance : {one:7.0f} msgs/s")
    print(f"two instances: {two:7.0f} msgs/s (every update stored once)")
    summary = {
        "messages": args.messages,
        "one_instance_msgs_per_s": round(one, 1),
        "two_instances_msgs_per_s": round(two, 1),
        "two_vs_one": round(two / one, 3),
    }
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
