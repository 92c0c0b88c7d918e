"""Session windows: parsing, DST-correct conversion to UTC, lookup and boundaries."""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from itertools import pairwise
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from scheduler.calendar import (
    DEFAULT_WINDOWS,
    Window,
    WindowSpec,
    local_day,
    local_month,
    next_boundaries,
    parse_window,
    validate_windows,
    window_at,
    windows_for_day,
)

HELSINKI = ZoneInfo("Europe/Helsinki")
ZONES = ["Europe/Helsinki", "Europe/Stockholm", "America/New_York", "UTC"]
DST_DAYS = [date(2026, 3, 29), date(2026, 10, 25), date(2026, 3, 8), date(2026, 11, 1)]
NAIVE = datetime(2026, 3, 10, 8, tzinfo=UTC).replace(tzinfo=None)
EARLIEST, LATEST = NAIVE.replace(year=2000), NAIVE.replace(year=2100)
SCHEDULER = Path(__file__).resolve().parents[2] / "scheduler"


def utc(day: date, hour: int, minute: int = 0) -> datetime:
    """An aware UTC instant on `day`."""
    return datetime.combine(day, time(hour, minute), tzinfo=UTC)


def spec(text: str) -> WindowSpec:
    """Shorthand for parse_window."""
    return parse_window(text)


@st.composite
def window_specs(draw: st.DrawFn) -> tuple[WindowSpec, ...]:
    """Sorted, non-overlapping specs on whole minutes (or the defaults)."""
    minutes = draw(st.lists(st.integers(0, 1439), min_size=2, max_size=8, unique=True))
    minutes = sorted(minutes)[: len(minutes) // 2 * 2]
    specs = tuple(
        WindowSpec(time(*divmod(start, 60)), time(*divmod(end, 60)))
        for start, end in zip(minutes[::2], minutes[1::2], strict=True)
    )
    return draw(st.sampled_from([specs, DEFAULT_WINDOWS]))


days_2000_2100 = st.one_of(
    st.dates(date(2000, 1, 1), date(2100, 12, 31)), st.sampled_from(DST_DAYS)
)
zones = st.sampled_from(ZONES).map(ZoneInfo)


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("08:00-10:00", time(8), time(10), "08-10"),
        ("8-10", time(8), time(10), "08-10"),
        ("8.00–10.00", time(8), time(10), "08-10"),
        (" 20:00 - 22:00 ", time(20), time(22), "20-22"),
        ("08:30-10:00", time(8, 30), time(10), "08:30-10:00"),
        ("00:00-23:59", time(0), time(23, 59), "00:00-23:59"),
    ],
)
def test_parse_window_reads_times_and_labels_them(
    text: str, start: time, end: time, label: str
) -> None:
    """Windows parse from HH:MM-HH:MM (or HH-HH, Finnish dots) and label as HH-HH."""
    parsed = parse_window(text)
    assert (parsed.start, parsed.end, parsed.label) == (start, end, label)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot read window"),
        ("08:00", "cannot read window"),
        ("8am-10am", "cannot read window"),
        ("08:00-10:00-12:00", "cannot read window"),
        ("10:00-08:00", "must end after it starts"),
        ("08:00-08:00", "must end after it starts"),
        ("25:00-26:00", "25:00 .* is not in 00:00-23:59"),
        ("08:60-10:00", "08:60 .* is not in 00:00-23:59"),
        ("22:00-24:00", "24:00 .* is not in 00:00-23:59"),
    ],
)
def test_parse_window_rejects_bad_input_clearly(text: str, message: str) -> None:
    """Bad format, an end not after the start and out-of-range times raise ValueError."""
    with pytest.raises(ValueError, match=message):
        parse_window(text)


def test_window_spec_refuses_seconds_and_reversed_times() -> None:
    """A spec built directly must also end after it starts and use whole minutes."""
    with pytest.raises(ValueError, match="must be after start"):
        WindowSpec(time(10), time(8))
    with pytest.raises(ValueError, match="whole minutes"):
        WindowSpec(time(8, 0, 30), time(10))


def test_default_windows_are_the_three_staffed_ones() -> None:
    """The defaults are 08-10, 14-16 and 20-22 and pass validation."""
    assert [window.label for window in DEFAULT_WINDOWS] == ["08-10", "14-16", "20-22"]
    assert validate_windows(DEFAULT_WINDOWS) == DEFAULT_WINDOWS


def test_validate_windows_allows_touching_windows() -> None:
    """A window may start exactly when the previous one ends."""
    assert len(validate_windows([spec("08-10"), spec("10-12")])) == 2


@pytest.mark.parametrize(
    ("specs", "message"),
    [
        ([], "at least one window"),
        ([spec("08-10"), spec("09-11")], "overlap"),
        ([spec("08-10"), spec("08-09")], "overlap"),
        ([spec("08-10"), spec("07-09")], "sorted"),
        ([spec("14-16"), spec("08-10")], "sorted"),
    ],
)
def test_validate_windows_rejects_overlaps_and_disorder(
    specs: list[WindowSpec], message: str
) -> None:
    """Empty, overlapping or unsorted window lists raise ValueError."""
    with pytest.raises(ValueError, match=message):
        validate_windows(specs)


@pytest.mark.parametrize(
    ("day", "utc_hours"),
    [
        (date(2026, 3, 28), [6, 12, 18]),  # winter time, UTC+2
        (date(2026, 3, 29), [5, 11, 17]),  # clocks went forward at 03:00 -> UTC+3
        (date(2026, 10, 24), [5, 11, 17]),  # summer time, UTC+3
        (date(2026, 10, 25), [6, 12, 18]),  # clocks went back at 04:00 -> UTC+2
    ],
)
def test_helsinki_windows_keep_local_time_across_dst(day: date, utc_hours: list[int]) -> None:
    """08:00, 14:00 and 20:00 stay local on the DST change days; UTC moves by an hour."""
    windows = windows_for_day(day, DEFAULT_WINDOWS, HELSINKI)
    assert [window.start for window in windows] == [utc(day, hour) for hour in utc_hours]
    assert [window.end - window.start for window in windows] == [timedelta(hours=2)] * 3
    assert [window.start.astimezone(HELSINKI).time() for window in windows] == [
        time(8),
        time(14),
        time(20),
    ]
    assert [(window.index, window.label) for window in windows] == [
        (0, "08-10"),
        (1, "14-16"),
        (2, "20-22"),
    ]


@pytest.mark.parametrize(
    ("zone", "day", "start", "end"),
    [
        # Helsinki skips 03:00-04:00: 02:30 exists (UTC+2), 03:30 moves to 04:00 (01:00 UTC).
        ("Europe/Helsinki", date(2026, 3, 29), (0, 30), (1, 0)),
        # Stockholm skips 02:00-03:00: 02:30 moves to 03:00 (01:00 UTC), 03:30 is UTC+2.
        ("Europe/Stockholm", date(2026, 3, 29), (1, 0), (1, 30)),
        # New York skips 02:00-03:00: 02:30 moves to 03:00 EDT (07:00 UTC).
        ("America/New_York", date(2026, 3, 8), (7, 0), (7, 30)),
    ],
)
def test_spring_forward_gap_moves_to_first_valid_instant(
    zone: str, day: date, start: tuple[int, int], end: tuple[int, int]
) -> None:
    """A 02:30-03:30 window whose time does not exist starts or ends when the gap ends."""
    [window] = windows_for_day(day, [spec("02:30-03:30")], ZoneInfo(zone))
    assert (window.start, window.end) == (utc(day, *start), utc(day, *end))


def test_window_wholly_inside_a_gap_is_left_out_with_stable_indices() -> None:
    """A window in Helsinki's missing hour vanishes; the others keep their spec index."""
    specs = [spec("02:00-03:10"), spec("03:10-03:50"), spec("08-10")]
    windows = windows_for_day(date(2026, 3, 29), specs, HELSINKI)
    assert [window.index for window in windows] == [0, 2]
    assert windows[0].end == utc(date(2026, 3, 29), 1)  # 03:10 -> 04:00 local


def test_ambiguous_fall_back_time_takes_first_occurrence() -> None:
    """03:30 on Helsinki's fall-back day is read as the first 03:30 (summer time, UTC+3)."""
    day = date(2026, 10, 25)
    [window] = windows_for_day(day, [spec("03:30-04:30")], HELSINKI)
    assert (window.start, window.end) == (utc(day, 0, 30), utc(day, 2, 30))


@settings(deadline=None)
@given(days_2000_2100, zones, window_specs())
@example(date(2026, 3, 29), HELSINKI, (spec("02:30-03:30"), spec("03:30-04:30")))
def test_windows_never_overlap_and_are_sorted(
    day: date, tz: ZoneInfo, specs: tuple[WindowSpec, ...]
) -> None:
    """For any day and zone, windows are aware UTC, non-empty, sorted and disjoint."""
    windows = windows_for_day(day, specs, tz)
    for window in windows:
        assert window.start.utcoffset() == timedelta(0)
        assert window.start < window.end
        assert window.day == day == local_day(window.start, tz)
    for earlier, later in pairwise(windows):
        assert earlier.end <= later.start
        assert earlier.index < later.index


@settings(deadline=None)
@given(days_2000_2100, zones, window_specs())
def test_windows_start_at_their_wall_clock_time_unless_it_is_missing(
    day: date, tz: ZoneInfo, specs: tuple[WindowSpec, ...]
) -> None:
    """A window starts at its local time, or, if that time does not exist, just after it."""
    for window in windows_for_day(day, specs, tz):
        wanted = datetime.combine(day, window.spec.start, tzinfo=tz)
        actual = window.start.astimezone(tz)
        if actual.replace(tzinfo=None) != wanted.replace(tzinfo=None):
            round_trip = wanted.astimezone(UTC).astimezone(tz).replace(tzinfo=None)
            assert round_trip != wanted.replace(tzinfo=None), "only a missing time may move"
            assert timedelta(0) < actual.replace(tzinfo=None) - wanted.replace(tzinfo=None)
            assert actual.replace(tzinfo=None) - wanted.replace(tzinfo=None) <= timedelta(hours=1)


@settings(deadline=None)
@given(days_2000_2100, zones, window_specs(), st.floats(0, 1, exclude_max=True))
def test_window_at_finds_every_instant_inside_a_window(
    day: date, tz: ZoneInfo, specs: tuple[WindowSpec, ...], fraction: float
) -> None:
    """Any instant in [start, end) maps back to its window; the end instant does not."""
    for window in windows_for_day(day, specs, tz):
        length = (window.end - window.start) // timedelta(microseconds=1)
        offset = min(int(length * fraction), length - 1)
        inside = window.start + timedelta(microseconds=offset)
        assert window_at(inside, [day], specs, tz) == window
        assert window_at(window.end, [day], specs, tz) != window


BOUNDARY_DAY = date(2026, 3, 10)  # winter time: 08-10 Helsinki is 06:00-08:00 UTC


@pytest.mark.parametrize(
    ("instant", "expected_index"),
    [
        (utc(BOUNDARY_DAY, 6), 0),
        (utc(BOUNDARY_DAY, 7, 59) + timedelta(seconds=59, milliseconds=999), 0),
        (utc(BOUNDARY_DAY, 8), None),
        (utc(BOUNDARY_DAY, 6) - timedelta(microseconds=1), None),
        (datetime(2026, 3, 10, 9, 59, 59, 999000, tzinfo=HELSINKI), 0),
        (datetime(2026, 3, 10, 10, tzinfo=HELSINKI), None),
        (datetime(2026, 3, 10, 21, 30, tzinfo=HELSINKI), 2),
        (utc(BOUNDARY_DAY + timedelta(days=1), 7), None),  # not a session day
    ],
)
def test_window_at_is_start_inclusive_end_exclusive(
    instant: datetime, expected_index: int | None
) -> None:
    """08:00:00 local is in, 09:59:59.999 is in, 10:00:00 is out, other days are out."""
    found = window_at(instant, [BOUNDARY_DAY], DEFAULT_WINDOWS, HELSINKI)
    assert (found.index if found else None) == expected_index


def test_window_at_uses_the_local_day_not_the_utc_day() -> None:
    """A window early in the local day is found although UTC is still on the previous day."""
    day = date(2026, 6, 10)
    found = window_at(utc(day, 21, 30), [day + timedelta(days=1)], [spec("00:00-02:00")], HELSINKI)
    assert found is not None
    assert found.day == day + timedelta(days=1)


def test_next_boundaries_lists_starts_and_ends_after_the_instant() -> None:
    """Upcoming starts and ends are sorted, strictly later, span days and stop at the limit."""
    later_day = date(2026, 3, 24)
    days = [later_day, BOUNDARY_DAY]
    after = utc(BOUNDARY_DAY, 7)  # 09:00 local, inside the first window
    assert next_boundaries(after, days, DEFAULT_WINDOWS, HELSINKI, limit=4) == [
        utc(BOUNDARY_DAY, 8),
        utc(BOUNDARY_DAY, 12),
        utc(BOUNDARY_DAY, 14),
        utc(BOUNDARY_DAY, 18),
    ]
    assert next_boundaries(after, days, DEFAULT_WINDOWS, HELSINKI, limit=7)[-3:] == [
        utc(BOUNDARY_DAY, 20),
        utc(later_day, 6),
        utc(later_day, 8),
    ]


def test_next_boundaries_excludes_the_current_instant_and_merges_touching_windows() -> None:
    """A boundary at exactly `after` is not upcoming; a shared end/start appears once."""
    specs = [spec("08-10"), spec("10-12")]
    after = utc(BOUNDARY_DAY, 6)
    assert next_boundaries(after, [BOUNDARY_DAY], specs, HELSINKI, limit=10) == [
        utc(BOUNDARY_DAY, 8),
        utc(BOUNDARY_DAY, 10),
    ]
    assert next_boundaries(after, [BOUNDARY_DAY], specs, HELSINKI, limit=0) == []


def test_next_boundaries_rejects_a_negative_limit() -> None:
    """A negative limit is a caller bug and raises ValueError."""
    with pytest.raises(ValueError, match="limit"):
        next_boundaries(utc(BOUNDARY_DAY, 0), [BOUNDARY_DAY], DEFAULT_WINDOWS, HELSINKI, -1)


@settings(deadline=None)
@given(
    st.datetimes(EARLIEST, LATEST, timezones=st.just(UTC)),
    st.lists(st.integers(-3, 40), max_size=6),
    zones,
    window_specs(),
    st.integers(0, 12),
)
def test_next_boundaries_match_a_brute_force_listing(
    after: datetime,
    offsets: list[int],
    tz: ZoneInfo,
    specs: tuple[WindowSpec, ...],
    limit: int,
) -> None:
    """The boundaries equal the first `limit` of all starts and ends after `after`."""
    days = [after.date() + timedelta(days=offset) for offset in offsets]
    every_bound = {
        bound
        for day in days
        for window in windows_for_day(day, specs, tz)
        for bound in (window.start, window.end)
        if bound > after
    }
    assert next_boundaries(after, days, specs, tz, limit) == sorted(every_bound)[:limit]


@pytest.mark.parametrize(
    "call",
    [
        lambda: window_at(NAIVE, [BOUNDARY_DAY], DEFAULT_WINDOWS, HELSINKI),
        lambda: next_boundaries(NAIVE, [BOUNDARY_DAY], DEFAULT_WINDOWS, HELSINKI, 3),
        lambda: local_day(NAIVE, HELSINKI),
        lambda: Window(BOUNDARY_DAY, 0, DEFAULT_WINDOWS[0], NAIVE, utc(BOUNDARY_DAY, 9)),
        lambda: windows_for_day(BOUNDARY_DAY, DEFAULT_WINDOWS, HELSINKI)[0].contains(NAIVE),
    ],
    ids=["window_at", "next_boundaries", "local_day", "Window", "Window.contains"],
)
def test_naive_datetimes_are_rejected(call: Callable[[], object]) -> None:
    """Every entry point refuses a naive datetime with ValueError."""
    with pytest.raises(ValueError, match="timezone-aware"):
        call()


def test_window_bounds_must_be_utc() -> None:
    """A Window holds UTC instants only, so callers cannot mix zones by accident."""
    local_start = datetime(2026, 3, 10, 8, tzinfo=HELSINKI)
    with pytest.raises(ValueError, match="UTC"):
        Window(BOUNDARY_DAY, 0, DEFAULT_WINDOWS[0], local_start, utc(BOUNDARY_DAY, 8))


def test_a_datetime_is_not_accepted_as_a_day() -> None:
    """Passing a datetime where a local date is expected raises TypeError."""
    with pytest.raises(TypeError, match="datetime.date"):
        windows_for_day(utc(BOUNDARY_DAY, 0), DEFAULT_WINDOWS, HELSINKI)


@pytest.mark.parametrize("module", ["calendar.py", "rules.py"])
def test_calendar_imports_no_framework(module: str) -> None:
    """The pure calendar imports neither aiogram, APScheduler nor SQLAlchemy."""
    tree = ast.parse((SCHEDULER / module).read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    banned = {"aiogram", "apscheduler", "sqlalchemy", "sqlmodel"}
    assert not {name.split(".")[0] for name in imported} & banned


@pytest.mark.parametrize(
    ("instant", "start", "end"),
    [
        (
            datetime(2026, 12, 31, 22, 30, tzinfo=UTC),
            datetime(2026, 12, 31, 22, tzinfo=UTC),
            datetime(2027, 1, 31, 22, tzinfo=UTC),
        ),
        (
            datetime(2026, 3, 15, 12, tzinfo=UTC),
            datetime(2026, 2, 28, 22, tzinfo=UTC),
            datetime(2026, 3, 31, 21, tzinfo=UTC),
        ),
    ],
)
def test_local_month_is_the_zones_calendar_month_across_years_and_dst(
    instant: datetime, start: datetime, end: datetime
) -> None:
    """The month holding an instant runs from local midnight on the 1st to the next 1st."""
    assert local_month(instant, HELSINKI) == (start, end)
