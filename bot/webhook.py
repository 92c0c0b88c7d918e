"""Webhook registration and its secret (shared by every instance through the database)."""

from __future__ import annotations

import logging
import secrets

from aiogram.exceptions import TelegramAPIError

from bot.runtime import App
from storage import state
from storage.db import transaction

log = logging.getLogger(__name__)
SECRET_KEY = "webhook_secret"


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
