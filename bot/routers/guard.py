"""Group filters, run before the contribution logger: privacy guard, blocklist, links, flood.

A message that breaks a rule is deleted and never stored as a contribution (so it is not
counted and its text is never kept); an edit that breaks one deletes the message and marks
the stored contribution hidden. The audit log gets the rule and kind, never the text.
Staff are exempt. The checks are async filters (aiogram runs sync filters in a thread).
Flood control applies while members can write: in open windows, or at any time in a group
that is not locked between sessions (a locked group cannot be flooded by members).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Filter
from aiogram.methods import SendMessage
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot import guard_checks as checks
from bot import outbox
from bot.clock import Clock
from bot.i18n import PoI18n, pick_language, speaking
from bot.membership import group_title
from bot.outbox import as_call
from bot.safeguarding_alerts import Safeguarding, check_message
from bot.sanctions import fmt_span, mute
from bot.staff import StaffDirectory
from config import Settings
from digest.privacy import LABELS, PiiKind
from scheduler.attribution import attribute
from scheduler.policy import GroupPolicy
from storage import audit, contributions, members
from storage.models import Group
from storage.outbox import Call

log = logging.getLogger(__name__)


class Violates(Filter):
    """A member's message in a registered group breaks a rule; injects `violation` (privacy
    first, then the others) and `edited` (the rule is checked on an edit: the stored
    contribution gets hidden too)."""

    def __init__(self, flood: checks.FloodCounter | None, *, edited: bool = False) -> None:
        self.flood = flood
        self.edited = edited

    async def __call__(
        self,
        message: Message,
        bot: Bot,
        db: AsyncSession,
        group: Group | None,
        staff: StaffDirectory,
        settings: Settings,
        policies: Callable[[Group], GroupPolicy],
    ) -> bool | dict[str, Any]:
        author = message.from_user
        if group is None or author is None or author.is_bot or message.sender_chat is not None:
            return False
        if await staff.is_staff(bot, user_id=author.id, chat_id=message.chat.id):
            return False
        flooding = self._flooding(message, settings)
        text = message.text or message.caption or ""
        entities = [e.type for e in (message.entities or message.caption_entities or [])]
        seen = checks.scan(text, entities)
        found = self._content(seen, text, settings)
        if found is None and seen.link:
            found = await self._newcomer_link(message, db, group, settings)
        if found is None and flooding and await _members_may_write(db, group, policies, message):
            found = checks.Violation("flood")
        return {"violation": found, "edited": self.edited} if found else False

    def _flooding(self, message: Message, settings: Settings) -> bool:
        if self.flood is None or message.from_user is None:
            return False
        rules = settings.moderation
        return self.flood.hit(
            chat_id=message.chat.id,
            user_id=message.from_user.id,
            message_id=message.message_id,
            sent_at=message.date,
            limit=rules.flood_messages,
            window=timedelta(seconds=rules.flood_seconds),
        )

    @staticmethod
    def _content(seen: checks.Scan, text: str, settings: Settings) -> checks.Violation | None:
        if seen.personal:
            return checks.Violation("privacy", ",".join(seen.personal))
        word = checks.blocked_word(text, settings.moderation.blocklist)
        return checks.Violation("blocklist", word) if word else None

    @staticmethod
    async def _newcomer_link(
        message: Message, db: AsyncSession, group: Group, settings: Settings
    ) -> checks.Violation | None:
        """A link from a member who joined within `newcomer_link_hours`."""
        if group.id is None or message.from_user is None:
            return None
        member = await members.get(db, group_id=group.id, user_id=message.from_user.id)
        hours = settings.moderation.newcomer_link_hours
        if member is None or not checks.is_newcomer(member.entered_at, message.date, hours):
            return None
        return checks.Violation("link")


async def _members_may_write(
    db: AsyncSession, group: Group, policies: Callable[[Group], GroupPolicy], message: Message
) -> bool:
    """Flood control applies while members can write: always, or in windows if locked between."""
    if not group.lock_between_sessions or group.id is None:
        return True
    where = await attribute(
        db,
        group_id=group.id,
        policy=policies(group),
        sent_at=message.date,
        reply_to_message_id=None,
    )
    return where.window_start is not None


def explanation(violation: checks.Violation, group: Group, settings: Settings, lang: str) -> str:
    """The private note to the author, in the current language."""
    title = group_title(group)
    rules = settings.moderation
    if violation.rule == "privacy":
        labels = LABELS.get(lang, LABELS["fi"])
        what = ", ".join(labels[PiiKind(kind)].strip("[]") for kind in violation.detail.split(","))
        return _(
            "I removed your message in “{title}” because it contained personal data ({what}). "
            "To protect you and others, please do not share identity codes, phone numbers, "
            "e-mail or home addresses in the group. You can write your message again without "
            "them."
        ).format(title=title, what=what)
    if violation.rule == "link":
        return _(
            "I removed your message in “{title}” because new members can share links only "
            "after their first {hours} hours in the group. Thank you for understanding!"
        ).format(title=title, hours=rules.newcomer_link_hours)
    if violation.rule == "flood":
        return _(
            "You sent many messages in a short time in “{title}”, so I removed some and paused "
            "your writing for {span}. Please gather your thoughts into fewer messages."
        ).format(title=title, span=fmt_span(timedelta(minutes=rules.flood_mute_minutes)))
    return _(
        "I removed your message in “{title}” because it contained a word that is not allowed "
        "in the group. See the rules with /rules."
    ).format(title=title)


def group_note(violation: checks.Violation) -> str | None:
    """A neutral note in the group when the author cannot be told privately (not for flood)."""
    if violation.rule == "privacy":
        return _(
            "A message was removed because it contained personal data. Please do not share "
            "identity codes, phone numbers, e-mail or home addresses here."
        )
    if violation.rule == "flood":
        return None
    return _("A message was removed because it broke the rules of the group. See /rules.")


#: The anonymous group sentence (sent when the author cannot be told) is deleted after this.
GROUP_NOTE_SECONDS = 60


def anonymous_fallback(violation: checks.Violation, chat_id: int) -> Call | None:
    """The group sentence to send if the private note fails, deleted after a minute."""
    text = group_note(violation)
    if text is None:
        return None
    return as_call(SendMessage(chat_id=chat_id, text=text), delete_after=GROUP_NOTE_SECONDS)


async def enforce(
    message: Message,
    violation: checks.Violation,
    edited: bool,
    bot: Bot,
    db: AsyncSession,
    group: Group,
    settings: Settings,
    i18n: PoI18n,
    clock: Clock,
    safeguarding: Safeguarding,
) -> None:
    """Delete, (for flood) pause the author, audit, and explain; an edit is also hidden in
    the log. A removed message that asks for help still goes the safeguarding path: the author
    gets the help contacts and staff the alert (the bot never silences a child's call for help)."""
    assert message.from_user is not None
    author = message.from_user
    if edited:
        await contributions.hide(db, chat_id=message.chat.id, message_id=message.message_id)
    try:
        await bot.delete_message(chat_id=message.chat.id, message_id=message.message_id)
        error = None
    except TelegramAPIError as exc:
        error = str(exc)
    if violation.rule == "flood":
        span = timedelta(minutes=settings.moderation.flood_mute_minutes)
        error = error or await mute(bot, message.chat.id, author.id, clock() + span)
    await audit.record(
        db,
        action=f"filter-{violation.rule}",
        now=clock(),
        group_id=group.id,
        target_user_id=author.id,
        message_id=message.message_id,
        reason=violation.detail if violation.rule != "blocklist" else "blocklisted word",
        outcome="failed" if error else "done",
    )
    language = pick_language(author.language_code, group.language)
    with speaking(i18n, language):
        note = explanation(violation, group, settings, language)
    fallback = anonymous_fallback(violation, message.chat.id)
    await outbox.put(db, SendMessage(chat_id=author.id, text=note), now=clock(), fallback=fallback)
    await check_message(
        message,
        bot=bot,
        db=db,
        group=group,
        settings=settings,
        i18n=i18n,
        clock=clock,
        safeguarding=safeguarding,
    )


def register(router: Router, flood: checks.FloodCounter) -> None:
    """Add the filters to `router`, before the contribution log's handlers (a message that
    breaks a rule is handled here and never logged). Routers registered with one `flood`
    counter count a person's messages together."""
    # Violates itself refuses a chat that is not a registered group (no `group`): one filter
    # call less for every group message.
    router.message.register(enforce, Violates(flood))
    router.edited_message.register(enforce, Violates(None, edited=True))
