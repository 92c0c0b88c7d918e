"""What staff set for a window's opening: the day's own prompt and who is on duty."""

from __future__ import annotations

from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from scheduler.notifier import Opening
from storage import duty, prompts


async def opening_for(db: AsyncSession, *, group_id: int, day: date, window_index: int) -> Opening:
    """The custom prompt of the day and the first name of the staff member on duty (only
    if they allowed it), for the window `window_index` of `day`."""
    custom = await prompts.prompt_for(db, group_id=group_id, day=day)
    shift = await duty.shift(db, group_id=group_id, day=day, window_index=window_index)
    on_duty = shift.first_name if shift is not None and shift.show_name else None
    return Opening(prompt=custom.text if custom else None, on_duty=on_duty or None)
