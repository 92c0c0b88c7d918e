"""Neuvo's Telegram adapter. Importing it first imports aiogram with lazily built types."""

from bot.lazy_types import import_aiogram_lazily

import_aiogram_lazily()
