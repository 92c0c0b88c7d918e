"""The session day a closing window ends: shared by the jobs that run once a day is over."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.calendar import Window, windows_for_day
from scheduler.notifier import GroupView
from scheduler.policy import GroupPolicy
from storage import groups, session_days
from storage.models import Group, SessionDay


@dataclass(frozen=True)
class EndedDay:
    """A held session day whose last window just closed, with its group and windows."""

    group: Group
    policy: GroupPolicy
    windows: list[Window]
    day: SessionDay


async def ended_day(
    db: AsyncSession,
    view: GroupView,
    window: Window,
    policies: Callable[[Group], GroupPolicy],
) -> EndedDay | None:
    """The session day `window` ends, if it is that day's last window and the day was held
    (planned, not skipped); else None."""
    group = await groups.by_key(db, key=view.key)
    if group is None or group.id is None:
        return None
    policy = policies(group)
    day_windows = windows_for_day(window.day, policy.windows, policy.zone)
    if not day_windows or day_windows[-1].start != window.start:
        return None
    day = await session_days.day(db, group_id=group.id, on=window.day)
    if day is None or day.skipped or day.id is None:
        return None
    return EndedDay(group, policy, day_windows, day)
