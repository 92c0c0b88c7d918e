"""Webhook registration and its secret (shared by every instance through the database)."""

from __future__ import annotations

import json
import logging
import re
import secrets

from aiogram.exceptions import TelegramAPIError

from bot.runtime import App
from storage import state
from storage.db import transaction

log = logging.getLogger(__name__)
SECRET_KEY = "webhook_secret"
MAX_NESTING = 64
"""JSON nested deeper than this is refused before it is parsed (Telegram's nest far less)."""
MAX_UPDATE_ID = 2**63 - 1
_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_NOT_A_BRACKET = re.compile(rb"[^\[\]{}]")


def update_id_of(body: bytes) -> int | None:
    """The update_id of a webhook body, or None unless it is a JSON object nested at most
    MAX_NESTING deep whose update_id is an integer in 1..2^63-1 (a boolean is no integer)."""
    if _nesting(body) > MAX_NESTING:
        return None
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError, RecursionError):
        return None
    update_id = data.get("update_id") if isinstance(data, dict) else None
    if type(update_id) is not int or not 0 < update_id <= MAX_UPDATE_ID:
        return None
    return update_id


def _nesting(body: bytes) -> int:
    """How deep brackets nest outside strings (stops counting past MAX_NESTING)."""
    brackets = _NOT_A_BRACKET.sub(b"", _JSON_STRING.sub(b"", body))
    depth = deepest = 0
    for char in brackets:
        depth += 1 if char in b"[{" else -1
        if depth > deepest:
            deepest = depth
            if deepest > MAX_NESTING:
                break
    return deepest


async def webhook_secret(app: App) -> str:
    """`webhook_secret` from settings, else one generated once and stored for all instances."""
    if app.settings.webhook_secret is not None:
        return app.settings.webhook_secret.get_secret_value()
    async with transaction(app.sessions) as db:
        return await state.get_or_create(
            db, key=SECRET_KEY, value=secrets.token_urlsafe(32), now=app.clock()
        )


async def register_webhook(app: App, url: str, secret: str) -> None:
    """Point Telegram at `url` with the secret token and the update kinds we handle."""
    await app.bot.set_webhook(url=url, secret_token=secret, allowed_updates=app.allowed_updates())
    log.info("webhook registered (%d update kinds)", len(app.allowed_updates()))


async def remove_webhook(app: App) -> None:
    """Polling and a webhook exclude each other: drop a webhook left from webhook mode."""
    try:
        info = await app.bot.get_webhook_info()
        if info.url:
            log.warning("a webhook was set; deleting it to poll (pending updates are kept)")
            await app.bot.delete_webhook(drop_pending_updates=False)
    except TelegramAPIError as exc:
        log.warning("could not check the webhook: %s", exc)
