"""Mid-month nudge: after a session day's last window closed, staff get a private summary.

Contributions and participants per window (the figures the close messages made public),
questions waiting for an answer, and the group's municipalities not heard on the theme this
month. Disclosure: a municipality is named only when the group has at least
`suppression_threshold` members from it (naming a smaller one as "not heard" would tell
about a handful of known people); the smaller ones are only counted. Once per group and
session day (a `storage.state` claim), to configured staff only.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from aiogram.exceptions import TelegramAPIError
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.day_end import ended_day
from bot.i18n import speaking
from bot.jobs_common import AfterSessionDay
from scheduler.calendar import Window, local_month
from scheduler.notifier import GroupView
from scheduler.policy import GroupPolicy
from storage import contributions, heard, help_requests, questions, state
from storage.models import Group
from storage.tally import Tally

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class NotHeard:
    """Municipalities that may be named as not heard, and how many smaller ones are left out."""

    named: tuple[str, ...]
    small_left_out: int


def not_heard(members: Mapping[str, int], heard_in: Iterable[str], threshold: int) -> NotHeard:
    """Municipalities with no contribution: named if ≥ `threshold` members, else only counted."""
    silent = sorted(name for name in members if name not in set(heard_in))
    named = tuple(name for name in silent if members[name] >= threshold)
    return NotHeard(named, len(silent) - len(named))


@dataclass(frozen=True)
class DaySummary:
    """What staff are told after a session day."""

    group_title: str
    theme_key: str
    windows: tuple[tuple[str, Tally], ...]
    open_questions: int
    open_help_requests: int
    silent: NotHeard


def summary_text(summary: DaySummary, day_label: str) -> str:
    """The private nudge (current language)."""
    lines = [
        _("Session day {date} of group {group} ({theme}) is over.").format(
            date=day_label, group=summary.group_title, theme=summary.theme_key
        )
    ]
    for label, tally in summary.windows:
        lines.append(
            _("{window}: {contributions} contributions, {participants} participants").format(
                window=label, contributions=tally.contributions, participants=tally.participants
            )
        )
    lines.append(
        _("Questions waiting for an answer: {count} (/kysymykset)").format(
            count=summary.open_questions
        )
    )
    lines.append(
        _("Help requests waiting for contact: {count} (/apupyynnot)").format(
            count=summary.open_help_requests
        )
    )
    if summary.silent.named:
        lines.append(
            _("Not heard on this theme yet: {names}").format(names=", ".join(summary.silent.named))
        )
    if summary.silent.small_left_out:
        lines.append(
            _("Municipalities with few members are not named ({count} not heard yet).").format(
                count=summary.silent.small_left_out
            )
        )
    return "\n".join(lines)


@dataclass(kw_only=True, eq=False)
class SessionDayNudges(AfterSessionDay[tuple[DaySummary, date]]):
    """Sends the nudge once when a session day's last window has closed."""

    what = "session day nudge"
    staff_ids: Iterable[int]
    threshold: int

    def __post_init__(self) -> None:
        self.staff_ids = tuple(self.staff_ids)

    async def _claimed(
        self, db: AsyncSession, view: GroupView, window: Window
    ) -> tuple[DaySummary, date] | None:
        ended = await ended_day(db, view, window, self.deps.policies)
        if ended is None:
            return None
        key = f"staff-nudge:{ended.group.id}:{window.day.isoformat()}"
        if not await state.claim(db, key=key, now=self.deps.clock()):
            return None
        theme = ended.day.theme_key or "vapaa"
        summary = await self._summary(db, ended.group, ended.policy, ended.windows, theme)
        return summary, window.day

    async def _summary(
        self,
        db: AsyncSession,
        group: Group,
        policy: GroupPolicy,
        day_windows: list[Window],
        theme_key: str,
    ) -> DaySummary:
        group_id = group.id
        assert group_id is not None
        tallies = [
            (
                w.label,
                await contributions.window_tally(db, group_id=group_id, window_start=w.start),
            )
            for w in day_windows
        ]
        start, end = local_month(day_windows[-1].start, policy.zone)
        members = await heard.members_by_municipality(db, group_id=group_id)
        spoke = await heard.heard_municipalities(
            db, group_id=group_id, theme_key=theme_key, start=start, end=end
        )
        return DaySummary(
            group_title=group.title or group.key,
            theme_key=theme_key,
            windows=tuple(tallies),
            open_questions=await questions.count_open(db, group_id=group_id),
            open_help_requests=await help_requests.count_open(db, group_id=group_id),
            silent=not_heard(members, spoke, self.threshold),
        )

    async def _send(self, group: GroupView, claimed: tuple[DaySummary, date]) -> None:
        summary, day = claimed
        with speaking(self.deps.i18n, group.language):
            text = summary_text(summary, f"{day.day}.{day.month}.{day.year}")
        for user_id in self.staff_ids:
            try:
                await self.deps.bot.send_message(chat_id=user_id, text=text)
            except TelegramAPIError as exc:
                log.info("nudge to staff %s not delivered: %s", user_id, exc)
