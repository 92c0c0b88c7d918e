"""A group's schedule policy: its windows, day rules, zone and reminders (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from scheduler.calendar import DEFAULT_WINDOWS, WindowSpec, parse_window
from scheduler.desired import ReminderPolicy
from scheduler.rules import DayRule, parse_day_rule


@dataclass(frozen=True)
class GroupPolicy:
    """How one group's sessions run."""

    zone: ZoneInfo
    windows: tuple[WindowSpec, ...] = DEFAULT_WINDOWS
    day_rules: tuple[DayRule, ...] = ()
    reminders: ReminderPolicy = field(default_factory=ReminderPolicy)

    @classmethod
    def parse(
        cls,
        *,
        zone: str,
        windows: Sequence[str] = (),
        day_rules: Sequence[str] = (),
        reminders: ReminderPolicy | None = None,
    ) -> GroupPolicy:
        """Build from settings' strings; ValueError names what is wrong."""
        specs = tuple(parse_window(text) for text in windows) or DEFAULT_WINDOWS
        rules = tuple(parse_day_rule(text) for text in day_rules)
        return cls(ZoneInfo(zone), specs, rules, reminders or ReminderPolicy())
