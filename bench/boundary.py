"""Hundreds of groups opening at one boundary, within Telegram's limits.

N groups (default 300), each locked between sessions with a session day whose first window
opens at 08:00 Helsinki, are registered in a fresh SQLite database; the sandbox runs in a
process of its own (`python -m sandbox --telegram-limits`: 30 sends/s per bot, 20/min per
group, 1/s per chat, 429 beyond) and serves real HTTP. At the boundary the real reconciler
(clock at 08:00, then running on real time) opens every window through the real notifier and
the real outgoing middleware (per-chat pace, bot-wide limit). Measured from what the sandbox
recorded: seconds from the boundary to the last prompt posted and to the last group unlocked,
the 429 answers, the last prompt against the physical limit (N ÷ 30/s), whether every group
was unlocked no later than its prompt and prompted exactly once, and fairness: each group's
rank (0 = first prompted) over the runs, whose boundaries are on different days, so the
order changes; the worst group's mean rank is compared with N/2 (a group always last: N-1).

    python -m bench.boundary [--groups N] [--runs R]

Figures are medians over the runs; the last output line is a JSON object.
"""

from __future__ import annotations

import bot  # noqa: F401  (first: aiogram's types are then built lazily, bot/lazy_types.py)

# isort: split

import argparse
import asyncio
import json
import logging
import secrets
import statistics
import sys
import tempfile
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from pydantic import SecretStr

from bench.boundary_world import (
    FIRST_DAY,
    BoundaryClock,
    add_chats,
    boundary_of,
    opened_from,
    plan_groups,
)
from bot.app import build_app
from config import Settings
from sandbox.client import SandboxClient
from storage import migrate

TOKEN = "4242:bench-token-not-for-telegram"
TELEGRAM_PER_SECOND = 30.0
TARGET_RATIO = 1.2


@dataclass(frozen=True)
class RunResult:
    """One boundary: timings (seconds after it), 429s, and the groups' prompt ranks."""

    last_prompt: float
    last_unlock: float
    too_many: int
    all_once: bool
    unlocked_first: bool
    ranks: list[int]


@asynccontextmanager
async def sandbox_process() -> AsyncIterator[SandboxClient]:
    """`python -m sandbox --telegram-limits` on a free port; its scripting client."""
    child = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "sandbox",
        "--port",
        "0",
        "--telegram-limits",
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.DEVNULL,
    )
    assert child.stdout is not None
    base_url = (await child.stdout.readline()).decode().strip()
    if not base_url.startswith("http"):
        raise RuntimeError(f"the sandbox did not start: {base_url!r}")
    client = SandboxClient(base_url)
    try:
        yield client
    finally:
        await client.close()
        child.terminate()
        await child.wait()


def make_settings(base_url: str, database_url: str) -> Settings:
    """Settings pointing at the sandbox and a fresh database, at the default send rate."""
    return Settings(
        bot_token=SecretStr(TOKEN),
        telegram_api_url=base_url,
        database_url=database_url,
        pseudonym_secret=SecretStr(secrets.token_hex(16)),
        polling_timeout=1,
    )


async def one_boundary(client: SandboxClient, groups: int, run: int, workdir: Path) -> RunResult:
    """Register `groups` groups, open them all at one boundary, measure what the sandbox saw."""
    await client.call("reset")
    chat_ids = await add_chats(client, groups)
    day = FIRST_DAY + timedelta(days=run)
    clock = BoundaryClock(boundary_of(day))
    settings = make_settings(client.base_url, f"sqlite+aiosqlite:///{workdir / f'run{run}.db'}")
    app = build_app(settings, clock=clock, pace=True, holder=f"bench-{run}")
    try:
        await migrate.upgrade(app.engine)
        await plan_groups(app.sessions, chat_ids, day)
        await app.bot.get_me()  # the HTTP session is open, as in a running bot
        refused_before = await client.too_many_requests()
        started = clock.start()
        await app.reconciler.tick()
        refused = await client.too_many_requests() - refused_before
        opened = opened_from(await client.calls())
    finally:
        await app.close()

    def after(instants: Sequence[Any]) -> float:
        return max((at - started).total_seconds() for at in instants) if instants else 0.0

    return RunResult(
        last_prompt=after(list(opened.prompts.values())),
        last_unlock=after(list(opened.unlocks.values())),
        too_many=refused,
        all_once=opened.all_once(chat_ids),
        unlocked_first=opened.unlocked_first(chat_ids),
        ranks=opened.order(chat_ids) if opened.all_once(chat_ids) else [],
    )


def summary(groups: int, results: list[RunResult]) -> dict[str, Any]:
    """Medians over the runs, totals of 429s, the fairness figure and the targets."""
    physical = groups / TELEGRAM_PER_SECOND
    last_prompt = statistics.median(r.last_prompt for r in results)
    ranked = [r.ranks for r in results if r.ranks]
    mean_ranks = [statistics.mean(column) for column in zip(*ranked, strict=True)]
    worst = max(mean_ranks) if mean_ranks else float("nan")
    lasts = {column.index(groups - 1) for column in ranked}
    ratio = last_prompt / physical
    too_many = sum(r.too_many for r in results)
    every_once = all(r.all_once for r in results)
    unlocked_first = all(r.unlocked_first for r in results)
    return {
        "groups": groups,
        "runs": len(results),
        "last_prompt_s": round(last_prompt, 2),
        "last_prompt_runs_s": [round(r.last_prompt, 2) for r in results],
        "last_unlock_s": round(statistics.median(r.last_unlock for r in results), 2),
        "physical_limit_s": round(physical, 2),
        "ratio": round(ratio, 3),
        "too_many_requests": too_many,
        "every_prompt_once": every_once,
        "unlocked_no_later_than_prompt": unlocked_first,
        "worst_mean_rank": round(worst, 1),
        "half_n": groups / 2,
        "fairness": round(worst / (groups / 2), 2),
        "same_group_last_every_run": len(ranked) > 1 and len(lasts) == 1,
        "targets_met": ratio <= TARGET_RATIO and too_many == 0 and every_once and unlocked_first,
    }


async def bench(groups: int, runs: int) -> dict[str, Any]:
    """`runs` boundaries of `groups` groups against one sandbox process."""
    results = []
    with tempfile.TemporaryDirectory(prefix="neuvo-boundary-") as tmp:
        async with sandbox_process() as client:
            for run in range(runs):
                result = await one_boundary(client, groups, run, Path(tmp))
                results.append(result)
                print(  # noqa: T201
                    f"run {run + 1}/{runs}: last prompt {result.last_prompt:.2f}s, "
                    f"last unlock {result.last_unlock:.2f}s, 429s {result.too_many}, "
                    f"once {result.all_once}, unlocked first {result.unlocked_first}",
                    flush=True,
                )
    return summary(groups, results)


def main(argv: list[str] | None = None) -> None:
    """Parse arguments, run, print a summary and the JSON line."""
    parser = argparse.ArgumentParser(prog="python -m bench.boundary", description=__doc__)
    parser.add_argument("--groups", type=int, default=300)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    figures = asyncio.run(bench(args.groups, args.runs))
    print(  # noqa: T201
        f"{figures['groups']} groups: last prompt {figures['last_prompt_s']}s "
        f"(physical limit {figures['physical_limit_s']}s, ratio {figures['ratio']}), "
        f"last unlock {figures['last_unlock_s']}s, 429s {figures['too_many_requests']}, "
        f"worst mean rank {figures['worst_mean_rank']} of N/2 = {figures['half_n']}"
    )
    print(json.dumps(figures))  # noqa: T201


if __name__ == "__main__":
    main()
