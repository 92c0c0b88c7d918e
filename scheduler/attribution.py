"""Which theme and window a message belongs to, by the message's own time (DESIGN flow 2)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.calendar import local_day, window_at, windows_for_day
from scheduler.policy import GroupPolicy
from scheduler.reconciler import adhoc_slot
from storage import actions, session_days
from themes.model import FALLBACK_THEME


@dataclass(frozen=True)
class Attribution:
    """Where a message counts; all None for an unthemed message (outside every window)."""

    theme_key: str | None = None
    session_day_id: int | None = None
    window_label: str | None = None
    window_start: datetime | None = None
    late: bool = False


UNTHEMED = Attribution()


async def attribute(
    db: AsyncSession,
    *,
    group_id: int,
    policy: GroupPolicy,
    sent_at: datetime,
    reply_to_message_id: int | None,
) -> Attribution:
    """A planned window, else an ad hoc one, else a late reply to a prompt, else unthemed."""
    day = await session_days.day(db, group_id=group_id, on=local_day(sent_at, policy.zone))
    if day is not None and not day.skipped:
        window = window_at(sent_at, [day.day], policy.windows, policy.zone)
        if window is not None:
            theme = day.theme_key or FALLBACK_THEME
            return Attribution(theme, day.id, window.label, window.start)
    adhoc = await session_days.adhoc_at(db, group_id=group_id, instant=sent_at)
    if adhoc is not None:
        slot = adhoc_slot(adhoc, policy)
        return Attribution(adhoc.theme_key, None, slot.window.label, adhoc.start)
    if reply_to_message_id is not None:
        return await _late_reply(db, group_id, policy, reply_to_message_id, sent_at)
    return UNTHEMED


async def _late_reply(
    db: AsyncSession, group_id: int, policy: GroupPolicy, reply_to: int, sent_at: datetime
) -> Attribution:
    prompt = await actions.prompt_for_message(db, group_id=group_id, message_id=reply_to)
    if prompt is None or sent_at < prompt.window_end:
        return UNTHEMED
    return Attribution(
        prompt.theme_key,
        prompt.session_day_id,
        window_label(prompt.window_start, prompt.window_end, policy),
        prompt.window_start,
        late=True,
    )


def window_label(start: datetime, end: datetime, policy: GroupPolicy) -> str:
    """The label ("08-10") of the planned window starting at `start`, else from the times."""
    day = local_day(start, policy.zone)
    for window in windows_for_day(day, policy.windows, policy.zone):
        if window.start == start:
            return window.label
    return f"{start.astimezone(policy.zone):%H:%M}-{end.astimezone(policy.zone):%H:%M}"
