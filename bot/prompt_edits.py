"""Prompts edited from the chat: `/teksti DATE` shows the day's prompt; a staff member's reply
to that message becomes the day's prompt (stored with its author and time, length-checked)."""

from __future__ import annotations

from datetime import datetime

from aiogram import Bot
from aiogram.filters import CommandObject, Filter
from aiogram.types import Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.clock import Clock
from bot.dates import fmt_day, parse_date
from bot.desk import Desk
from bot.openings import prompt_room
from bot.staff import StaffDirectory
from scheduler.calendar import local_day
from storage import audit, prompts, session_days, state
from storage.models import Group
from themes.model import FALLBACK_THEME, Catalog

PROMPT_COMMANDS = ("teksti", "text", "prompt")
_REQUEST_KEY = "prompt-edit:{chat_id}:{message_id}"


def _title(catalog: Catalog, group: Group, theme_key: str | None) -> str:
    theme = catalog.get(theme_key or FALLBACK_THEME) or catalog[FALLBACK_THEME]
    return theme.text(group.language, group.audience).title


def catalog_prompt(catalog: Catalog, group: Group, theme_key: str | None) -> str:
    """The catalog's prompt of the theme (or the open discussion's), with its questions."""
    theme = catalog.get(theme_key or FALLBACK_THEME) or catalog[FALLBACK_THEME]
    text = theme.text(group.language, group.audience)
    return "\n".join([text.prompt, "", *(f"• {q}" for q in text.questions)]).strip()


def prompt_problem(catalog: Catalog, group: Group, theme_key: str | None, text: str) -> str | None:
    """Why `text` cannot be the day's prompt (empty, or longer than the room the prompt
    message leaves under the theme's title, in UTF-16 units), in the current language; None
    when it fits. Shared by `/teksti` and the web console."""
    room = prompt_limit(catalog, group, theme_key)
    length = len(text.encode("utf-16-le")) // 2
    if text and length <= room:
        return None
    return _("The prompt must be 1–{limit} characters; this one has {length}.").format(
        limit=room, length=length
    )


def prompt_limit(catalog: Catalog, group: Group, theme_key: str | None) -> int:
    """How many characters the day's prompt may have under its theme's title."""
    return prompt_room(_title(catalog, group, theme_key))


async def on_prompt(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/teksti DATE: reply with the day's current prompt; a reply to it sets a new one."""
    assert group.id is not None
    day = parse_date(command.args or "")
    if day is None:
        await message.reply(_("Usage: /{command} YYYY-MM-DD").format(command=command.command))
        return
    row = await session_days.day(desk.db, group_id=group.id, on=day)
    if row is None or row.skipped or day < local_day(desk.now(), desk.policies(group).zone):
        await message.reply(
            _("{day} is not a coming session day of this group.").format(day=fmt_day(day))
        )
        return
    custom = await prompts.prompt_for(desk.db, group_id=group.id, day=day)
    current = custom.text if custom else catalog_prompt(desk.catalog, group, row.theme_key)
    room = prompt_limit(desk.catalog, group, row.theme_key)
    intro = (
        _("The prompt of {day} (written by staff):")
        if custom
        else _("The prompt of {day} (from the theme catalog):")
    ).format(day=fmt_day(day))
    how = _(
        "To change it, send the new text as a reply to this message (at most {limit} characters)."
    ).format(limit=room)
    sent = await message.reply(f"{intro}\n\n{current}\n\n{how}")
    key = _REQUEST_KEY.format(chat_id=sent.chat.id, message_id=sent.message_id)
    await state.get_or_create(desk.db, key=key, value=day.isoformat(), now=desk.now())


class RepliesToPromptRequest(Filter):
    """A staff member's reply to a /teksti message of the bot; gives `prompt_day`. Asks the
    database only for replies to the bot, so plain group traffic pays nothing."""

    async def __call__(
        self, message: Message, bot: Bot, db: AsyncSession, staff: StaffDirectory
    ) -> bool | dict[str, str]:
        replied = message.reply_to_message
        if replied is None or replied.from_user is None or replied.from_user.id != bot.id:
            return False
        author = message.from_user.id if message.from_user else 0
        if not await staff.is_staff(bot, user_id=author, chat_id=message.chat.id):
            return False
        key = _REQUEST_KEY.format(chat_id=message.chat.id, message_id=replied.message_id)
        stored = await state.value(db, key=key)
        return {"prompt_day": stored} if stored else False


async def on_prompt_reply(
    message: Message,
    db: AsyncSession,
    group: Group,
    catalog: Catalog,
    clock: Clock,
    prompt_day: str,
) -> None:
    """A reply to a /teksti message: staff's text becomes the day's prompt if it fits."""
    assert group.id is not None and message.from_user is not None
    day = datetime.fromisoformat(prompt_day).date()
    text = (message.text or "").strip()
    row = await session_days.day(db, group_id=group.id, on=day)
    problem = prompt_problem(catalog, group, row.theme_key if row else None, text)
    if problem is not None:
        await message.reply(problem)
        return
    now = clock()
    await prompts.set_prompt(
        db, group_id=group.id, day=day, text=text, author_user_id=message.from_user.id, now=now
    )
    await audit.record(
        db,
        action="teksti",
        now=now,
        group_id=group.id,
        actor_user_id=message.from_user.id,
        reason=str(day),
    )
    await message.reply(
        _(
            "Saved: the prompt of {day} is now your text. It is posted when the windows open."
        ).format(day=fmt_day(day))
    )
