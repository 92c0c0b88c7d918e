"""Quote review buttons, the staff note per theme ("Nostot") and moving a contribution.

Authors: the buttons of the private list sent after a session day (`bot.quote_review`)
withdraw one item or all; the message is edited to show what was withdrawn. Audited without
text. Staff: /nostot (sv /lyft, en /takeaways) YYYY-MM THEME TEXT in the group (privately:
KEY YYYY-MM THEME TEXT, for a group they may read) sets the theme's note shown first in the
month's digest (an empty TEXT deletes it); /alateema (sv /delamne, en /subtopic) N as a reply
to a contribution places it under the theme's question N in the digest (0: "Muut").
"""

from __future__ import annotations

import contextlib
import re

from aiogram import Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from bot.access import IsStaff, may_read, refuse_others
from bot.desk import Desk, sender_id
from bot.digest_ops import parse_month
from bot.filters import CallbackPrefix, InPrivate, InRegisteredGroup
from bot.quote_review import PREFIX, review_keyboard, review_text
from digest.errors import DigestError
from digest.subtopics import OTHER
from storage import contributions, groups, quote_review, theme_notes
from storage.models import Group

NOTE = ("nostot", "lyft", "takeaways")
MOVE = ("alateema", "delamne", "subtopic")
PRESS = re.compile(r"([0-9]{1,18}):([0-9]{1,18}|all)", re.ASCII)


async def on_withdraw(query: CallbackQuery, desk: Desk) -> None:
    """A withdraw button: the presser's own pending items only; the list is edited."""
    match = PRESS.fullmatch((query.data or "").removeprefix(PREFIX))
    if match is None:
        await query.answer()
        return
    day_text, which = match.groups()
    day_id, user_id = int(day_text), query.from_user.id
    ids = None if which == "all" else [int(which)]
    done = await quote_review.withdraw(desk.db, session_day_id=day_id, user_id=user_id, ids=ids)
    if done:
        reason = f"{len(done)} item(s) of session day {day_id}"
        await desk.audit(
            "withdraw_quote", None, actor_user_id=user_id, target_user_id=user_id, reason=reason
        )
    await query.answer(_("Withdrawn: it will not be quoted.") if done else None)
    items = await quote_review.items_of(desk.db, session_day_id=day_id, user_id=user_id)
    if done and items and query.message is not None:
        language = desk.i18n.current_locale
        with contextlib.suppress(TelegramAPIError):  # the withdrawal stands; only a view
            await desk.bot.edit_message_text(
                chat_id=query.message.chat.id,
                message_id=query.message.message_id,
                text=review_text(items, language, desk.settings.quote_review_days),
                parse_mode="HTML",
                reply_markup=review_keyboard(items, day_id),
            )


async def set_note(message: Message, desk: Desk, group: Group, words: list[str]) -> None:
    """Store the note (`words`: YYYY-MM THEME [TEXT…]) and confirm, or say the usage."""
    if len(words) < 2:
        await message.reply(_("Usage: /nostot YYYY-MM THEME TEXT"))
        return
    try:
        year, month = parse_month(words[0])
    except DigestError:
        await message.reply(_("Usage: /nostot YYYY-MM THEME TEXT"))
        return
    key, text = words[1], " ".join(words[2:])
    if key not in desk.catalog:
        await message.reply(
            _("Unknown theme {theme}. Themes: {themes}").format(
                theme=key, themes=", ".join(sorted(desk.catalog))
            )
        )
        return
    assert group.id is not None
    user_id = message.from_user.id if message.from_user else 0
    month_key = f"{year:04d}-{month:02d}"
    await theme_notes.set_note(
        desk.db, group_id=group.id, month=month_key, theme_key=key, text=text,
        author=user_id, now=desk.now(),
    )  # fmt: skip
    await desk.audit("theme_note", group.id, actor_user_id=user_id, reason=f"{month_key} {key}")
    done = _("Note saved for {theme} {month}.") if text else _("Note removed: {theme} {month}.")
    await message.reply(done.format(theme=key, month=month_key))


async def on_note_in_group(
    message: Message, command: CommandObject, desk: Desk, group: Group
) -> None:
    """/nostot YYYY-MM THEME TEXT in the group."""
    await set_note(message, desk, group, (command.args or "").split())


async def on_note_in_private(message: Message, command: CommandObject, desk: Desk) -> None:
    """/nostot KEY YYYY-MM THEME TEXT privately, for a group the sender may read."""
    words = (command.args or "").split()
    group = await groups.by_key(desk.db, key=words[0]) if words else None
    user_id = message.from_user.id if message.from_user else 0
    if group is None or not await may_read(desk.bot, desk.staff, user_id=user_id, group=group):
        await message.reply(_("Usage: /nostot GROUP YYYY-MM THEME TEXT"))
        return
    await set_note(message, desk, group, words[1:])


async def on_move(message: Message, command: CommandObject, desk: Desk, group: Group) -> None:
    """/alateema N as a reply: the contribution goes under question N (0: "Muut")."""
    target = message.reply_to_message
    number = (command.args or "").strip()
    row = (
        await contributions.get(desk.db, chat_id=message.chat.id, message_id=target.message_id)
        if target is not None
        else None
    )
    if row is None or row.theme_key is None or not re.fullmatch(r"[0-9]{1,3}", number):
        await message.reply(_("Reply to a contribution with /alateema N (0 = Muut)."))
        return
    theme = desk.catalog.get(row.theme_key)
    count = len(theme.text(group.language, group.audience).questions) if theme else 0
    if int(number) > count:
        await message.reply(
            _("This theme has questions 1–{count} (0 = Muut).").format(count=count)
        )
        return
    index = int(number) - 1 if int(number) else OTHER
    await contributions.set_subtopic_override(
        desk.db, chat_id=row.chat_id, message_id=row.message_id, index=index
    )
    await desk.audit(
        "move_subtopic",
        group.id,
        actor_user_id=sender_id(message),
        message_id=row.message_id,
        reason=f"question {number}",
    )
    await message.reply(_("Moved to question {number} in the digest.").format(number=number))


def build() -> Router:
    """The quotes router (staff commands refused to others, audited)."""
    router = Router(name="quotes")
    registered = InRegisteredGroup()
    router.callback_query.register(on_withdraw, CallbackPrefix(PREFIX))
    router.message.register(on_note_in_group, Command(*NOTE), registered, IsStaff())
    router.message.register(on_note_in_private, Command(*NOTE), InPrivate(), IsStaff())
    router.message.register(on_move, Command(*MOVE), registered, IsStaff())
    refuse_others(router, *NOTE, *MOVE)
    return router
