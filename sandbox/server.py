"""aiohttp front end: Bot API routes, control routes and webhook delivery."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import asdict
from typing import Any, Self

from aiohttp import web

from sandbox.control import run_action
from sandbox.errors import ApiError, make_error
from sandbox.http_params import read_request_params
from sandbox.limits import RateLimits
from sandbox.simulator import BotApiSimulator
from sandbox.webhook import WebhookDeliverer

SIM_KEY = web.AppKey("sandbox_simulator", BotApiSimulator)
DELIVERER_KEY = web.AppKey("sandbox_deliverer", WebhookDeliverer)


def _error_response(err: ApiError) -> web.Response:
    return web.json_response(err.to_json(), status=err.error_code)


async def _bot_api(request: web.Request) -> web.Response:
    sim = request.app[SIM_KEY]
    try:
        params = await read_request_params(request)
    except ApiError as err:
        return _error_response(err)
    answer = await sim.handle(request.match_info["token"], request.match_info["method"], params)
    return web.json_response(answer.body, status=answer.status)


async def _file(request: web.Request) -> web.Response:
    return _error_response(make_error(404))


async def _control(request: web.Request) -> web.Response:
    sim = request.app[SIM_KEY]
    try:
        kwargs = await request.json() if request.body_exists else {}
    except ValueError:
        kwargs = None
    if not isinstance(kwargs, dict):
        return _error_response(make_error(400, "Bad Request: body must be a JSON object"))
    try:
        result = await run_action(sim, request.match_info["action"], kwargs)
    except LookupError as exc:
        return _error_response(make_error(404, f"Not Found: {exc}"))
    except (TypeError, ValueError, ApiError, TimeoutError, RuntimeError) as exc:
        return _error_response(make_error(400, f"Bad Request: {exc}"))
    return web.json_response({"ok": True, "result": result}, dumps=_dumps)


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


async def _webhook_task(app: web.Application) -> AsyncIterator[None]:
    task = asyncio.create_task(app[DELIVERER_KEY].run())
    yield
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await task


async def _close_polls(app: web.Application) -> None:
    app[SIM_KEY].updates.close_polls()


def make_app(
    sim: BotApiSimulator,
    *,
    webhook_retry_delay: float = 0.05,
    webhook_max_retry_delay: float = 2.0,
    webhook_timeout: float = 10.0,
) -> web.Application:
    """The simulator as an aiohttp application (webhook delivery runs while it is up)."""
    app = web.Application(client_max_size=60 * 1024 * 1024)
    app[SIM_KEY] = sim
    app[DELIVERER_KEY] = WebhookDeliverer(
        sim,
        retry_delay=webhook_retry_delay,
        max_retry_delay=webhook_max_retry_delay,
        request_timeout=webhook_timeout,
    )
    app.router.add_route("*", "/bot{token}/{method}", _bot_api)
    app.router.add_route("*", "/file/bot{token}/{path:.*}", _file)
    app.router.add_post("/_sandbox/{action}", _control)
    app.cleanup_ctx.append(_webhook_task)
    app.on_shutdown.append(_close_polls)
    return app


class SandboxServer:
    """Runs a simulator on a real port: `async with SandboxServer(sim) as srv: srv.base_url`.

    `rate_limits` (e.g. `RateLimits.telegram()`) turns on the simulator's flood limits.
    """

    def __init__(
        self,
        sim: BotApiSimulator | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        rate_limits: RateLimits | None = None,
        webhook_retry_delay: float = 0.05,
        webhook_max_retry_delay: float = 2.0,
        webhook_timeout: float = 10.0,
    ) -> None:
        self.sim = sim if sim is not None else BotApiSimulator()
        if rate_limits is not None:
            self.sim.set_rate_limits(**asdict(rate_limits))
        self.host = host
        self.port = port
        self.app = make_app(
            self.sim,
            webhook_retry_delay=webhook_retry_delay,
            webhook_max_retry_delay=webhook_max_retry_delay,
            webhook_timeout=webhook_timeout,
        )
        self._runner: web.AppRunner | None = None

    @property
    def base_url(self) -> str:
        """e.g. http://127.0.0.1:41234 — pass to TelegramAPIServer.from_base()."""
        if self._runner is None:
            raise RuntimeError("SandboxServer is not running")
        return f"http://{self.host}:{self.port}"

    async def start(self) -> None:
        """Bind and serve; port 0 picks a free port."""
        runner = web.AppRunner(self.app, shutdown_timeout=1.0, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, self.host, self.port)
        await site.start()
        self._runner = runner
        if self.port == 0:
            self.port = int(runner.addresses[0][1])

    async def stop(self) -> None:
        """Stop serving and the webhook delivery."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            await runner.cleanup()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *_exc_info: object) -> None:
        await self.stop()
