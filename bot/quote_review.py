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
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.day_end import ended_day
from bot.i18n import speaking
from bot.jobs_common import AfterSessionDay
from digest.redaction import Redactor
from scheduler.calendar import Window
from scheduler.notifier import GroupView
from storage import quote_review, state
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


@dataclass(kw_only=True, eq=False)
class QuoteReviews(AfterSessionDay[DayReviews]):
    """Sends each author their list once when a session day's last window has closed."""

    what = "quote review"
    review_days: int

    async def _claimed(
        self, db: AsyncSession, view: GroupView, window: Window
    ) -> DayReviews | None:
        now = self.deps.clock()
        ended = await ended_day(db, view, window, self.deps.policies)
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
            with speaking(self.deps.i18n, group.language):
                text = review_text(items, group.language, self.review_days)
                keyboard = review_keyboard(items, reviews.day_id)
            try:
                await self.deps.bot.send_message(
                    chat_id=user_id, text=text, parse_mode="HTML", reply_markup=keyboard
                )
            except TelegramAPIError as exc:
                log.info("quote review to %s not delivered (pending until due): %s", user_id, exc)
