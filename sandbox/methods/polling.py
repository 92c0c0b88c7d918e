"""getUpdates long polling and webhook settings."""

from __future__ import annotations

import asyncio
import re
from typing import Any

from sandbox.core import SimulatorCore
from sandbox.errors import POLL_CONFLICT, WEBHOOK_CONFLICT, bad_request, conflict
from sandbox.methods.registry import api_method
from sandbox.params import Params
from sandbox.updates import Poll, UpdateQueue, WebhookConfig

_SECRET_RE = re.compile(r"^[A-Za-z0-9_-]{1,256}$")


def _allowed(p: Params) -> list[str] | None:
    value = p.obj("allowed_updates")
    if value is None:
        return None
    if not isinstance(value, list):
        raise bad_request("can't parse allowed updates")
    return [str(kind) for kind in value]


@api_method("getUpdates")
async def get_updates(sim: SimulatorCore, p: Params) -> Any:
    """Unconfirmed updates from `offset`; waits up to `timeout` seconds for new ones."""
    queue = sim.updates
    if queue.webhook is not None:
        raise conflict(WEBHOOK_CONFLICT)
    offset = p.opt_int("offset")
    limit = min(max(p.opt_int("limit") or 100, 1), 100)
    timeout = max(p.opt_int("timeout") or 0, 0)
    kinds = _allowed(p)
    if kinds is not None:
        queue.set_allowed(kinds)
    if offset:
        queue.confirm(offset)
    poll = queue.begin_poll()
    try:
        return await _poll(queue, poll, offset, limit, timeout)
    finally:
        queue.end_poll(poll)


async def _poll(
    queue: UpdateQueue, poll: Poll, offset: int | None, limit: int, timeout: int
) -> list[Any]:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while True:
        if poll.terminated:
            raise conflict(POLL_CONFLICT)
        if queue.webhook is not None:
            raise conflict(WEBHOOK_CONFLICT)
        batch = queue.take(offset, limit)
        remaining = deadline - loop.time()
        if batch or remaining <= 0 or poll.closing:
            return batch
        await queue.changed.wait(remaining)


@api_method("setWebhook")
async def set_webhook(sim: SimulatorCore, p: Params) -> Any:
    """Set (or with an empty url remove) the webhook; http:// is accepted too."""
    url = p.opt_str("url") or ""
    secret = p.opt_str("secret_token")
    if url and not url.startswith(("https://", "http://")):
        raise bad_request("bad webhook: An HTTPS URL must be provided for webhook")
    if url and secret is not None and not _SECRET_RE.match(secret):
        raise bad_request("secret token contains unallowed characters")
    kinds = _allowed(p)
    queue = sim.updates
    if p.flag("drop_pending_updates"):
        queue.drop_pending()
    if kinds is not None:
        queue.set_allowed(kinds)
    queue.webhook = None
    if url:
        max_connections = p.opt_int("max_connections") or 40
        queue.webhook = WebhookConfig(url, secret, max_connections)
    queue.changed.notify()
    return True


@api_method("deleteWebhook")
async def delete_webhook(sim: SimulatorCore, p: Params) -> Any:
    """Remove the webhook; optionally drop pending updates."""
    if p.flag("drop_pending_updates"):
        sim.updates.drop_pending()
    sim.updates.webhook = None
    sim.updates.changed.notify()
    return True


@api_method("getWebhookInfo")
async def get_webhook_info(sim: SimulatorCore, p: Params) -> Any:
    """WebhookInfo (url is empty when polling)."""
    queue = sim.updates
    hook = queue.webhook
    info: dict[str, Any] = {
        "url": hook.url if hook else "",
        "has_custom_certificate": False,
        "pending_update_count": queue.pending(),
    }
    if hook is not None:
        info["max_connections"] = hook.max_connections
        if hook.last_error_date is not None:
            info["last_error_date"] = hook.last_error_date
            info["last_error_message"] = hook.last_error_message
    if queue.allowed is not None:
        info["allowed_updates"] = sorted(queue.allowed)
    return info
