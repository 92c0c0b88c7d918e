"""Many groups opening at one boundary: concurrent, each prompt posted exactly once."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import ManualClock
from scheduler.calendar import Window
from scheduler.reconciler import Reconciler
from storage import groups
from storage.db import transaction
from storage.models import Group
from tests.integration.test_reconciler import local, plan_session_day, take_lease, window_rows
from tests.integration.test_reconciler import reconciler as shared_reconciler
from themes.model import Theme

GROUPS = 50
LIMIT = 10
GATE_TIMEOUT = 30.0  # only a guard: the gate opens on a state, not on time


@dataclass
class CountingNotifier:
    """Counts prompts per chat; the first LIMIT prompts wait until LIMIT are in hand at once."""

    limit: int = LIMIT
    opened: Counter[int] = field(default_factory=Counter)
    in_hand: int = 0
    most_in_hand: int = 0
    full: asyncio.Event = field(default_factory=asyncio.Event)
    after_open: Any = None

    async def open_window(self, group: Group, window: Window, theme: Theme, **kw: Any) -> int:
        assert group.chat_id is not None
        self.in_hand += 1
        self.most_in_hand = max(self.most_in_hand, self.in_hand)
        if self.in_hand >= self.limit:
            self.full.set()
        await asyncio.wait_for(self.full.wait(), GATE_TIMEOUT)
        self.opened[group.chat_id] += 1
        self.in_hand -= 1
        if self.after_open is not None:
            await self.after_open()
        return 1000 + self.opened.total()

    async def close_window(self, *args: Any, **kw: Any) -> int:
        raise AssertionError("no window closes here")

    async def remind_members(self, *args: Any, **kw: Any) -> int:
        raise AssertionError("no reminder is due at the boundary")

    async def remind_staff_theme(self, group: Group, day: date) -> None:
        raise AssertionError("every day has a theme")

    async def create_topic(self, group: Group, theme: Theme) -> int:
        raise AssertionError("no forum here")


async def register_many(sessions: async_sessionmaker[AsyncSession], count: int) -> list[int]:
    """`count` parents' groups, each with DAY planned on bullying; their chat ids."""
    chats = []
    async with transaction(sessions) as db:
        for n in range(count):
            group = await groups.register(
                db, key=f"g{n}", audience="parents", chat_id=-1000 - n, now=local(0)
            )
            assert group.id is not None and group.chat_id is not None
            await plan_session_day(db, group.id, "kiusaaminen")
            chats.append(group.chat_id)
    return chats


def reconciler(
    sessions: async_sessionmaker[AsyncSession],
    notifier: CountingNotifier,
    clock: ManualClock,
    holder: str = "a",
) -> Reconciler:
    """The shared test reconciler, at most LIMIT groups at once."""
    return shared_reconciler(sessions, notifier, clock, holder, concurrency=LIMIT)


async def test_many_groups_open_concurrently_each_once(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """50 groups at 08:00: LIMIT prompts in hand at once, each group's posted and marked done
    once with its message id; a second pass and a second instance post nothing more."""
    chats = await register_many(sessions, GROUPS)
    clock = ManualClock(local(8, 0))
    notifier = CountingNotifier()
    performed = await reconciler(sessions, notifier, clock).tick()
    assert len(performed) == GROUPS
    assert notifier.opened == Counter(dict.fromkeys(chats, 1))
    assert notifier.most_in_hand == LIMIT
    rows = await window_rows(sessions)
    assert len(rows) == GROUPS
    assert all(row.state == "done" and row.message_id is not None for row in rows)
    assert len({row.message_id for row in rows}) == GROUPS
    clock.advance(timedelta(seconds=30))
    assert await reconciler(sessions, notifier, clock).tick() == []
    assert await reconciler(sessions, notifier, clock, "b").tick() == []
    assert notifier.opened.total() == GROUPS


async def test_a_lease_lost_mid_pass_posts_nothing_twice(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """When another instance takes the lease during a concurrent pass, the pass starts no new
    action; the new holder does the rest: every group's prompt is posted exactly once."""
    chats = await register_many(sessions, GROUPS)
    stolen = False

    async def steal() -> None:
        nonlocal stolen
        if stolen:
            return
        stolen = True
        await take_lease(sessions, "b")

    clock = ManualClock(local(8, 0))
    first = CountingNotifier(after_open=steal)
    performed = await reconciler(sessions, first, clock, "a").tick()
    assert 0 < len(performed) < GROUPS
    second = CountingNotifier(limit=1)
    rest = await reconciler(sessions, second, clock, "b").tick()
    assert len(performed) + len(rest) == GROUPS
    assert first.opened + second.opened == Counter(dict.fromkeys(chats, 1))
