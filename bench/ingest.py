"""Ingest throughput: group messages per second through the real bot, stored vs. no-op.

What is measured, side by side in one run:

* **stored** — N member messages, sent during an open discussion window (spread evenly
  over 08:00–10:00 Helsinki on a planned session day, so nobody trips the flood guard; the
  clock stands at 09:59:59 with the window still open), are queued in the sandbox (the Bot
  API simulator), which runs in a process of its own (`bench.sandbox_process`) and serves
  real HTTP on 127.0.0.1. Then the real bot, in this process, takes them: durable poller →
  inbox table → UpdateProcessor (shared transactions) → real dispatcher, middlewares and
  routers (guard filters included) → one row in `contributions` per message. SQLite in a
  fresh temp-file database for every run (and PostgreSQL with --postgres).
* **noop** — the same bot wiring (same poller, inbox, processor, transactions, outer
  middlewares, workflow data and routers: the command routers and the guard filters), with
  the contribution log's message handler replaced by one that does nothing. `ratio` is
  noop / stored: what logging a message costs on top of everything else.
* **bare** — for scale: the same poller, inbox, processor and outer middlewares, but the
  dispatcher's only router has a single `@router.message()` handler that does nothing.

The timer starts when the poller starts and stops once every update is handled, the
sandbox has no unconfirmed update and the inbox has no pending row. Queueing the messages,
migrations, start-up and planning the session day are not timed. This process is the bot
alone (the sandbox's CPU and memory are the child's), so its CPU time and peak RSS
(`ru_maxrss`) are the bot's. Runs alternate stored/noop/bare after one small untimed warm-up of
each; the figures are medians over the runs. Messages per CPU-second (this process, all
threads) is reported too: it is far less sensitive than wall time to other load.

    python -m bench.ingest [--messages N] [--runs R] [--postgres URL]

The last output line is a JSON object with the figures.
"""

from __future__ import annotations

import bot  # noqa: F401  (first: aiogram's types are then built lazily, bot/lazy_types.py)

# isort: split

import argparse
import asyncio
import json
import logging
import os
import resource
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from aiogram import Dispatcher, Router
from aiogram.types import Message
from pydantic import SecretStr
from sqlalchemy import func, select
from sqlmodel import col

from bench.sandbox_process import SandboxProcess
from bench.world import GROUP_KEY, MEMBERS, SESSION_DAY, THEME, TOKEN, bench_clock
from bot.app import App, build_app
from bot.filters import InRegisteredGroup, NotACommand
from bot.guard_checks import FloodCounter
from bot.i18n import LocaleMiddleware
from bot.middlewares import GroupContextMiddleware
from bot.processing import UpdateProcessor
from bot.routers import build_features, guard
from bot.startup import start_up
from config import GroupConfig, Settings
from storage import groups, inbox, session_days
from storage.db import transaction
from storage.models import Contribution

Variant = Literal["stored", "noop", "bare", "postgres"]
VARIANTS: tuple[Variant, ...] = ("stored", "noop", "bare")

WARMUP_MESSAGES = 500
POLL_INTERVAL = 0.005
STALL_SECONDS = 60.0
TARGET_MSGS_PER_S = 1500.0
TARGET_RATIO = 1.5
TARGET_RSS_MB = 150.0


@dataclass(frozen=True)
class RunResult:
    """One timed run of one variant."""

    variant: Variant
    messages: int
    seconds: float
    cpu_seconds: float
    rss_mb: float

    @property
    def per_second(self) -> float:
        """Messages handled per wall-clock second."""
        return self.messages / self.seconds

    @property
    def per_cpu_second(self) -> float:
        """Messages handled per second of process CPU time (all threads)."""
        return self.messages / self.cpu_seconds


def peak_rss_mb() -> float:
    """The process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def make_settings(sandbox: SandboxProcess, database_url: str) -> Settings:
    """Settings declaring the bench group, pointing at the sandbox and a fresh database."""
    return Settings(
        bot_token=SecretStr(TOKEN),
        telegram_api_url=sandbox.base_url,
        database_url=database_url,
        staff_ids=(sandbox.staff_id,),
        pseudonym_secret=SecretStr(secrets.token_hex(16)),
        polling_timeout=1,
        groups=(GroupConfig(key=GROUP_KEY, audience="parents", chat_id=sandbox.chat_id),),
    )


async def ignore(message: Message) -> None:
    """A message handler that does nothing."""
    return None


def noop_router() -> Router:
    """A router whose only message handler does nothing."""
    router = Router(name="noop")
    router.message()(ignore)
    return router


def unlogged_traffic(flood: FloodCounter, *, name: str) -> Router:
    """A group traffic router with the filters, but a no-op instead of the log."""
    router = Router(name=name)
    guard.register(router, flood)
    router.message(InRegisteredGroup())(ignore)
    return router


def unlogged_routers() -> list[Router]:
    """`build_routers` in its order (plain messages first), without the contribution log."""
    flood = FloodCounter()
    plain = unlogged_traffic(flood, name="group_traffic")
    plain.message.filter(NotACommand())
    return [plain, build_features(), unlogged_traffic(flood, name="group_commands")]


def with_routers(app: App, routers: Sequence[Router]) -> App:
    """The same app (same data and outer middlewares) with these routers instead."""
    dispatcher = Dispatcher(disable_fsm=True, **dict(app.dispatcher.workflow_data))
    dispatcher.update.outer_middleware(GroupContextMiddleware())
    dispatcher.update.outer_middleware(LocaleMiddleware(app.i18n))
    dispatcher.include_routers(*routers)
    processor = UpdateProcessor(
        bot=app.bot,
        dispatcher=dispatcher,
        sessions=app.sessions,
        clock=app.clock,
        outgoing_calls=app.processor.outgoing_calls,
    )
    return replace(app, dispatcher=dispatcher, processor=processor)


def variant_app(app: App, variant: Variant) -> App:
    """The app a variant runs: as built, without the contribution log, or bare."""
    if variant == "noop":
        return with_routers(app, unlogged_routers())
    if variant == "bare":
        return with_routers(app, [noop_router()])
    return app


async def prepare(app: App) -> None:
    """Migrations, declared group, getMe; then the session day is planned with a theme."""
    await start_up(app, asyncio.Event())
    async with transaction(app.sessions) as db:
        group = await groups.by_key(db, key=GROUP_KEY)
        if group is None or group.id is None:
            raise RuntimeError("the declared group was not registered at start-up")
        await session_days.plan(
            db, group_id=group.id, on=SESSION_DAY, theme_key=THEME, now=app.clock()
        )


async def inbox_pending(app: App) -> int:
    """Rows in the inbox still waiting to be handled."""
    async with app.sessions() as db:
        return (await inbox.counts(db)).get(inbox.PENDING, 0)


async def wait_until_handled(
    app: App, sandbox: SandboxProcess, expected: int, poller: asyncio.Task[None]
) -> None:
    """Return once every update is handled, confirmed to the sandbox and not pending.

    Raises if the poller dies, or if no update was handled for STALL_SECONDS (a hang). The
    sandbox and the inbox are asked only once the processor has counted every update.
    """
    processor = app.processor
    seen, progress_at = -1, time.perf_counter()
    while True:
        if poller.done():
            poller.result()
            raise RuntimeError("the poller stopped before every update was handled")
        done = processor.handled + processor.failed
        if done >= expected and not await sandbox.pending() and not await inbox_pending(app):
            return
        if done != seen:
            seen, progress_at = done, time.perf_counter()
        elif time.perf_counter() - progress_at > STALL_SECONDS:
            raise TimeoutError(f"stalled: {done} of {expected} updates handled")
        await asyncio.sleep(POLL_INTERVAL)


async def timed_ingest(app: App, sandbox: SandboxProcess, expected: int) -> tuple[float, float]:
    """Wall and CPU seconds from the poller's start until all `expected` are handled."""
    stop = asyncio.Event()
    started, cpu_started = time.perf_counter(), time.process_time()
    poller = asyncio.create_task(app.poller().run(stop))
    try:
        await wait_until_handled(app, sandbox, expected, poller)
        elapsed = time.perf_counter() - started, time.process_time() - cpu_started
    finally:
        stop.set()
        await poller
    if app.processor.failed:
        raise RuntimeError(f"{app.processor.failed} updates failed (see the log above)")
    return elapsed


async def verify_stored(app: App, expected: int) -> None:
    """Every message is a contribution, attributed to the planned theme and a window."""
    async with app.sessions() as db:
        total = await db.scalar(select(func.count()).select_from(Contribution))
        in_window = await db.scalar(
            select(func.count())
            .select_from(Contribution)
            .where(
                col(Contribution.theme_key) == THEME, col(Contribution.window_label).is_not(None)
            )
        )
    if total != expected:
        raise RuntimeError(f"{total} contributions stored, expected {expected}")
    if in_window != expected:
        raise RuntimeError(f"only {in_window} of {expected} contributions are in the window")


@asynccontextmanager
async def fresh_database(postgres: str | None) -> AsyncIterator[str]:
    """A temp SQLite file, or a new database on the PostgreSQL server (dropped after)."""
    if postgres is None:
        with tempfile.TemporaryDirectory(prefix="neuvo-bench-") as tmp:
            yield f"sqlite+aiosqlite:///{Path(tmp) / 'bench.db'}"
        return
    import asyncpg

    name = f"neuvo_bench_{secrets.token_hex(4)}"
    admin = postgres.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(admin)
    await connection.execute(f'CREATE DATABASE "{name}"')
    await connection.close()
    try:
        yield f"{postgres.rsplit('/', 1)[0]}/{name}"
    finally:
        connection = await asyncpg.connect(admin)
        await connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await connection.close()


async def run_once(variant: Variant, messages: int, postgres: str | None = None) -> RunResult:
    """A fresh sandbox process, database and app; queue, ingest (timed), verify."""
    clock = bench_clock()
    async with fresh_database(postgres) as database_url, SandboxProcess() as sandbox:
        settings = make_settings(sandbox, database_url)
        app = variant_app(build_app(settings, clock=clock, pace=False, holder="bench"), variant)
        try:
            await prepare(app)
            await sandbox.queue(messages)
            seconds, cpu_seconds = await timed_ingest(app, sandbox, messages)
            if variant == "stored":
                await verify_stored(app, messages)
        finally:
            await app.close()
    return RunResult(
        "postgres" if postgres else variant, messages, seconds, cpu_seconds, peak_rss_mb()
    )


def report_run(index: int, runs: int, result: RunResult) -> None:
    """One progress line per timed run."""
    print(
        f"run {index + 1}/{runs} {result.variant:<6} {result.seconds:7.2f} s wall "
        f"{result.per_second:7.0f} msgs/s | {result.cpu_seconds:7.2f} s CPU "
        f"{result.per_cpu_second:7.0f} msgs/CPU-s | peak RSS {result.rss_mb:6.1f} MB",
        flush=True,
    )


async def run_all(messages: int, runs: int, postgres: str | None = None) -> list[RunResult]:
    """One untimed warm-up of each variant, then `runs` rounds of every variant (+ postgres)."""
    for variant in VARIANTS:
        await run_once(variant, min(messages, WARMUP_MESSAGES))
    results: list[RunResult] = []
    for index in range(runs):
        for variant in VARIANTS:
            results.append(await run_once(variant, messages))
            report_run(index, runs, results[-1])
        if postgres:
            results.append(await run_once("stored", messages, postgres))
            report_run(index, runs, results[-1])
    return results


def of(results: Sequence[RunResult], variant: Variant) -> list[RunResult]:
    """The runs of one variant."""
    return [r for r in results if r.variant == variant]


def summarise(
    results: Sequence[RunResult], messages: int, runs: int, load: tuple[float, float]
) -> dict[str, Any]:
    """The figures for the JSON line (medians over the runs of each variant)."""
    stored, noop, bare = of(results, "stored"), of(results, "noop"), of(results, "bare")
    stored_rate = statistics.median(r.per_second for r in stored)
    noop_rate = statistics.median(r.per_second for r in noop)
    bare_rate = statistics.median(r.per_second for r in bare)
    stored_cpu = statistics.median(r.per_cpu_second for r in stored)
    noop_cpu = statistics.median(r.per_cpu_second for r in noop)
    return {
        "ingest_msgs_per_s": round(stored_rate, 1),
        "noop_msgs_per_s": round(noop_rate, 1),
        "ratio": round(noop_rate / stored_rate, 3),
        "bare_msgs_per_s": round(bare_rate, 1),
        "bare_ratio": round(bare_rate / stored_rate, 3),
        "peak_rss_mb": round(max(peak_rss_mb(), *(r.rss_mb for r in results)), 1),
        "messages": messages,
        "runs": runs,
        "members": MEMBERS,
        "ingest_msgs_per_cpu_s": round(stored_cpu, 1),
        "noop_msgs_per_cpu_s": round(noop_cpu, 1),
        "cpu_ratio": round(noop_cpu / stored_cpu, 3),
        "stored_runs_msgs_per_s": [round(r.per_second, 1) for r in stored],
        "noop_runs_msgs_per_s": [round(r.per_second, 1) for r in noop],
        "loadavg_1m_before_after": [round(load[0], 2), round(load[1], 2)],
        **postgres_figures(of(results, "postgres"), stored_rate),
    }


def postgres_figures(runs: Sequence[RunResult], sqlite_rate: float) -> dict[str, Any]:
    """Stored throughput on PostgreSQL and its ratio to SQLite (only with --postgres)."""
    if not runs:
        return {}
    rate = statistics.median(r.per_second for r in runs)
    return {
        "postgres_msgs_per_s": round(rate, 1),
        "postgres_vs_sqlite": round(rate / sqlite_rate, 3),
    }


def print_table(summary: dict[str, Any]) -> None:
    """The human-readable summary, targets next to the figures."""
    stored, ratio = summary["ingest_msgs_per_s"], summary["ratio"]
    rss = summary["peak_rss_mb"]
    rows = [
        (
            "stored msgs/s (median)",
            f"{stored:,.0f}",
            f">= {TARGET_MSGS_PER_S:,.0f}",
            stored >= TARGET_MSGS_PER_S,
        ),
        ("noop msgs/s (median)", f"{summary['noop_msgs_per_s']:,.0f}", "", None),
        ("bare msgs/s (median)", f"{summary['bare_msgs_per_s']:,.0f}", "", None),
        ("ratio noop/stored", f"{ratio:.2f}", f"<= {TARGET_RATIO}", ratio <= TARGET_RATIO),
        ("peak RSS MB", f"{rss:.1f}", f"<= {TARGET_RSS_MB:.0f}", rss <= TARGET_RSS_MB),
        ("stored msgs/CPU-s", f"{summary['ingest_msgs_per_cpu_s']:,.0f}", "", None),
        ("noop msgs/CPU-s", f"{summary['noop_msgs_per_cpu_s']:,.0f}", "", None),
        ("ratio by CPU time", f"{summary['cpu_ratio']:.2f}", "", None),
    ]
    before, after = summary["loadavg_1m_before_after"]
    print(
        f"\nIngest benchmark: {summary['messages']} messages x {summary['runs']} runs, "
        f"{os.cpu_count()} CPUs, load average {before} -> {after}"
    )
    print(f"{'metric':<24} {'value':>10}  {'target':<10} result")
    for name, value, target, ok in rows:
        mark = "" if ok is None else ("ok" if ok else "MISSED")
        print(f"{name:<24} {value:>10}  {target:<10} {mark}")


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    """--messages N (default 20000), --runs R (default 3)."""
    parser = argparse.ArgumentParser(
        prog="python -m bench.ingest", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--messages", type=int, default=20000, help="messages per run")
    parser.add_argument("--runs", type=int, default=3, help="timed runs of each variant")
    parser.add_argument(
        "--postgres",
        metavar="URL",
        help="also store on this PostgreSQL server (postgresql+asyncpg://user@host/db)",
    )
    args = parser.parse_args(argv)
    if args.messages < 1 or args.runs < 1:
        parser.error("--messages and --runs must be at least 1")
    return args


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark and print the table, then the JSON line last."""
    args = parse_args(argv)
    logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
    load_before = os.getloadavg()[0]
    results = asyncio.run(run_all(args.messages, args.runs, args.postgres))
    load = (load_before, os.getloadavg()[0])
    summary = summarise(results, args.messages, args.runs, load)
    print_table(summary)
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
