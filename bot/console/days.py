"""A session day's details on the console's calendar: its prompt and who is on duty."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.openings import clock_text
from bot.prompt_edits import catalog_prompt, prompt_limit
from scheduler.policy import GroupPolicy
from storage import duty, prompts
from storage.models import Group, SessionDay
from themes.model import Catalog


@dataclass(frozen=True)
class OnDuty:
    """One window of a session day and the staff member on duty there (None: nobody)."""

    window: str
    first_name: str | None


@dataclass(frozen=True)
class DayDetails:
    """The day's prompt (staff's own or the catalog's), its length limit, and the duty."""

    prompt: str
    custom: bool
    limit: int
    duty: tuple[OnDuty, ...]


def window_labels(policy: GroupPolicy) -> tuple[str, ...]:
    """Each window as people here write it: "8–10", "8.30–10"."""
    return tuple(f"{clock_text(w.start, 'fi')}–{clock_text(w.end, 'fi')}" for w in policy.windows)


async def day_details(
    db: AsyncSession, group: Group, policy: GroupPolicy, catalog: Catalog,
    rows: Sequence[SessionDay],
) -> dict[date, DayDetails]:  # fmt: skip
    """The details of each session day in `rows` that is not skipped."""
    assert group.id is not None
    days = [row for row in rows if not row.skipped]
    if not days:
        return {}
    shifts = await duty.shifts_between(db, group_id=group.id, start=days[0].day, end=days[-1].day)
    names = {(s.day, s.window_index): s.first_name or "?" for s in shifts}
    labels = window_labels(policy)
    found = {}
    for row in days:
        custom = await prompts.prompt_for(db, group_id=group.id, day=row.day)
        found[row.day] = DayDetails(
            prompt=custom.text if custom else catalog_prompt(catalog, group, row.theme_key),
            custom=custom is not None,
            limit=prompt_limit(catalog, group, row.theme_key),
            duty=tuple(
                OnDuty(label, names.get((row.day, index))) for index, label in enumerate(labels)
            ),
        )
    return found
