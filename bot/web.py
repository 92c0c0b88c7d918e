"""The bot's HTTP server: the Telegram webhook, /healthz, /metrics and the web console.

A webhook update is answered 200 only once it is stored durably in the inbox; handling
follows in the background, exactly as for polled updates. Wrong or missing secret → 401,
a body that is not a JSON update → 400, over 1 MB → 413; nothing of those is processed.
While the database is down an update is answered 503 (Telegram delivers it again later).
"""

from __future__ import annotations

import asyncio
import hmac
import logging
from datetime import timedelta
from typing import Any

from aiohttp import web
from sqlalchemy import text

from bot.runtime import App
from bot.startup import FatalStartError
from bot.webhook import update_id_of
from scheduler.coalescing import Coalescer

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1024 * 1024
WEBHOOK_PATH = "/telegram/webhook"
SCHEDULER_STALE = timedelta(minutes=3)


class WebServer:
    """One aiohttp site serving the webhook (when a secret is given), health and metrics."""

    def __init__(self, app: App, *, secret: str | None, webhook_path: str = WEBHOOK_PATH) -> None:
        self.app = app
        self.secret = secret
        self.webhook_path = webhook_path
        self._runner: web.AppRunner | None = None
        self._drains = Coalescer()
        self._tasks: set[asyncio.Task[None]] = set()
        self._closing = asyncio.Event()
        self.port: int | None = None

    def make_app(self) -> web.Application:
        """The aiohttp application (also used directly by tests)."""
        application = web.Application(client_max_size=MAX_BODY)
        application.router.add_get("/healthz", self.healthz)
        application.router.add_get("/metrics", self.metrics)
        if self.secret is not None:
            application.router.add_post(self.webhook_path, self.webhook)
        from bot.console.routes import mount  # the console (jinja2 & co.) loads when served

        mount(application, self.app)
        return application

    async def start(self, host: str, port: int) -> None:
        """Listen on host:port (port 0 picks a free one, see `self.port`)."""
        self._runner = web.AppRunner(self.make_app(), access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, host, port)
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            raise FatalStartError(
                f"cannot listen on {host}:{port} (webhook_host/webhook_port): {exc.strerror}"
            ) from None
        server = getattr(site, "_server", None)
        sockets = getattr(server, "sockets", None) or []
        self.port = sockets[0].getsockname()[1] if sockets else port
        log.info("HTTP server on %s:%s", host, self.port)

    async def stop(self) -> None:
        """Stop taking requests, then finish the handling already started."""
        self._closing.set()  # a drain waiting out a database outage gives up
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)

    async def webhook(self, request: web.Request) -> web.Response:
        """Store one update durably, answer 200, handle it in the background."""
        given = request.headers.get(SECRET_HEADER, "")
        if not self.secret or not hmac.compare_digest(given.encode(), self.secret.encode()):
            log.warning("webhook request with a wrong or missing secret token refused")
            return web.json_response({"ok": False, "error": "unauthorized"}, status=401)
        try:
            body = await request.read()
        except web.HTTPRequestEntityTooLarge:
            log.warning("webhook body over %d bytes refused", MAX_BODY)
            return web.json_response({"ok": False, "error": "too large"}, status=413)
        update_id = update_id_of(body)
        if update_id is None:
            log.warning("webhook body is not a JSON update; ignored")
            return web.json_response({"ok": False, "error": "not an update"}, status=400)
        try:
            await self.app.processor.store_raw([(update_id, body.decode("utf-8"))])
        except Exception as exc:
            if not self.app.db_health.report(exc):
                raise
            return web.json_response({"ok": False, "error": "database down"}, status=503)
        self.app.db_health.resumed()
        self._schedule_drain()
        return web.json_response({"ok": True})

    def _schedule_drain(self) -> None:
        task = asyncio.get_running_loop().create_task(self._drain())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _drain(self) -> None:
        await self._drains.run(self._drain_once)

    async def _drain_once(self) -> bool:
        """Drain the inbox, waiting out a database outage; False once the server is closing."""
        return await self.app.db_health.retry(self.app.processor.drain, self._closing) is not None

    async def healthz(self, request: web.Request) -> web.Response:
        """Database reachable, scheduler alive, age of the last update."""
        report: dict[str, Any] = {}
        healthy = True
        report["database"] = await self._database_state()
        healthy = report["database"] == "ok"
        now = self.app.clock()
        last_run = self.app.runner.last_run
        scheduler_ok = last_run is not None and now - last_run < SCHEDULER_STALE
        report["scheduler"] = "ok" if scheduler_ok else "stale"
        healthy = healthy and scheduler_ok
        last = self.app.processor.last_update_at
        report["last_update_age_s"] = None if last is None else round((now - last).total_seconds())
        return web.json_response(report, status=200 if healthy else 503)

    async def _database_state(self) -> str:
        """ "down" while work is held for an outage, else whether a query answers."""
        if not self.app.db_health.up:
            return "down"
        try:
            async with self.app.sessions() as db:
                await db.execute(text("SELECT 1"))
        except Exception as exc:  # noqa: BLE001 — any failure means unhealthy
            return f"error: {type(exc).__name__}"
        return "ok"

    async def metrics(self, request: web.Request) -> web.Response:
        """Prometheus text format."""
        return web.Response(body=self.app.metrics.render(), content_type="text/plain")
