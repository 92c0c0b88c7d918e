"""Background webhook delivery: POST each update in order, retry until a 2xx."""

from __future__ import annotations

import asyncio
import json
import logging

import aiohttp

from sandbox.http_params import read_response_call
from sandbox.simulator import BotApiSimulator
from sandbox.updates import StoredUpdate, WebhookConfig

log = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class WebhookDeliverer:
    """Delivers the simulator's updates to its webhook, one at a time."""

    def __init__(
        self,
        sim: BotApiSimulator,
        *,
        retry_delay: float = 0.05,
        max_retry_delay: float = 2.0,
        request_timeout: float = 10.0,
    ) -> None:
        self.sim = sim
        self.retry_delay = retry_delay
        self.max_retry_delay = max_retry_delay
        self.request_timeout = request_timeout

    async def run(self) -> None:
        """Deliver forever (cancel the task to stop)."""
        timeout = aiohttp.ClientTimeout(total=self.request_timeout)
        async with aiohttp.ClientSession(timeout=timeout) as session:
            delay = self.retry_delay
            while True:
                queue = self.sim.updates
                hook = queue.webhook
                item = queue.next_for_webhook() if hook is not None else None
                if hook is None or item is None:
                    await queue.changed.wait()
                    continue
                error = await self._post(session, hook, item)
                if error is None:
                    queue.ack(item)
                    delay = self.retry_delay
                    continue
                hook.last_error_date = self.sim.timestamp()
                hook.last_error_message = error
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_retry_delay)

    async def _post(
        self, session: aiohttp.ClientSession, hook: WebhookConfig, item: StoredUpdate
    ) -> str | None:
        """POST one update; None when delivered, else Telegram-style last_error_message."""
        headers = {"Content-Type": "application/json"}
        if hook.secret_token:
            headers[SECRET_HEADER] = hook.secret_token
        try:
            async with session.post(hook.url, data=json.dumps(item.data), headers=headers) as resp:
                if not 200 <= resp.status < 300:
                    await resp.read()
                    return f"Wrong response from the webhook: {resp.status} {resp.reason}"
                call = await read_response_call(resp)
        except TimeoutError:
            return "Read timeout expired"
        except aiohttp.ClientError as exc:
            return f"Connection error: {exc}"
        if call is not None and self.sim.token is not None:
            await self.sim.handle(self.sim.token, *call)
        return None
