"""A private note to staff: who has not started the bot is skipped, a Telegram failure retried."""

from __future__ import annotations

from typing import Any, cast

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.methods import SendMessage

from bot.staff import note_staff


class _FailingBot:
    """Answers every send with the given error."""

    def __init__(self, error: Exception) -> None:
        self.error = error

    async def send_message(self, **_params: Any) -> None:
        raise self.error


@pytest.mark.parametrize(
    ("error", "delivered_or_final"),
    [
        (TelegramForbiddenError(SendMessage(chat_id=1, text="x"), "blocked"), True),
        (TelegramAPIError(SendMessage(chat_id=1, text="x"), "server error"), False),
    ],
)
async def test_note_staff_asks_for_a_retry_only_when_telegram_failed(
    error: Exception, delivered_or_final: bool
) -> None:
    """A member who never started the bot is final; any other API error asks for a retry."""
    bot = cast(Bot, _FailingBot(error))
    assert await note_staff(bot, 1, "hello", what="note") is delivered_or_final
