"""Issuing the one-time sign-in link that `/web` sends (valid 10 minutes)."""

from __future__ import annotations

from datetime import datetime, timedelta
from urllib.parse import quote

from sqlalchemy.ext.asyncio import AsyncSession

from bot.console.tokens import hashed, link_key, new_link_token
from config import Settings
from storage import console

LINK_LIFETIME = timedelta(minutes=10)
LOGIN_PATH = "/console/login"


def key_of(settings: Settings) -> bytes:
    """The link key (settings guarantee a pseudonym secret whenever the console is on)."""
    assert settings.pseudonym_secret is not None, "console_url requires pseudonym_secret"
    return link_key(settings.pseudonym_secret.get_secret_value())


async def issue(
    db: AsyncSession, settings: Settings, *, user_id: int, language: str, now: datetime
) -> str:
    """Store a new link for `user_id` (its hash only) and return its full address."""
    assert settings.console_url is not None, "the console is off"
    token = new_link_token(key_of(settings))
    await console.add_link(
        db,
        token_hash=hashed(token),
        user_id=user_id,
        language=language,
        now=now,
        expires_at=now + LINK_LIFETIME,
    )
    return f"{settings.console_url}{LOGIN_PATH}?t={quote(token)}"
