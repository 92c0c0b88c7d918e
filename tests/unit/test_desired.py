"""What the reconciler wants at each moment relative to a window (pure)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from scheduler.calendar import DEFAULT_WINDOWS, windows_for_day
from scheduler.desired import Kind, ReminderPolicy, Slot, due_actions

HELSINKI = ZoneInfo("Europe/Helsinki")
DAY = date(2026, 12, 8)
WINDOWS = windows_for_day(DAY, DEFAULT_WINDOWS, HELSINKI)
SLOTS = [Slot(w, "kiusaaminen", 1, first_of_day=i == 0) for i, w in enumerate(WINDOWS)]
POLICY = ReminderPolicy()


def local(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI).astimezone(UTC)


def kinds(now: datetime, done: set[tuple[datetime, str]] | None = None) -> list[tuple[str, str]]:
    due = due_actions(now, SLOTS, done or set(), HELSINKI, POLICY)
    return [(d.kind.value, d.slot.window.label) for d in due]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (local(12, 0, DAY - timedelta(days=1)), []),
        (local(18, 0, DAY - timedelta(days=1)), [("remind_evening", "08-10")]),
        (local(7, 50), [("remind_soon", "08-10")]),
        (local(8, 0), [("open", "08-10")]),
        (local(8, 20), [("open", "08-10")]),
        (local(9, 59), [("open", "08-10")]),
        (local(10, 0), [("close", "08-10")]),
        (local(13, 45), [("close", "08-10"), ("remind_soon", "14-16")]),
        (local(15, 0), [("close", "08-10"), ("open", "14-16")]),
        (local(23, 0), [("close", "08-10"), ("close", "14-16"), ("close", "20-22")]),
    ],
)
def test_due_from_nothing_done(now: datetime, expected: list[tuple[str, str]]) -> None:
    """From an empty record, each start time asks for exactly what a person would expect."""
    assert kinds(now) == expected


def test_done_actions_are_not_repeated() -> None:
    """An action recorded as done is never due again: a restart at 08:20 posts nothing new."""
    done = {(WINDOWS[0].start, "open"), (WINDOWS[0].start, "remind_soon")}
    assert kinds(local(8, 20), done) == []


def test_late_start_gives_only_the_close() -> None:
    """Started after 10:00 with nothing done: only the close summary, no stale prompt."""
    assert ("open", "08-10") not in kinds(local(10, 5))
    assert kinds(local(10, 5)) == [("close", "08-10")]


def test_lookback_ignores_old_windows() -> None:
    """Windows that ended over a day ago are left alone (no summaries of last month)."""
    assert kinds(local(12, 0, DAY + timedelta(days=2))) == []


def test_unthemed_day_reminds_staff_three_days_before() -> None:
    """A session day with no theme asks staff for one from three days before."""
    slots = [Slot(WINDOWS[0], None, 1, first_of_day=True)]
    now = local(9, 0, DAY - timedelta(days=3))
    due = due_actions(now, slots, set(), HELSINKI, POLICY)
    assert [d.kind for d in due] == [Kind.THEME_REMINDER]


def test_reminders_can_be_off() -> None:
    """With reminders off, nothing is due before the window opens."""
    policy = ReminderPolicy(evening_before=None, minutes_before=None)
    assert due_actions(local(7, 55), SLOTS, set(), HELSINKI, policy) == []


def test_dst_day_windows_stay_local() -> None:
    """On the October DST change the 08:00 window opens at 08:00 local time."""
    day = date(2026, 10, 25)
    (first, *_rest) = windows_for_day(day, DEFAULT_WINDOWS, HELSINKI)
    slot = Slot(first, "vapaa", 1, first_of_day=True)
    opening = datetime(2026, 10, 25, 6, 0, tzinfo=UTC)  # 08:00 EET (UTC+2)
    assert [d.kind for d in due_actions(opening, [slot], set(), HELSINKI, POLICY)] == [Kind.OPEN]
    before = opening - timedelta(seconds=1)
    assert Kind.OPEN not in [d.kind for d in due_actions(before, [slot], set(), HELSINKI, POLICY)]
