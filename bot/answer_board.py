"""At a window's opening: "Answers to earlier questions", posted once, then marked published.

The questions are anonymous and redacted with the digest's `Redactor`; the answers too (staff
may quote). Posting and marking happen in one transaction after the prompt: a crash between
Telegram's answer and the commit posts them again at the next opening (the accepted price,
as for the prompt itself). A failure here never fails the opening.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Sequence
from dataclasses import dataclass

from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import speaking
from bot.jobs_common import GroupJob
from digest.redaction import Redactor
from scheduler.notifier import GroupView
from storage import groups, questions
from storage.db import transaction
from storage.questions import Question

log = logging.getLogger(__name__)


def board_text(answered: Sequence[Question], redact: Redactor) -> str:
    """The group message: a heading, then each question and its answer (current language)."""
    heading = _("Answers to earlier questions")
    parts = [f"<b>{html.escape(heading)}</b>"]
    for question in answered:
        asked = html.escape(redact(question.text or "…"))
        answer = html.escape(redact(question.answer or ""))
        parts.append(f"❓ <i>{asked}</i>\n{answer}")
    return "\n\n".join(parts)


@dataclass(kw_only=True, eq=False)
class AnswerBoard(GroupJob):
    """Publishes a group's answered questions when its next window opens."""

    async def publish(self, group: GroupView, *, thread_id: int | None) -> None:
        """Post the group's answered questions once (nothing when there are none)."""
        try:
            async with transaction(self.deps.sessions) as db:
                await self._publish(db, group, thread_id)
        except Exception:  # the prompt is posted already; the next opening tries again
            log.exception("posting the answers in %s failed", group.key)

    async def _publish(self, db: AsyncSession, group: GroupView, thread_id: int | None) -> None:
        row = await groups.by_key(db, key=group.key)
        if row is None or row.id is None:
            return
        answered = await questions.in_state(db, group_id=row.id, state=questions.ANSWERED)
        if not answered:
            return
        with speaking(self.deps.i18n, group.language):
            text = board_text(answered, Redactor(group.language))
        await self.deps.bot.send_message(
            chat_id=group.chat_id, text=text, parse_mode="HTML", message_thread_id=thread_id
        )
        ids = [q.id for q in answered if q.id is not None]
        await questions.mark_published(db, ids=ids, now=self.deps.clock())
