"""Questions to staff (issue 15 part 1).

Members: /kysy (sv /fraga, en /ask) TEXT in the group or privately (several groups: buttons).
Staff: /kysymys (sv /fragan, en /question) as a reply turns a member's "…?" sent in a window
into a question; /kysymykset (sv /fragor, en /questions) lists the open ones with an answer
button each; /vastaa (sv /svara, en /answer) N TEXT, or a reply to the button's prompt,
answers. The asker gets the answer privately at once; the group sees it at the next opening.
"""

from __future__ import annotations

import contextlib
import re
from typing import Any

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError
from aiogram.filters import Command, CommandObject, Filter
from aiogram.types import (
    CallbackQuery,
    ForceReply,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.i18n import gettext as _

from bot import callback_data
from bot.access import IsStaff, may_read, readable_groups, refuse_others
from bot.callback_data import stale_button_text
from bot.desk import DESK_FIELDS, Desk
from bot.filters import CallbackPrefix, InPrivate, InRegisteredGroup
from bot.instructions import Instructions
from bot.membership import group_title
from bot.questions import deliver_answer, privacy_refusal, theme_now_or_next
from scheduler.attribution import attribute
from storage import groups, members, questions
from storage.models import Group, Member
from storage.questions import Question

ASK = ("kysy", "fraga", "ask")
ADOPT = ("kysymys", "fragan", "question")
LIST = ("kysymykset", "fragor", "questions")
ANSWER = ("vastaa", "svara", "answer")
ANSWER_MARK = re.compile(r"^✍️ #(\d+)")


def _user_id(message: Message) -> int:
    return message.from_user.id if message.from_user else 0


async def _store(
    desk: Desk, group: Group, user_id: int, text: str, source: tuple[int, int] | None
) -> Question | None:
    assert group.id is not None
    member = await members.ensure(desk.db, group_id=group.id, user_id=user_id, now=desk.now())
    theme = await theme_now_or_next(
        desk.db, group=group, policy=desk.policies(group), now=desk.now()
    )
    return await questions.ask(
        desk.db,
        group_id=group.id,
        member_id=member.id,
        text=text,
        theme_key=theme,
        now=desk.now(),
        source=source,
    )


def _thanks(question: Question) -> str:
    return _(
        "Thank you! Your question (#{number}) went to the project workers. You will get the "
        "answer privately, and it is shared anonymously in the group at the next discussion."
    ).format(number=question.id)


async def _refused_for_privacy(message: Message, desk: Desk, text: str, language: str) -> bool:
    """Tell the asker privately (deleting a group message) when the text holds personal data."""
    notice = privacy_refusal(text, language)
    if notice is None:
        return False
    if message.chat.type != "private":
        with contextlib.suppress(TelegramAPIError):
            await desk.bot.delete_message(chat_id=message.chat.id, message_id=message.message_id)
    try:
        await desk.bot.send_message(chat_id=_user_id(message), text=notice)
    except TelegramAPIError:
        await message.answer(notice)
    return True


async def on_ask_in_group(
    message: Message, command: CommandObject, desk: Desk, group: Group
) -> None:
    """/kysy TEXT in the group: a question of this group (refused if it holds personal data)."""
    text = (command.args or "").strip()
    if not text:
        await message.reply(_("Write your question after the command: /ask What …?"))
        return
    if await _refused_for_privacy(message, desk, text, group.language):
        return
    stored = await _store(desk, group, _user_id(message), text, None)
    if stored is not None:
        await message.reply(_thanks(stored))


async def _my_groups(desk: Desk, user_id: int) -> list[Group]:
    ids = await questions.groups_of(desk.db, user_id=user_id)
    return [g for g in await groups.all_groups(desk.db) if g.id in ids and g.chat_id is not None]


async def on_ask_in_private(message: Message, command: CommandObject, desk: Desk) -> None:
    """/kysy TEXT in private: to the asker's group, or buttons to pick one of several."""
    text = (command.args or "").strip()
    if not text:
        await message.answer(_("Write your question after the command: /ask What …?"))
        return
    mine = await _my_groups(desk, _user_id(message))
    if not mine:
        await message.answer(_("You can ask once you are a member of an advisory group."))
        return
    if await _refused_for_privacy(message, desk, text, mine[0].language):
        return
    if len(mine) == 1:
        stored = await _store(desk, mine[0], _user_id(message), text, None)
        if stored is not None:
            await message.answer(_thanks(stored))
        return
    first = mine[0]
    assert first.id is not None
    owner = await members.ensure(
        desk.db, group_id=first.id, user_id=_user_id(message), now=desk.now()
    )
    draft = await questions.ask(
        desk.db, group_id=None, member_id=owner.id, text=text, theme_key=None, now=desk.now()
    )
    assert draft is not None
    buttons = [
        [InlineKeyboardButton(text=group_title(g), callback_data=f"qa:to:{draft.id}:{g.id}")]
        for g in mine
    ]
    await message.answer(
        _("Which group is your question for?"),
        reply_markup=InlineKeyboardMarkup(inline_keyboard=buttons),
    )


async def on_pick_group(query: CallbackQuery, desk: Desk) -> None:
    """The asker picked the group of a private question."""
    parts = callback_data.fields(query.data, "qa:to:", 2)
    ids = [callback_data.number(part) for part in parts or ()]
    if parts is None or None in ids:
        await query.answer(stale_button_text())
        return
    draft_id, group_id = (int(part) for part in parts)
    mine = {g.id: g for g in await _my_groups(desk, query.from_user.id)}
    group = mine.get(group_id)
    draft = await questions.get(desk.db, question_id=draft_id)
    if group is None or group.id is None or draft is None:
        await query.answer()
        return
    member = await members.get(desk.db, group_id=group.id, user_id=query.from_user.id)
    owner = await desk.db.get(Member, draft.member_id) if draft.member_id else None
    if member is None or owner is None or owner.user_id != query.from_user.id:
        await query.answer()
        return
    theme = await theme_now_or_next(
        desk.db, group=group, policy=desk.policies(group), now=desk.now()
    )
    placed = await questions.place_draft(
        desk.db, question_id=int(draft_id), group_id=group.id, member_id=member.id, theme_key=theme
    )
    await query.answer()
    if placed is not None and isinstance(query.message, Message):
        await query.message.edit_text(_thanks(placed))


async def on_adopt(message: Message, desk: Desk, group: Group) -> None:
    """/kysymys as a reply: a member's message ending in "?" sent in a window becomes a
    question (once)."""
    target = message.reply_to_message
    text = (target.text or target.caption or "").strip() if target else ""
    author = target.from_user if target else None
    if target is None or author is None or author.is_bot or not text.endswith("?"):
        await message.reply(
            _("Use this command as a reply to a member's message that ends with a question mark.")
        )
        return
    assert group.id is not None
    where = await attribute(
        desk.db,
        group_id=group.id,
        policy=desk.policies(group),
        sent_at=target.date,
        reply_to_message_id=None,
    )
    if where.window_start is None:
        await message.reply(_("Only a question sent during a discussion can be taken up."))
        return
    if privacy_refusal(text, group.language) is not None:
        await message.reply(_("That message holds personal data, so it cannot be a question."))
        return
    stored = await _store(desk, group, author.id, text, (message.chat.id, target.message_id))
    if stored is None:
        await message.reply(_("That message is already a question."))
        return
    await message.reply(
        _("Taken up as question #{number}. Answer it with /answer {number} ANSWER.").format(
            number=stored.id
        )
    )


def _listing(open_ones: list[tuple[Group, Question]]) -> tuple[str, InlineKeyboardMarkup | None]:
    if not open_ones:
        return _("No questions are waiting for an answer."), None
    lines = [_("Questions waiting for an answer:")]
    buttons = []
    for group, question in open_ones:
        theme = question.theme_key or "–"
        lines.append(f"#{question.id} ({group.key}, {theme}): {question.text or '…'}")
        label = _("Answer #{number}").format(number=question.id)
        buttons.append([InlineKeyboardButton(text=label, callback_data=f"qa:ans:{question.id}")])
    return "\n".join(lines), InlineKeyboardMarkup(inline_keyboard=buttons)


async def on_list(message: Message, desk: Desk, group: Group | None) -> None:
    """/kysymykset: the open questions (this group, or in private every readable group)."""
    if message.chat.type == "private":
        readable = await readable_groups(desk.db, desk.bot, desk.staff, user_id=_user_id(message))
    else:
        readable = [group] if group is not None else []
    open_ones = [
        (g, q)
        for g in readable
        for q in await questions.in_state(desk.db, group_id=g.id or 0, state=questions.OPEN)
    ]
    text, keyboard = _listing(open_ones)
    await message.answer(text, reply_markup=keyboard)


async def _answerable(desk: Desk, user_id: int, number: int) -> Question | None:
    question = await questions.get(desk.db, question_id=number)
    if question is None or question.group_id is None:
        return None
    group = await desk.db.get(Group, question.group_id)
    if group is None or not await may_read(desk.bot, desk.staff, user_id=user_id, group=group):
        return None
    return question


async def on_answer_button(query: CallbackQuery, desk: Desk) -> None:
    """The answer button: a prompt the staff member answers by replying to it."""
    parts = callback_data.fields(query.data, "qa:ans:", 1)
    number = callback_data.number(parts[0]) if parts else None
    if number is None:
        await query.answer(stale_button_text())
        return
    question = await _answerable(desk, query.from_user.id, number)
    await query.answer()
    if question is None or not isinstance(query.message, Message):
        return
    prompt = _("Reply to this message with your answer to question #{number}.").format(
        number=number
    )
    await query.message.answer(f"✍️ #{number}\n{prompt}", reply_markup=ForceReply(selective=True))


async def _save_answer(message: Message, desk: Desk, number: int, text: str) -> None:
    question = await _answerable(desk, _user_id(message), number)
    if question is None or not text:
        await message.reply(_("There is no open question #{number}.").format(number=number))
        return
    answered = await questions.answer(desk.db, question_id=number, text=text, now=desk.now())
    if answered is None:
        await message.reply(_("Question #{number} is already published.").format(number=number))
        return
    delivered = await deliver_answer(desk.bot, desk.db, question=answered, i18n=desk.i18n)
    await message.reply(
        _("Answer saved. The asker got it privately; the group sees it at the next discussion.")
        if delivered
        else _(
            "Answer saved. The asker could not be reached privately; the group sees it at the "
            "next discussion."
        )
    )


async def on_answer(message: Message, command: CommandObject, desk: Desk) -> None:
    """/vastaa N TEXT."""
    number, _sep, text = (command.args or "").strip().partition(" ")
    if not number.lstrip("#").isdigit():
        await message.reply(_("Write the question's number and the answer: /answer 3 ANSWER"))
        return
    await _save_answer(message, desk, int(number.lstrip("#")), text.strip())


class AnswerReply(Filter):
    """A reply to the bot's "✍️ #N" answer prompt (cheap checks first: the hot path)."""

    async def __call__(self, message: Message, bot: Bot) -> bool | dict[str, int]:
        target = message.reply_to_message
        if target is None or target.from_user is None or target.from_user.id != bot.id:
            return False
        found = ANSWER_MARK.match(target.text or "")
        return {"question_number": int(found.group(1))} if found else False


async def on_answer_reply(message: Message, question_number: int, **data: Any) -> None:
    """A staff member's reply to an answer prompt is the answer (the group traffic has no
    desk middleware: the desk is gathered here)."""
    desk = Desk(*(data[name] for name in DESK_FIELDS))
    await _save_answer(message, desk, question_number, (message.text or "").strip())


def build() -> Router:
    """The questions router (staff commands refused to others, audited)."""
    router = Router(name="questions")
    registered = InRegisteredGroup()
    router.message.register(on_ask_in_group, Command(*ASK), registered)
    router.message.register(on_ask_in_private, Command(*ASK), InPrivate())
    router.callback_query.register(on_pick_group, CallbackPrefix("qa:to:"))
    router.message.register(on_adopt, Command(*ADOPT), registered, IsStaff())
    router.message.register(on_list, Command(*LIST), IsStaff())
    router.message.register(on_answer, Command(*ANSWER), IsStaff())
    router.callback_query.register(on_answer_button, CallbackPrefix("qa:ans:"))
    refuse_others(router, *ADOPT, *LIST, *ANSWER)
    return router


def register(instructions: Instructions) -> None:
    """Replies to answer prompts, among the group traffic's instructions."""
    instructions.register(on_answer_reply, AnswerReply(), IsStaff())
