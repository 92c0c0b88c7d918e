"""Many groups opening at one boundary, for `bench.boundary` and its end-to-end test: the
sandbox's chats, the groups and their session day in the database, and what the sandbox saw."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from sandbox.client import SandboxClient
from sandbox.models import Call
from storage import groups, session_days
from storage.db import transaction

HELSINKI = ZoneInfo("Europe/Helsinki")
THEME = "kiusaaminen"
FIRST_DAY = date(2026, 12, 8)


def boundary_of(day: date) -> datetime:
    """The session day's first window start (08:00 Helsinki), aware UTC."""
    return datetime.combine(day, wall_time(8), tzinfo=HELSINKI).astimezone(UTC)


class BoundaryClock:
    """The reconciler's clock: `at` when started, then running on with real time."""

    def __init__(self, at: datetime) -> None:
        self.at = at
        self._started = datetime.now(UTC)

    def start(self) -> datetime:
        """Show `at` now (the real instant returned); from here on time runs."""
        self._started = datetime.now(UTC)
        return self._started

    def __call__(self) -> datetime:
        return self.at + (datetime.now(UTC) - self._started)


async def add_chats(client: SandboxClient, count: int) -> list[int]:
    """`count` supergroups in the sandbox, the bot an admin that may restrict and pin."""
    chat_ids = []
    for n in range(count):
        chat_id = int((await client.add_chat(f"Neuvonantajat {n}"))["id"])
        await client.set_bot_rights(chat_id, can_restrict_members=True, can_pin_messages=True)
        chat_ids.append(chat_id)
    return chat_ids


async def plan_groups(
    sessions: async_sessionmaker[AsyncSession], chat_ids: Sequence[int], day: date
) -> None:
    """Group `g{n}` for each chat (locked between sessions), `day` planned on THEME."""
    now = boundary_of(day) - timedelta(days=1)
    async with transaction(sessions) as db:
        for n, chat_id in enumerate(chat_ids):
            group = await groups.register(
                db, key=f"g{n}", audience="parents", chat_id=chat_id, now=now
            )
            assert group.id is not None
            await session_days.plan(db, group_id=group.id, on=day, theme_key=THEME, now=now)


@dataclass(frozen=True)
class Opened:
    """What the sandbox saw at one boundary, per chat: when unlocked, when prompted."""

    prompts: dict[int, datetime]  # chat -> when its (first) prompt was posted
    unlocks: dict[int, datetime]  # chat -> when it was first opened to members
    prompt_counts: Counter[int]  # chat -> prompts posted (should be one)

    def all_once(self, chat_ids: Sequence[int]) -> bool:
        """Every chat got exactly one prompt."""
        return all(self.prompt_counts[chat] == 1 for chat in chat_ids) and len(
            self.prompt_counts
        ) == len(chat_ids)

    def unlocked_first(self, chat_ids: Sequence[int]) -> bool:
        """Every chat was unlocked no later than its prompt was posted."""
        return all(chat in self.unlocks and chat in self.prompts for chat in chat_ids) and all(
            self.unlocks[chat] <= self.prompts[chat] for chat in chat_ids
        )

    def order(self, chat_ids: Sequence[int]) -> list[int]:
        """Each chat's rank (0 = first prompted), in the order of `chat_ids`."""
        ranked = sorted(chat_ids, key=lambda chat: self.prompts[chat])
        rank = {chat: position for position, chat in enumerate(ranked)}
        return [rank[chat] for chat in chat_ids]


def opened_from(calls: Sequence[Call]) -> Opened:
    """Prompts (successful sendMessage) and unlocks (setChatPermissions allowing messages)."""
    prompts: dict[int, datetime] = {}
    unlocks: dict[int, datetime] = {}
    counts: Counter[int] = Counter()
    for call in calls:
        if not call.ok:
            continue
        if call.method == "sendMessage":
            counts[_chat(call)] += 1
            prompts.setdefault(_chat(call), call.time)
        elif call.method == "setChatPermissions" and _allows_messages(call):
            unlocks.setdefault(_chat(call), call.time)
    return Opened(prompts, unlocks, counts)


def _chat(call: Call) -> int:
    return int(call.params["chat_id"])


def _allows_messages(call: Call) -> bool:
    permissions: object = call.params.get("permissions")
    if isinstance(permissions, str):  # form-encoded: JSON text
        permissions = json.loads(permissions)
    return isinstance(permissions, dict) and bool(permissions.get("can_send_messages"))
