"""The composition root: settings in, a wired bot out. Nothing here is a global.

`App` itself lives in `bot.runtime` (re-exported here) so that the modules using it never
import this one.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from datetime import time, timedelta
from typing import Any
from urllib.parse import urlparse

from aiogram import Bot, Dispatcher
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer

from bot.answer_board import AnswerBoard
from bot.chat_migration import ChatMigrator
from bot.clock import Clock, SandboxClock, system_clock
from bot.db_health import DatabaseHealth
from bot.digest_delivery import MonthlyDigests
from bot.duty_jobs import DutyJobs
from bot.flood import FloodControl
from bot.i18n import LocaleMiddleware, build_i18n
from bot.jobs_common import JobDeps
from bot.membership import Membership
from bot.membership_jobs import MembershipJobs
from bot.metrics import Metrics
from bot.middlewares import GroupContextMiddleware
from bot.notifier import TelegramNotifier
from bot.nudges import SessionDayNudges
from bot.outbox import OutboxSender
from bot.outgoing import ChatPacer, ResilientRequests
from bot.processing import UpdateProcessor
from bot.quote_review import QuoteReviews
from bot.routers import build_routers
from bot.runtime import App as App  # re-exported: tests, bench and the demo import it here
from bot.safeguarding_alerts import Safeguarding
from bot.staff import StaffDirectory
from bot.startup import start_up
from bot.subtopic_scoring import SubtopicScoring
from bot.web import WebServer
from bot.webhook import register_webhook, remove_webhook, webhook_secret
from config import GroupConfig, Settings
from scheduler.desired import ReminderPolicy
from scheduler.policy import GroupPolicy
from scheduler.public_holidays import is_finnish_holiday
from scheduler.reconciler import Reconciler
from scheduler.runner import SchedulerRunner
from storage import outbox
from storage.db import create_engine, session_factory
from storage.models import Group
from themes.loader import load_catalog

log = logging.getLogger(__name__)

PLACEHOLDER_TOKEN = "123456:sandbox-token-not-for-telegram"
#: How often the reconciler runs on the sandbox's simulated clock (`clock_url`), in real time.
SIMULATED_TICK = timedelta(seconds=0.5)
#: How often the outbox sender looks for rows nobody rang about (other instances, delays).
OUTBOX_POLL = timedelta(seconds=2)


def build_bot(
    settings: Settings,
    *,
    pace: bool = True,
    metrics: Metrics | None = None,
    requests: ResilientRequests | None = None,
) -> Bot:
    """An aiogram Bot talking to `telegram_api_url`, every call through ResilientRequests."""
    token = settings.bot_token.get_secret_value() if settings.bot_token else PLACEHOLDER_TOKEN
    session = AiohttpSession(api=TelegramAPIServer.from_base(settings.telegram_api_url))
    session.middleware(
        requests
        or ResilientRequests(
            pacer=ChatPacer() if pace else None,
            flood=FloodControl(per_second=settings.sends_per_second) if pace else None,
            on_retry=metrics.api_retry if metrics else None,
        )
    )
    return Bot(token=token, session=session)


class Policies:
    """Each group's schedule policy: its TOML declaration if any, else the defaults."""

    def __init__(self, settings: Settings) -> None:
        self.declared = {group.key: group for group in settings.groups}
        self._parsed: dict[tuple[str, str], GroupPolicy] = {}

    def __call__(self, group: Group) -> GroupPolicy:
        key = (group.key, group.timezone)
        policy = self._parsed.get(key)
        if policy is None:
            policy = self._parsed[key] = self._parse(group)
        return policy

    def _parse(self, group: Group) -> GroupPolicy:
        declared = self.declared.get(group.key)
        if declared is None:
            return GroupPolicy.parse(zone=group.timezone)
        return GroupPolicy.parse(
            zone=group.timezone,
            windows=declared.windows,
            day_rules=declared.day_rules,
            reminders=reminder_policy(declared),
        )


def reminder_policy(declared: GroupConfig) -> ReminderPolicy:
    """Reminders as the group's TOML says ("" / 0 turn one off)."""
    evening = None
    if declared.remind_evening_at:
        hour, minute = (int(part) for part in declared.remind_evening_at.split(":"))
        evening = time(hour, minute)
    return ReminderPolicy(evening, declared.remind_minutes_before or None)


#: The shared dependencies that handlers are given by name (as aiogram's workflow data).
HANDLER_DEPS = ("settings", "clock", "policies", "staff", "catalog", "metrics")


def build_dispatcher(
    deps: JobDeps,
    *,
    group_cache: GroupContextMiddleware | None = None,
    **workflow: Any,
) -> Dispatcher:
    """Routers in order; dependencies as workflow data, never imported globals."""
    shared = {name: getattr(deps, name) for name in HANDLER_DEPS}
    # No handler keeps FSM state: without it, aiogram runs one outer middleware less per update.
    dispatcher = Dispatcher(disable_fsm=True, **shared, **workflow)
    dispatcher.update.outer_middleware(group_cache or GroupContextMiddleware())
    dispatcher.update.outer_middleware(LocaleMiddleware(deps.i18n))
    dispatcher.include_routers(*build_routers())
    return dispatcher


def build_app(
    settings: Settings,
    *,
    clock: Clock = system_clock,
    pace: bool = True,
    holder: str | None = None,
) -> App:
    """Wire the app (reads the theme catalog; no network or database I/O happens here)."""
    engine = create_engine(settings.database_url)
    sessions = session_factory(engine)
    staff = StaffDirectory(settings.staff_ids, clock=clock)
    metrics = Metrics()
    group_cache = GroupContextMiddleware()
    migrator = ChatMigrator(sessions=sessions, group_cache=group_cache, staff=staff, clock=clock)
    requests = ResilientRequests(
        pacer=ChatPacer() if pace else None,
        flood=FloodControl(per_second=settings.sends_per_second) if pace else None,
        on_retry=metrics.api_retry,
        move_chat=migrator.move_now,
    )
    deps = JobDeps(
        settings=settings,
        sessions=sessions,
        bot=build_bot(settings, requests=requests),
        i18n=build_i18n(settings.language),
        clock=clock,
        policies=Policies(settings),
        holder=holder or f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}",
        staff=staff,
        catalog=load_catalog(settings.theme_dirs),
        metrics=metrics,
    )
    reconciler = build_reconciler(deps)
    db_health = DatabaseHealth()
    runner = SchedulerRunner(
        reconciler,
        database_up=lambda: db_health.up,
        on_performed=lambda done: metrics.window_actions.labels(kind=done.kind.value).inc(),
    )
    membership = Membership(bot=deps.bot, settings=settings, i18n=deps.i18n)
    membership_jobs = MembershipJobs(deps=deps, membership=membership)
    membership_jobs.schedule(runner.scheduler)
    monthly = MonthlyDigests(deps=deps)
    runner.scheduler.add_job(
        monthly.run, "interval", minutes=30, id="monthly-digest", coalesce=True, max_instances=1
    )
    dispatcher = build_dispatcher(
        deps,
        group_cache=group_cache,
        chat_migrator=migrator,
        runner=runner,
        membership=membership,
        membership_jobs=membership_jobs,
        # Shared per process and phrase file, loaded on first use (it takes seconds).
        safeguarding=Safeguarding(settings.safeguarding_phrases),
    )
    sender = OutboxSender(
        bot=deps.bot,
        sessions=sessions,
        clock=clock,
        holder=deps.holder,
        poll_seconds=OUTBOX_POLL.total_seconds() if clock is system_clock else 0.5,
    )
    sessions.configure(info={outbox.WAKE_KEY: sender.ring})
    processor = UpdateProcessor(
        bot=deps.bot,
        dispatcher=dispatcher,
        sessions=sessions,
        clock=clock,
        metrics=metrics,
        outgoing_calls=lambda: requests.calls,
    )
    return App(
        settings,
        clock,
        engine,
        sessions,
        deps.bot,
        dispatcher,
        processor,
        staff,
        deps.i18n,
        deps.catalog,
        reconciler,
        runner,
        metrics,
        monthly,
        sender,
        db_health,
    )


def build_reconciler(deps: JobDeps) -> Reconciler:
    """The reconciler, speaking through Telegram, with the staff-side duty jobs beside it."""
    notifier = build_notifier(deps)
    reconciler = Reconciler(
        sessions=deps.sessions,
        notifier=notifier,
        catalog=deps.catalog,
        policies=deps.policies,
        clock=deps.clock,
        holder=deps.holder,
        lease_ttl=timedelta(seconds=deps.settings.lease_seconds),
        is_holiday=is_finnish_holiday,
    )
    reconciler.side_jobs = (DutyJobs(deps=deps, notifier=notifier).run,)
    return reconciler


def build_notifier(deps: JobDeps) -> TelegramNotifier:
    """The scheduler's notifier with the jobs it runs when a window opens or a day ends."""
    settings = deps.settings
    return TelegramNotifier(
        bot=deps.bot,
        i18n=deps.i18n,
        staff_ids=settings.staff_ids,
        answers=AnswerBoard(deps=deps),
        nudges=SessionDayNudges(
            deps=deps, staff_ids=settings.staff_ids, threshold=settings.suppression_threshold
        ),
        sessions=deps.sessions,
        reviews=QuoteReviews(deps=deps, review_days=settings.quote_review_days),
        scoring=SubtopicScoring(deps=deps),
    )


async def run_until_stopped(
    app: App, stop: asyncio.Event, *, webhook_url: str | None = None
) -> None:
    """Start up, serve HTTP (health, metrics, webhook), then poll or wait until `stop`."""
    await start_up(app, stop)
    if stop.is_set():
        return
    secret = await webhook_secret(app) if webhook_url else None
    server = WebServer(app, secret=secret, webhook_path=_path_of(webhook_url))
    await server.start(app.settings.webhook_host, app.settings.webhook_port)
    # APScheduler's timers run on real time; on the sandbox's simulated clock, which may jump,
    # the safety net runs often enough to act soon after simulated time crosses a boundary.
    simulated = isinstance(app.clock, SandboxClock)
    app.runner.start(interval=SIMULATED_TICK if simulated else None)
    app.outbox.start()
    try:
        if webhook_url and secret:
            await register_webhook(app, webhook_url, secret)
            await app.db_health.retry(app.processor.drain, stop)
            await stop.wait()
        else:
            await remove_webhook(app)
            await app.poller().run(stop)
    finally:
        await server.stop()
        await app.outbox.stop()
        await app.runner.stop()  # a reconciliation in hand is finished, never cut


def _path_of(url: str | None) -> str:
    return (urlparse(url).path or "/") if url else "/"
