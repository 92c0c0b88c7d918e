"""The safeguarding path: a message saying its writer (or their child) is hurt or in danger.

The message stays (the bot never silences someone asking for help, and mutes nobody). The
writer gets a warm private note with the help contacts; when they cannot be written to,
nothing is posted in the group about them. Configured staff get a private alert with a
link to the message and never its text. In a group the contribution is marked `sensitive`
(counted, never quoted); staff clear the mark with /turvallinen. The match and the alert
go to the audit log without the text.

The matcher (`safeguarding.shared_matcher`) takes seconds and hundreds of megabytes to
load, so `Safeguarding` first asks the dictionary-free prefilter (`shared_prefilter`,
microseconds) and builds the matcher only for the first message that passes it, in a worker
thread, once per process and phrase file.
"""

from __future__ import annotations

import asyncio
import functools
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.i18n import PoI18n, pick_language, speaking
from bot.links import message_link
from bot.membership import group_title
from config import HelpContact, Settings
from safeguarding import SafeguardingMatch, SafeguardingMatcher, shared_matcher
from safeguarding.prefilter import SafeguardingPrefilter, shared_prefilter
from storage import audit, contributions
from storage.models import Group

log = logging.getLogger(__name__)


class Safeguarding:
    """The process's shared matcher, loaded on the first message the prefilter passes."""

    def __init__(
        self,
        phrases: Path | None = None,
        *,
        loader: Callable[[Path | None], SafeguardingMatcher] = shared_matcher,
        prefilter: Callable[[Path | None], SafeguardingPrefilter] = shared_prefilter,
    ) -> None:
        self.phrases = phrases
        self._loader = loader
        self._prefilter_loader = prefilter
        self._prefilter: SafeguardingPrefilter | None = None
        self._matcher: SafeguardingMatcher | None = None
        self._loading: asyncio.Task[SafeguardingMatcher] | None = None

    async def match(self, text: str, language: str) -> SafeguardingMatch | None:
        """The phrase the text says, or None (most messages never reach the matcher)."""
        if self._prefilter is None:
            self._prefilter = self._prefilter_loader(self.phrases)
        if not self._prefilter.passes(text):
            return None
        matcher = self._matcher or await self._load()
        return matcher.match(text, language)

    async def _load(self) -> SafeguardingMatcher:
        if self._loading is None:
            self._loading = asyncio.create_task(asyncio.to_thread(self._loader, self.phrases))
        self._matcher = await asyncio.shield(self._loading)
        return self._matcher


@dataclass(frozen=True, slots=True)
class Reached:
    """Who was told: the writer (privately) and how many staff members."""

    writer: bool
    staff: int


async def check_message(
    message: Message,
    *,
    bot: Bot,
    db: AsyncSession,
    group: Group | None,
    settings: Settings,
    i18n: PoI18n,
    clock: Clock,
    safeguarding: Safeguarding,
) -> SafeguardingMatch | None:
    """Run the safeguarding path for a member's group message or a private message."""
    author, text = message.from_user, message.text or message.caption
    if author is None or author.is_bot or not text:
        return None
    language = pick_language(author.language_code, group.language if group else "fi")
    found = await safeguarding.match(text, language)
    if found is None:
        return None
    if group is not None:
        await contributions.mark_sensitive(
            db, chat_id=message.chat.id, message_id=message.message_id
        )
    record = functools.partial(  # both entries are about the author's message
        audit.record,
        db,
        group_id=group.id if group else None,
        target_user_id=author.id,
        message_id=message.message_id,
    )
    await record(
        action="safeguarding-match", now=clock(), reason=f"{found.category} ({found.phrase_id})"
    )
    reached = await _tell(bot, message, group, settings, i18n, found, language)
    await record(
        action="safeguarding-alert",
        now=clock(),
        reason=f"writer {'helped' if reached.writer else 'unreachable'}, staff {reached.staff}",
        outcome="done" if reached.staff else "failed",
    )
    return found


async def _tell(
    bot: Bot,
    message: Message,
    group: Group | None,
    settings: Settings,
    i18n: PoI18n,
    found: SafeguardingMatch,
    language: str,
) -> Reached:
    """Help to the writer in their language; an alert to each configured staff member."""
    assert message.from_user is not None
    with speaking(i18n, language):
        help_note = help_text(settings.help_contacts)
    writer = await _send(bot, message.from_user.id, help_note)
    alerted = 0
    for staff_id in settings.staff_ids:
        with speaking(i18n, group.language if group else settings.language):
            alert = alert_text(message, group, found, writer_helped=writer)
        alerted += await _send(bot, staff_id, alert)
    return Reached(writer, alerted)


async def _send(bot: Bot, chat_id: int, text: str) -> bool:
    try:
        await bot.send_message(chat_id=chat_id, text=text, disable_web_page_preview=True)
    except TelegramAPIError as exc:
        log.info("safeguarding note to %s not delivered: %s", chat_id, exc)
        return False
    return True


def contact_line(contact: HelpContact) -> str:
    """A help line as listed: "• Lasten ja nuorten puhelin: 116 111, https://…"."""
    reach = ", ".join(part for part in (contact.phone, contact.url) if part)
    return f"• {contact.name}: {reach}"


def help_text(contacts: tuple[HelpContact, ...]) -> str:
    """The warm private note with the help contacts, in the current language."""
    return _(
        "Hi, thank you for telling. That sounds really hard, and you do not have to be alone "
        "with it. You can reach out and talk here:\n{contacts}\n\nIf you are in danger right "
        "now, call 112. I also let the project workers know, so that they can support you."
    ).format(contacts="\n".join(contact_line(contact) for contact in contacts))


def category_label(category: str) -> str:
    """What a phrase category means, in the current language."""
    labels = {
        "self_harm": _("thoughts of self-harm or dying"),
        "violence_home": _("violence at home"),
        "abuse": _("abuse"),
        "bullying_danger": _("bullying with danger"),
        "fear_of_home": _("afraid to go home"),
        "running_away": _("running away"),
        "my_child": _("a parent worried about their child's safety"),
    }
    return labels.get(category, category)


def alert_text(
    message: Message, group: Group | None, found: SafeguardingMatch, *, writer_helped: bool
) -> str:
    """The staff alert: where and what kind, a link, never the text."""
    what = category_label(found.category)
    if group is None:
        lines = [
            _(
                "Safeguarding: someone wrote to me privately in a way that may mean they are "
                "hurt or in danger ({what})."
            ).format(what=what)
        ]
    else:
        lines = [
            _(
                "Safeguarding: a message in “{title}” may mean that its writer is hurt or in "
                "danger ({what}). The message was not removed."
            ).format(title=group_title(group), what=what)
        ]
        link = message_link(message.chat.id, message.message_id)
        lines.append(link or _("(No link: the group is not a supergroup.)"))
    lines.append(
        _("The writer got the help contacts privately.")
        if writer_helped
        else _("I could not write to the writer privately; nothing was posted in the group.")
    )
    return "\n".join(lines)
