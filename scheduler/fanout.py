"""Many groups at one boundary: a fair order and a bounded number in hand at a time.

With hundreds of groups opening at 08:00, doing them one after another makes the last wait for
every other's calls. The reconciler instead keeps up to `limit` groups in hand at once (the
outgoing middleware paces the sends bot-wide), starting them in an order shuffled with a seed
taken from the boundary's minute: the same order for every pass within that minute (so two
runs at one boundary agree), another at the next boundary, so no group is always last.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from datetime import datetime
from typing import TypeVar

T = TypeVar("T")

#: Groups in hand at once: enough to keep ~30 sends/s flowing while each action also waits
#: for its database work, its unlock and its pin (paced a second after the prompt).
DEFAULT_CONCURRENCY = 60


def fair_order(items: Sequence[T], boundary: datetime, *, key: Callable[[T], object]) -> list[T]:
    """`items` shuffled with a seed from `boundary`'s minute (deterministic per boundary)."""
    ordered = sorted(items, key=lambda item: str(key(item)))
    minute = boundary.replace(second=0, microsecond=0)
    random.Random(f"neuvo-boundary:{minute.isoformat()}").shuffle(ordered)
    return ordered


async def fan_out(
    items: Sequence[T],
    work: Callable[[T], Awaitable[None]],
    *,
    limit: int,
    stop: asyncio.Event,
) -> None:
    """`work(item)` for every item in order, at most `limit` at a time; none start after `stop`.

    Work already started when `stop` is set finishes (it is never cut between a post and its
    commit). `work` handles its own errors.
    """
    pending = iter(items)

    async def worker() -> None:
        for item in pending:  # shared: each item is taken by exactly one worker
            if stop.is_set():
                return
            await work(item)

    await asyncio.gather(*(worker() for _ in range(max(1, min(limit, len(items))))))
