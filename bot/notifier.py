"""The scheduler's Notifier, spoken through aiogram in each group's language."""

from __future__ import annotations

import html
import logging
import re
from collections.abc import Iterable
from datetime import date

from aiogram import Bot
from aiogram.exceptions import TelegramBadRequest
from aiogram.types import ChatPermissions, ReplyParameters
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.answer_board import AnswerBoard
from bot.help_desk import prompt_markup
from bot.i18n import PoI18n, speaking
from bot.nudges import SessionDayNudges
from bot.openings import clock_text, continues_today, day_times, staffed_block
from bot.quick_polls import close_window_polls
from bot.quote_review import QuoteReviews
from bot.staff import note_staff
from bot.subtopic_scoring import SubtopicScoring
from scheduler.calendar import Window, WindowSpec
from scheduler.notifier import GroupView, Opening
from storage.tally import Tally
from themes.model import Theme

log = logging.getLogger(__name__)


def _member_permissions(allowed: bool) -> ChatPermissions:
    """What members may send while a window is open (`allowed`) or the group is locked; polls
    are the bot's own in both."""
    return ChatPermissions(
        can_send_messages=allowed,
        can_send_audios=allowed,
        can_send_documents=allowed,
        can_send_photos=allowed,
        can_send_videos=allowed,
        can_send_video_notes=allowed,
        can_send_voice_notes=allowed,
        can_send_polls=False,
        can_send_other_messages=allowed,
        can_add_web_page_previews=allowed,
    )


OPEN_PERMISSIONS = _member_permissions(True)
LOCKED_PERMISSIONS = _member_permissions(False)


def local_time(group: GroupView, instant_window: Window, *, end: bool) -> str:
    """A window bound in the group's zone as its people write it ("10", "10.30"; en "10:00")."""
    instant = instant_window.end if end else instant_window.start
    return clock_text(instant.astimezone(group.zone).time(), group.language)


def theme_block(theme: Theme, group: GroupView) -> str:
    """Title, prompt and sub-questions in the group's language and audience wording."""
    text = theme.text(group.language, group.audience)
    questions = "\n".join(f"• {question}" for question in text.questions)
    return f"<b>{_escape(text.title)}</b>\n\n{_escape(text.prompt)}\n\n{_escape(questions)}"


def plain_text(html_text: str) -> str:
    """What Telegram shows of our HTML (tags dropped, entities decoded), without edge spaces."""
    return html.unescape(re.sub(r"<[^>]*>", "", html_text)).strip()


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class TelegramNotifier:
    """Posts prompts, summaries and reminders; reports missing rights to staff privately."""

    def __init__(
        self,
        *,
        bot: Bot,
        i18n: PoI18n,
        staff_ids: Iterable[int],
        answers: AnswerBoard | None = None,
        nudges: SessionDayNudges | None = None,
        sessions: async_sessionmaker[AsyncSession] | None = None,
        reviews: QuoteReviews | None = None,
        scoring: SubtopicScoring | None = None,
    ) -> None:
        self.bot = bot
        self.reviews = reviews
        self.scoring = scoring
        self.i18n = i18n
        self.staff_ids = tuple(staff_ids)
        self.answers = answers
        self.nudges = nudges
        self.sessions = sessions

    async def create_topic(self, group: GroupView, theme: Theme) -> int:
        title = theme.text(group.language, group.audience).title
        topic = await self.bot.create_forum_topic(chat_id=group.chat_id, name=title[:128])
        return topic.message_thread_id

    async def open_window(
        self,
        group: GroupView,
        window: Window,
        theme: Theme,
        *,
        reply_to: int | None,
        thread_id: int | None,
        catch_up: bool,
        opening: Opening | None = None,
    ) -> int:
        text = self._prompt_text(group, window, theme, opening)
        with speaking(self.i18n, group.language):
            help_button = await prompt_markup(self.bot)
        if group.lock_between_sessions:
            await self._set_permissions(group, OPEN_PERMISSIONS)
        message = await self.bot.send_message(
            chat_id=group.chat_id,
            text=text,
            parse_mode="HTML",
            message_thread_id=thread_id,
            reply_parameters=_reply(reply_to),
            reply_markup=help_button,
        )
        await self._try(
            group, "pin", self.bot.pin_chat_message, message_id=message.message_id,
            disable_notification=True,
        )  # fmt: skip
        if self.answers is not None:
            await self.answers.publish(group, thread_id=thread_id)
        return message.message_id

    def _prompt_text(
        self, group: GroupView, window: Window, theme: Theme, opening: Opening | None = None
    ) -> str:
        """The window's prompt (HTML), in the group's language: the day's own prompt if staff
        set one, and who of the staff is present if they allowed it."""
        with speaking(self.i18n, group.language):
            until = _("The discussion is open until {time}.").format(
                time=local_time(group, window, end=True)
            )
            block = staffed_block(theme_block(theme, group), theme, group, opening)
            return f"{block}\n\n{until}"

    async def pinned_prompt(self, group: GroupView, window: Window, theme: Theme) -> int | None:
        pinned = (await self.bot.get_chat(chat_id=group.chat_id)).pinned_message
        if pinned is None or pinned.from_user is None or pinned.from_user.id != self.bot.id:
            return None
        expected = plain_text(self._prompt_text(group, window, theme))
        return pinned.message_id if (pinned.text or "").strip() == expected else None

    async def close_window(
        self,
        group: GroupView,
        window: Window,
        theme: Theme,
        tally: Tally,
        *,
        prompt_message_id: int | None,
        thread_id: int | None,
    ) -> int | None:
        title = theme.text(group.language, group.audience).title
        with speaking(self.i18n, group.language):
            text = _(
                "Thank you! The discussion on “{title}” is now closed. "
                "Contributions in this window: {contributions}, participants: {participants}."
            ).format(
                title=title, contributions=tally.contributions, participants=tally.participants
            )
            span = WindowSpec(
                window.start.astimezone(group.zone).time(),
                window.end.astimezone(group.zone).time(),
            )
            later = continues_today(group.windows, span)
            if later is not None:
                text += " " + later
        message = await self.bot.send_message(
            chat_id=group.chat_id,
            text=text,
            message_thread_id=thread_id,
            reply_parameters=_reply(prompt_message_id),
        )
        if prompt_message_id is not None:
            await self._try(
                group, "pin", self.bot.unpin_chat_message, message_id=prompt_message_id
            )
        if group.lock_between_sessions:
            await self._set_permissions(group, LOCKED_PERMISSIONS)
        if self.nudges is not None:
            await self.nudges.after_close(group, window)
        if self.reviews is not None:
            await self.reviews.after_close(group, window)
        if self.scoring is not None:
            await self.scoring.after_close(group, window)
        await close_window_polls(self.bot, self.sessions, chat_id=group.chat_id, now=window.end)
        return message.message_id

    async def remind_members(
        self, group: GroupView, window: Window, theme: Theme | None, *, soon: bool
    ) -> int | None:
        start = local_time(group, window, end=False)
        title = theme.text(group.language, group.audience).title if theme else None
        with speaking(self.i18n, group.language):
            if soon:
                text = _("The discussion starts at {time}.").format(time=start)
            else:
                text = _("Tomorrow at {time} we open a discussion in this group.").format(
                    time=start
                )
                text += " " + _("Open {times}.").format(times=day_times(group.windows))
            if title:
                text += " " + _("Theme: {title}").format(title=title)
        message = await self.bot.send_message(chat_id=group.chat_id, text=text)
        return message.message_id

    async def remind_staff_theme(self, group: GroupView, day: date) -> None:
        with speaking(self.i18n, group.language):
            text = _(
                "The session day {date} of group {group} has no theme yet. Choose one with "
                "/plan {iso} THEME in the group; otherwise open discussion (vapaa) is used."
            ).format(
                date=f"{day.day}.{day.month}.{day.year}", group=group.key, iso=day.isoformat()
            )
        await self.tell_staff(text)

    async def tell_staff(self, text: str) -> None:
        """A private note to every configured staff member who has started the bot."""
        for user_id in self.staff_ids:
            await note_staff(self.bot, user_id, text, what="note")

    async def _set_permissions(self, group: GroupView, permissions: ChatPermissions) -> None:
        await self._try(
            group, "restrict", self.bot.set_chat_permissions, permissions=permissions,
            use_independent_chat_permissions=True,
        )  # fmt: skip

    async def _try(self, group: GroupView, right: str, call: object, **params: object) -> None:
        """Do a call in the group's chat that needs an admin right; if refused, tell staff and
        go on."""
        try:
            await call(chat_id=group.chat_id, **params)  # type: ignore[operator]
        except TelegramBadRequest as exc:
            if "not enough rights" not in exc.message and "CHAT_ADMIN_REQUIRED" not in exc.message:
                raise
            log.warning("missing right %s in group %s: %s", right, group.key, exc.message)
            with speaking(self.i18n, group.language):
                names = {"pin": _("pin messages"), "restrict": _("ban users (restrict members)")}
                text = _(
                    "Neuvo lacks the admin right “{right}” in group {group}. The discussion "
                    "runs anyway; please give the bot this right."
                ).format(right=names[right], group=group.key)
            await self.tell_staff(text)


def _reply(message_id: int | None) -> ReplyParameters | None:
    if message_id is None:
        return None
    return ReplyParameters(message_id=message_id, allow_sending_without_reply=True)
