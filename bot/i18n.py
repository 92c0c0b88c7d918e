"""gettext catalogs from `locales/*/LC_MESSAGES/neuvo.po`, compiled in memory with Babel."""

from __future__ import annotations

import gettext
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path
from typing import Any

from aiogram.types import Chat, TelegramObject, User
from aiogram.utils.i18n import I18n, I18nMiddleware
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

LOCALES_DIR = Path(__file__).resolve().parent.parent / "locales"
DOMAIN = "neuvo"
LANGUAGES = ("fi", "sv", "en")


class PoI18n(I18n):
    """aiogram's I18n reading `.po` files directly, so no compile step can be forgotten.

    aiogram's `gettext` looks up `I18n.get_current()`; a subclass would get a context
    variable of its own, so `context()` registers this instance as the base class's current.
    """

    @contextmanager
    def context(self) -> Iterator[I18n]:
        token = I18n.set_current(self)
        try:
            yield self
        finally:
            I18n.reset_current(token)

    def find_locales(self) -> dict[str, gettext.GNUTranslations]:
        translations: dict[str, gettext.GNUTranslations] = {}
        for po_path in sorted(self.path.glob(f"*/LC_MESSAGES/{self.domain}.po")):
            locale = po_path.parent.parent.name
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=locale, domain=self.domain)
            buffer = BytesIO()
            write_mo(buffer, catalog)
            buffer.seek(0)
            translations[locale] = gettext.GNUTranslations(buffer)
        return translations


def build_i18n(default_language: str = "fi", path: Path = LOCALES_DIR) -> PoI18n:
    """The catalogs, with `default_language` used when nothing better is known."""
    return PoI18n(path=path, default_locale=default_language, domain=DOMAIN)


def pick_language(language_code: str | None, default: str) -> str:
    """Map a Telegram `language_code` (e.g. "sv-FI") to fi/sv/en, else `default`."""
    if language_code:
        primary = language_code.split("-")[0].lower()
        if primary in LANGUAGES:
            return primary
    return default


class LocaleMiddleware(I18nMiddleware):
    """Groups speak their own language; in private chats the user's Telegram language wins."""

    async def get_locale(self, event: TelegramObject, data: dict[str, Any]) -> str:
        chat: Chat | None = data.get("event_chat")
        group = data.get("group")
        if chat is not None and chat.type != "private" and group is not None:
            return str(group.language)
        user: User | None = data.get("event_from_user")
        return pick_language(user.language_code if user else None, self.i18n.default_locale)


@contextmanager
def speaking(i18n: I18n, language: str) -> Iterator[None]:
    """Inside the block `_()` speaks `language` (for texts sent outside an update)."""
    with i18n.context(), i18n.use_locale(language):
        yield
