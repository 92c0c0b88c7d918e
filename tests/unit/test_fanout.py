"""Many groups at one boundary: a fair order per boundary, a bounded number in hand."""

from __future__ import annotations

import asyncio
import statistics
from datetime import UTC, datetime, timedelta

from scheduler.fanout import fair_order, fan_out
from tests.virtual_time import run_virtual

BOUNDARY = datetime(2026, 12, 8, 6, 0, tzinfo=UTC)


def identity(item: int) -> int:
    """Items are their own key."""
    return item


def test_the_order_is_the_same_within_a_boundary_minute() -> None:
    """Two passes at one boundary (08:00:00 and 08:00:40) order the groups alike."""
    items = list(range(100))
    first = fair_order(items, BOUNDARY, key=identity)
    again = fair_order(list(reversed(items)), BOUNDARY + timedelta(seconds=40), key=identity)
    assert first == again
    assert sorted(first) == items


def test_the_order_changes_across_boundaries() -> None:
    """No group is always last: over 50 boundaries each group's mean rank stays near the middle."""
    items = list(range(60))
    ranks: dict[int, list[int]] = {item: [] for item in items}
    for day in range(50):
        order = fair_order(items, BOUNDARY + timedelta(days=day), key=identity)
        for rank, item in enumerate(order):
            ranks[item].append(rank)
    lasts = {fair_order(items, BOUNDARY + timedelta(days=d), key=identity)[-1] for d in range(50)}
    assert len(lasts) > 10
    worst = max(statistics.mean(found) for found in ranks.values())
    assert worst < 0.75 * len(items)


def test_fan_out_starts_in_order_and_keeps_the_limit() -> None:
    """Items start in the given order with at most `limit` in hand at once, each exactly once."""
    started: list[int] = []
    in_hand = {"now": 0, "most": 0}

    async def work(item: int) -> None:
        started.append(item)
        in_hand["now"] += 1
        in_hand["most"] = max(in_hand["most"], in_hand["now"])
        await asyncio.sleep(1 + item % 3)
        in_hand["now"] -= 1

    items = [5, 3, 9, 1, 7, 2, 8, 0, 6, 4] * 3
    run_virtual(fan_out(items, work, limit=4, stop=asyncio.Event()))
    assert started == items
    assert in_hand["most"] == 4


def test_fan_out_starts_nothing_after_stop() -> None:
    """Once `stop` is set, work in hand finishes and no further item starts."""
    finished: list[int] = []
    stop = asyncio.Event()

    async def work(item: int) -> None:
        if item == 2:
            stop.set()
        await asyncio.sleep(1)
        finished.append(item)

    run_virtual(fan_out(list(range(10)), work, limit=3, stop=stop))
    assert sorted(finished) == [0, 1, 2]
