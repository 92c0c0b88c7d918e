"""Which theme a private message between session days counts for (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from storage.models import SessionDay


def voice_day(days: Sequence[SessionDay], today: date) -> SessionDay | None:
    """The month's next session day (today included), else its latest past one, else None.

    `days` are the month's session days that were not skipped, in date order.
    """
    coming = [day for day in days if day.day >= today]
    if coming:
        return coming[0]
    return days[-1] if days else None
