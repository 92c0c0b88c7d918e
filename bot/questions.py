"""Questions to staff, shared by the questions router and the window opening.

Privacy: a question holding what the guard removes from the group (identity code, phone,
e-mail, IBAN, street address) is not stored at all and the asker is told why, privately;
any other question is stored as written and every text that leaves the bot (the answers
posted in the group, the digest) passes the digest's redaction and names no asker.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import guard_checks as checks
from bot.i18n import PoI18n, speaking
from digest.privacy import LABELS, PiiKind
from scheduler.attribution import attribute
from scheduler.calendar import local_day, windows_for_day
from scheduler.policy import GroupPolicy
from storage import session_days
from storage.models import Group, Member
from storage.questions import Question

log = logging.getLogger(__name__)
LOOKAHEAD_DAYS = 62


async def theme_now_or_next(
    db: AsyncSession, *, group: Group, policy: GroupPolicy, now: datetime
) -> str | None:
    """The open window's theme, else the next session day's (None: nothing planned)."""
    assert group.id is not None
    current = await attribute(
        db, group_id=group.id, policy=policy, sent_at=now, reply_to_message_id=None
    )
    if current.theme_key is not None:
        return current.theme_key
    today = local_day(now, policy.zone)
    coming = await session_days.days_between(
        db, group_id=group.id, start=today, end=today + timedelta(days=LOOKAHEAD_DAYS)
    )
    for day in coming:
        windows = windows_for_day(day.day, policy.windows, policy.zone)
        if windows and windows[-1].end > now:
            return day.theme_key
    return None


def privacy_refusal(text: str, language: str) -> str | None:
    """The private notice when the question holds personal data the guard removes, else None."""
    kinds = checks.personal_data(text)
    if not kinds:
        return None
    labels = LABELS.get(language, LABELS["fi"])
    what = ", ".join(labels[PiiKind(kind)].strip("[]") for kind in kinds)
    return _(
        "I did not save your question because it contained personal data ({what}). Please "
        "ask again without identity codes, phone numbers, e-mail or home addresses."
    ).format(what=what)


def answer_text(question: Question) -> str:
    """The private message that brings the asker their answer (current language)."""
    return _("Staff answered your question:\n\n“{question}”\n\n{answer}").format(
        question=question.text or "…", answer=question.answer or ""
    )


async def deliver_answer(bot: Bot, db: AsyncSession, *, question: Question, i18n: PoI18n) -> bool:
    """Send the answer privately to the asker (in their language) if still known; True if sent."""
    member = await db.get(Member, question.member_id) if question.member_id else None
    if member is None or member.user_id is None:
        return False
    with speaking(i18n, member.language):
        text = answer_text(question)
    try:
        await bot.send_message(chat_id=member.user_id, text=text)
    except TelegramAPIError as exc:
        log.info("answer %s not delivered privately: %s", question.id, exc)
        return False
    return True
