"""Authors confirm their quotes: after a session day, one private list per author.

When a session day's last window has closed, every consenting author whose contributions of
the day may be quoted gets ONE private message listing them (redacted, shortened), with a
button per item to withdraw it and one to withdraw all. The items are "pending" until
`quote_review_days` have passed: a digest made before leaves them out; after that, silence
confirms them. Marking and the per-author claims (`storage.state`) share one transaction;
the message is sent after it. An author the bot cannot write to (never started it, blocked
it) keeps the items pending until the deadline, then quotable: the consent they gave covers
quoting, the review is an extra chance to withdraw.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.day_end import ended_day
from bot.i18n import PoI18n, speaking
from digest.redaction import Redactor
from scheduler.calendar import Window
from scheduler.notifier import GroupView
from scheduler.policy import GroupPolicy
from storage import quote_review, state
from storage.db import transaction
from storage.models import Group
from storage.quote_review import ReviewItem

log = logging.getLogger(__name__)
PREFIX = "qr:"
SHORT = 140  # characters of an item shown in the list


def short(text: str, redact: Redactor) -> str:
    """The item's redacted text, cut to SHORT characters."""
    shown = " ".join(redact(text).split())
    return shown if len(shown) <= SHORT else shown[: SHORT - 1].rstrip() + "…"


def review_text(items: Sequence[ReviewItem], language: str, days: int) -> str:
    """The list (HTML, current language): numbered items, withdrawn ones marked."""
    redact = Redactor(language)
    lines = [
        _(
            "Thank you for taking part! These contributions of yours from today may be quoted "
            "in the digest under a pseudonym, with personal details removed. If you do not "
            "want one of them quoted, withdraw it with the buttons below. Without an answer "
            "they may be quoted after {days} days."
        ).format(days=days),
        "",
    ]
    for number, item in enumerate(items, start=1):
        body = html.escape(short(item.text, redact))
        if item.withdrawn:
            lines.append(f"{number}. <s>{body}</s> — " + _("withdrawn, not quoted"))
        else:
            lines.append(f"{number}. {body}")
    return "\n".join(lines)


def review_keyboard(items: Sequence[ReviewItem], day_id: int) -> InlineKeyboardMarkup | None:
    """A withdraw button per item still pending, and one for all (None when none is left)."""
    rows = [
        [
            InlineKeyboardButton(
                text=_("Withdraw {number}").format(number=number),
                callback_data=f"{PREFIX}{day_id}:{item.id}",
            )
        ]
        for number, item in enumerate(items, start=1)
        if not item.withdrawn
    ]
    if not rows:
        return None
    if len(rows) > 1:
        rows.append(
            [InlineKeyboardButton(text=_("Withdraw all"), callback_data=f"{PREFIX}{day_id}:all")]
        )
    return InlineKeyboardMarkup(inline_keyboard=rows)


@dataclass(frozen=True)
class DayReviews:
    """The authors to write to after one session day."""

    day_id: int
    by_author: dict[int, list[ReviewItem]]


class QuoteReviews:
    """Sends each author their list once when a session day's last window has closed."""

    def __init__(
        self,
        *,
        sessions: async_sessionmaker[AsyncSession],
        bot: Bot,
        i18n: PoI18n,
        clock: Clock,
        policies: Callable[[Group], GroupPolicy],
        review_days: int,
    ) -> None:
        self.sessions, self.bot, self.i18n, self.clock = sessions, bot, i18n, clock
        self.policies = policies
        self.review_days = review_days

    async def after_close(self, group: GroupView, window: Window) -> None:
        """If `window` was its session day's last, open the day's reviews (never raises)."""
        try:
            async with transaction(self.sessions) as db:
                reviews = await self._claimed(db, group, window, self.clock())
            if reviews is not None:
                await self._send(group, reviews)
        except Exception:
            log.exception("the quote review for %s failed", group.key)

    async def _claimed(
        self, db: AsyncSession, view: GroupView, window: Window, now: datetime
    ) -> DayReviews | None:
        ended = await ended_day(db, view, window, self.policies)
        if ended is None:
            return None
        day = ended.day
        assert day.id is not None
        until = now + timedelta(days=self.review_days)
        found = await quote_review.open_reviews(db, session_day_id=day.id, until=until)
        claimed = {
            user_id: items
            for user_id, items in found.items()
            if await state.claim(db, key=f"quote-review:{day.id}:{user_id}", now=now)
        }
        return DayReviews(day.id, claimed)

    async def _send(self, group: GroupView, reviews: DayReviews) -> None:
        for user_id, items in reviews.by_author.items():
            with speaking(self.i18n, group.language):
                text = review_text(items, group.language, self.review_days)
                keyboard = review_keyboard(items, reviews.day_id)
            try:
                await self.bot.send_message(
                    chat_id=user_id, text=text, parse_mode="HTML", reply_markup=keyboard
                )
            except TelegramAPIError as exc:
                log.info("quote review to %s not delivered (pending until due): %s", user_id, exc)
