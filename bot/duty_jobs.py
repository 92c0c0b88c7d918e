"""Staff-side scheduler jobs: duty reminders, nudges for windows nobody staffs, holiday notes.

Run after each reconciliation pass (under the scheduler lease). Each private message is sent
once: a `storage.state` claim per window (or date) is taken first and given back if sending
fails for a reason other than a staff member who has not started the bot.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from aiogram.utils.i18n import gettext as _

from bot.dates import fmt_day
from bot.i18n import speaking
from bot.jobs_common import GroupJob
from bot.notifier import TelegramNotifier
from bot.staff import note_staff
from scheduler.calendar import Window, local_day, session_dates, windows_for_day
from scheduler.policy import GroupPolicy
from scheduler.public_holidays import holiday_name
from storage import duty, groups, session_days, state
from storage.db import transaction
from storage.models import Group

log = logging.getLogger(__name__)
REMIND_BEFORE = timedelta(minutes=15)
NUDGE_BEFORE = timedelta(days=2)
HOLIDAY_LOOKAHEAD = timedelta(days=62)
_Words = Callable[[], str]
_Sender = Callable[[str], Awaitable[bool]]


def hours(window: Window, policy: GroupPolicy) -> str:
    """The window's local span, e.g. 08:00–10:00."""
    zone = policy.zone
    return f"{window.start.astimezone(zone):%H:%M}–{window.end.astimezone(zone):%H:%M}"


def remind_text(group: Group, window: Window, policy: GroupPolicy) -> str:
    """The private reminder to the staff member on duty in `window` (current language)."""
    return _(
        "Reminder: you are on duty in group {group} today at {hours}. The window opens "
        "in a moment."
    ).format(group=group.title or group.key, hours=hours(window, policy))


def nudge_text(group: Group, window: Window, policy: GroupPolicy) -> str:
    """The note to staff that nobody is on duty in `window` yet (current language)."""
    return _(
        "Nobody is on duty yet in group {group} on {date} at {hours}. Take the window "
        "with /vuoro {iso} {label} in the group."
    ).format(
        group=group.title or group.key,
        date=fmt_day(window.day),
        hours=hours(window, policy),
        iso=window.day.isoformat(),
        label=window.label,
    )


def holiday_text(group: Group, day: date, name: str) -> str:
    """The note to staff that a day rule falls on a public holiday (current language)."""
    return _(
        "{date} is a public holiday ({name}), so it is not a session day of group "
        "{group}, although the day rule falls on it. To hold a session anyway: "
        "/plan {iso} THEME in the group."
    ).format(date=fmt_day(day), name=name, group=group.title or group.key, iso=day.isoformat())


@dataclass(kw_only=True, eq=False)
class DutyJobs(GroupJob):
    """The staff-side jobs of one bot instance."""

    notifier: TelegramNotifier

    async def run(self, now: datetime) -> None:
        """Every registered group: reminders and nudges due at `now`, holiday notes."""
        async with self.deps.sessions() as db:
            registered = [g for g in await groups.all_groups(db) if g.chat_id is not None]
        for group in registered:
            try:
                await self.for_group(group, now)
            except Exception:  # one group's trouble must not stop the others
                log.exception("duty jobs for group %s failed", group.key)

    async def for_group(self, group: Group, now: datetime) -> None:
        """One group's duty reminders, nudges and holiday notes."""
        assert group.id is not None
        policy = self.deps.policies(group)
        today = local_day(now, policy.zone)
        async with self.deps.sessions() as db:
            days = await session_days.days_between(
                db, group_id=group.id, start=today, end=today + timedelta(days=3)
            )
            shifts = await duty.shifts_between(
                db, group_id=group.id, start=today, end=today + timedelta(days=3)
            )
            roster = bool(shifts) or await duty.uses_roster(db, group_id=group.id)
        on_duty = {(s.day, s.window_index): s.user_id for s in shifts}
        for row in days:
            for window in windows_for_day(row.day, policy.windows, policy.zone):
                if not now < window.start:
                    continue
                user_id = on_duty.get((row.day, window.index))
                if user_id is not None and now >= window.start - REMIND_BEFORE:
                    await self._remind(group, policy, window, user_id, now)
                elif user_id is None and roster and now >= window.start - NUDGE_BEFORE:
                    await self._nudge(group, policy, window, now)
        if policy.day_rules:
            await self._holiday_notes(group, policy, today, now)

    async def _remind(
        self, group: Group, policy: GroupPolicy, window: Window, user_id: int, now: datetime
    ) -> None:
        key = f"duty-remind:{group.id}:{int(window.start.timestamp())}:{user_id}"
        words = functools.partial(remind_text, group, window, policy)
        await self._once(key, now, group, words, functools.partial(self._send, user_id))

    async def _nudge(
        self, group: Group, policy: GroupPolicy, window: Window, now: datetime
    ) -> None:
        key = f"duty-nudge:{group.id}:{int(window.start.timestamp())}"
        words = functools.partial(nudge_text, group, window, policy)
        await self._once(key, now, group, words, self._staff)

    async def _holiday_notes(
        self, group: Group, policy: GroupPolicy, today: date, now: datetime
    ) -> None:
        assert group.id is not None
        end = today + HOLIDAY_LOOKAHEAD
        ruled = session_dates(policy.day_rules, today, end)
        for day in ruled:
            name = holiday_name(day, group.language)
            if name is None:
                continue
            async with self.deps.sessions() as db:
                if await session_days.day(db, group_id=group.id, on=day) is not None:
                    continue  # staff planned or skipped it themselves
            key = f"holiday-note:{group.id}:{day.isoformat()}"
            words = functools.partial(holiday_text, group, day, name)
            await self._once(key, now, group, words, self._staff)

    async def _once(
        self, key: str, now: datetime, group: Group, words: _Words, send: _Sender
    ) -> None:
        """Claim `key`, send the words (in the group's language); give the claim back if sending
        failed (the next pass retries)."""
        with speaking(self.deps.i18n, group.language):
            text = words()
        async with transaction(self.deps.sessions) as db:
            if not await state.claim(db, key=key, now=now):
                return
        if not await send(text):
            async with transaction(self.deps.sessions) as db:
                await state.unclaim(db, key=key)

    async def _send(self, user_id: int, text: str) -> bool:
        return await note_staff(self.deps.bot, user_id, text, what="duty reminder")

    async def _staff(self, text: str) -> bool:
        await self.notifier.tell_staff(text)
        return True
