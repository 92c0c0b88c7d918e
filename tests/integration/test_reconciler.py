"""The reconciler against a real database (SQLite and PostgreSQL) and a recording notifier."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlmodel import col, select

from bot.clock import ManualClock
from scheduler.calendar import Window
from scheduler.desired import Kind
from scheduler.notifier import GroupView, Notifier
from scheduler.policy import GroupPolicy
from scheduler.reconciler import LEASE_NAME, LEASE_TTL, Reconciler
from storage import actions, contributions, groups, members, session_days
from storage.db import transaction
from storage.models import Group, Lease, WindowAction
from storage.tally import Tally
from themes.loader import load_catalog
from themes.model import Theme

HELSINKI = ZoneInfo("Europe/Helsinki")
DAY = date(2026, 12, 8)


def local(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI).astimezone(UTC)


@dataclass
class RecordingNotifier:
    """Remembers every visible act; can be told to fail."""

    calls: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    #: The group as each open was told it.
    opened_groups: list[GroupView] = field(default_factory=list)
    fail_next_open: bool = False
    next_id: int = 100
    #: Awaited inside a prompt post, before and after Telegram "answered" (crash, delay…).
    before_open: Callable[[], Awaitable[None]] | None = None
    after_open: Callable[[], Awaitable[None]] | None = None
    #: The chat's pinned prompt as (window label, theme key, message id), shared by instances.
    pinned: list[tuple[str, str, int]] = field(default_factory=list)
    #: Windows whose pinned message was looked at.
    looked_at: list[str] = field(default_factory=list)

    def _id(self) -> int:
        self.next_id += 1
        return self.next_id

    async def create_topic(self, group: GroupView, theme: Theme) -> int:
        self.calls.append(("topic", {"theme": theme.key}))
        return 77

    async def open_window(self, group: GroupView, window: Window, theme: Theme, **kw: Any) -> int:
        if self.fail_next_open:
            self.fail_next_open = False
            raise RuntimeError("Telegram down")
        if self.before_open is not None:
            await self.before_open()
        message_id = self._id()
        self.opened_groups.append(group)
        self.pinned[:] = [(window.label, theme.key, message_id)]
        self.calls.append(
            ("open", {"label": window.label, "theme": theme.key, "id": message_id, **kw})
        )
        if self.after_open is not None:
            await self.after_open()
        return message_id

    async def close_window(
        self, group: GroupView, window: Window, theme: Theme, tally: Tally, **kw: Any
    ) -> int:
        self.calls.append(("close", {"label": window.label, "tally": tally, **kw}))
        return self._id()

    async def remind_members(
        self, group: GroupView, window: Window, theme: Theme | None, *, soon: bool
    ) -> int:
        self.calls.append(("remind", {"label": window.label, "soon": soon}))
        return self._id()

    async def remind_staff_theme(self, group: GroupView, day: date) -> None:
        self.calls.append(("staff", {"day": day}))

    async def pinned_prompt(self, group: GroupView, window: Window, theme: Theme) -> int | None:
        self.looked_at.append(window.label)
        found = [m for label, key, m in self.pinned if (label, key) == (window.label, theme.key)]
        return found[0] if found else None

    def kinds(self) -> list[str]:
        return [name for name, _ in self.calls]


@pytest.fixture
async def planned(sessions: async_sessionmaker[AsyncSession]) -> Group:
    """A parents' group with 8.12.2026 planned on bullying."""
    async with transaction(sessions) as db:
        group = await groups.register(
            db, key="parents", audience="parents", chat_id=-100, now=local(0)
        )
        assert group.id is not None
        await plan_session_day(db, group.id, "kiusaaminen")
    return group


async def plan_session_day(db: AsyncSession, group_id: int, theme: str | None) -> None:
    await session_days.plan(db, group_id=group_id, on=DAY, theme_key=theme, now=local(0))


def reconciler(
    factory: async_sessionmaker[AsyncSession],
    notifier: Notifier,
    clock: ManualClock,
    holder: str = "a",
    heartbeat: timedelta | None = None,
    concurrency: int = 60,
) -> Reconciler:
    """A reconciler over `factory` with the real catalog and each group's own zone."""
    return Reconciler(
        sessions=factory,
        notifier=notifier,
        catalog=load_catalog(),
        policies=lambda group: GroupPolicy.parse(zone=group.timezone),
        clock=clock,
        holder=holder,
        heartbeat=heartbeat,
        concurrency=concurrency,
    )


async def take_lease(sessions: async_sessionmaker[AsyncSession], holder: str) -> None:
    """Another instance, `holder`, takes the reconciler's lease until noon."""
    async with transaction(sessions) as db:
        await db.execute(
            update(Lease)
            .where(col(Lease.name) == LEASE_NAME)
            .values(holder=holder, expires_at=local(12, 0))
        )


class Killed(BaseException):
    """Stands in for SIGKILL: nothing after it runs (no release, no commit)."""


async def killed() -> None:
    raise Killed


async def window_rows(factory: async_sessionmaker[AsyncSession]) -> list[WindowAction]:
    async with factory() as db:
        statement = select(WindowAction).order_by(col(WindowAction.id))
        return list((await db.scalars(statement)).all())


async def lease_expiry(factory: async_sessionmaker[AsyncSession]) -> datetime | None:
    async with factory() as db:
        lease = await db.get(Lease, LEASE_NAME)
        return lease.expires_at if lease else None


async def opened_at_eight(
    sessions: async_sessionmaker[AsyncSession],
) -> tuple[ManualClock, RecordingNotifier]:
    """The clock at 08:00 of the planned day after one tick (the morning window opened)."""
    clock = ManualClock(local(8, 0))
    notifier = RecordingNotifier()
    await reconciler(sessions, notifier, clock).tick()
    return clock, notifier


async def test_restart_mid_window_posts_the_prompt_once(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """Started at 08:20, the prompt is posted once as a catch-up; later ticks add nothing."""
    clock = ManualClock(local(8, 20))
    notifier = RecordingNotifier()
    first = await reconciler(sessions, notifier, clock).tick()
    assert [(p.kind, p.theme_key) for p in first] == [(Kind.OPEN, "kiusaaminen")]
    assert notifier.calls[0][1]["catch_up"] is True
    clock.advance(timedelta(minutes=5))
    assert await reconciler(sessions, notifier, clock).tick() == []
    assert notifier.kinds() == ["open"]


async def test_notifier_is_told_plain_group_values(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """The notifier gets the group's chat, wording, zone and locking as a plain GroupView."""
    notifier = RecordingNotifier()
    await reconciler(sessions, notifier, ManualClock(local(8, 1))).tick()
    assert notifier.opened_groups == [
        GroupView(
            key="parents",
            chat_id=-100,
            audience="parents",
            language="fi",
            zone=HELSINKI,
            lock_between_sessions=True,
        )
    ]


async def test_close_reports_window_counts(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """The close summary carries the window's member contributions and participants."""
    clock, notifier = await opened_at_eight(sessions)
    assert planned.id is not None
    async with transaction(sessions) as db:
        for n, user in enumerate([1, 2, 2, 3]):
            member = await members.ensure(db, group_id=planned.id, user_id=user, now=local(8))
            await contributions.record(
                db,
                group_id=planned.id,
                member_id=member.id,
                chat_id=-100,
                message_id=n + 1,
                sent_at=local(8, 30),
                window_start=local(8),
                theme_key="kiusaaminen",
                window_label="08-10",
                is_staff=False,
                late=False,
                hidden=False,
                highlighted=False,
                stored_at=local(8, 30),
            )
    clock.set(local(10, 0))
    await reconciler(sessions, notifier, clock).tick()
    name, close = notifier.calls[-1]
    assert name == "close"
    assert close["tally"] == Tally(contributions=4, participants=3)
    assert close["prompt_message_id"] == notifier.calls[0][1]["id"]


async def test_later_windows_reply_to_the_first_prompt(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """The 14–16 prompt replies to the day's 08–10 prompt so the thread stays together."""
    clock, notifier = await opened_at_eight(sessions)
    clock.set(local(14, 0))
    await reconciler(sessions, notifier, clock).tick()
    opens = [kw for name, kw in notifier.calls if name == "open"]
    assert [o["label"] for o in opens] == ["08-10", "14-16"]
    assert opens[0]["reply_to"] is None
    assert opens[1]["reply_to"] == opens[0]["id"]


async def test_two_instances_never_both_act(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """With a lease, only one of two instances posts; the other takes over when it lapses."""
    clock = ManualClock(local(8, 0))
    notifier_a, notifier_b = RecordingNotifier(), RecordingNotifier()
    a, b = (
        reconciler(sessions, notifier_a, clock, "a"),
        reconciler(sessions, notifier_b, clock, "b"),
    )
    await a.tick()
    await b.tick()
    assert notifier_a.kinds() == ["open"] and notifier_b.kinds() == []
    clock.set(local(10, 0))  # a died; its 90 s lease has lapsed
    await b.tick()
    assert notifier_b.kinds() == ["close"]


async def test_failed_open_is_retried(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """If posting the prompt fails, the claim is released and the next tick posts it."""
    notifier = RecordingNotifier(fail_next_open=True)
    clock = ManualClock(local(8, 0))
    assert await reconciler(sessions, notifier, clock).tick() == []
    clock.advance(timedelta(minutes=1))
    assert [p.kind for p in await reconciler(sessions, notifier, clock).tick()] == [Kind.OPEN]


async def test_unthemed_day_falls_back_to_open_discussion(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A session day still without a theme at opening time uses `vapaa`."""
    async with transaction(sessions) as db:
        group = await groups.register(
            db, key="youth", audience="youth", chat_id=-200, now=local(0)
        )
        assert group.id is not None
        await plan_session_day(db, group.id, None)
    notifier = RecordingNotifier()
    await reconciler(sessions, notifier, ManualClock(local(8, 1))).tick()
    assert notifier.calls[0][1]["theme"] == "vapaa"


async def test_day_rules_prefill_and_skip_sticks(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A "2nd Tuesday" rule pre-fills session days; a skipped one is not brought back."""
    async with transaction(sessions) as db:
        group = await groups.register(db, key="p", audience="parents", chat_id=-300, now=local(0))
        assert group.id is not None
        await session_days.skip(db, group_id=group.id, on=date(2027, 1, 12), now=local(0))
    notifier = RecordingNotifier()
    rec = Reconciler(
        sessions=sessions,
        notifier=notifier,
        catalog=load_catalog(),
        policies=lambda g: GroupPolicy.parse(zone=g.timezone, day_rules=["2nd Tuesday"]),
        clock=ManualClock(local(9, 0, date(2026, 12, 1))),
        holder="a",
    )
    await rec.tick()
    async with sessions() as db:
        days = await session_days.days_between(
            db, group_id=group.id, start=date(2026, 12, 1), end=date(2027, 1, 31)
        )
    assert [d.day for d in days] == [date(2026, 12, 8)]


async def test_unthemed_day_reminds_staff_once(sessions: async_sessionmaker[AsyncSession]) -> None:
    """Three days before an unthemed session day staff are reminded once, not every tick."""
    async with transaction(sessions) as db:
        group = await groups.register(db, key="y", audience="youth", chat_id=-400, now=local(0))
        assert group.id is not None
        await plan_session_day(db, group.id, None)
    notifier = RecordingNotifier()
    clock = ManualClock(local(9, 0, DAY - timedelta(days=3)))
    await reconciler(sessions, notifier, clock).tick()
    clock.advance(timedelta(hours=1))
    await reconciler(sessions, notifier, clock).tick()
    assert notifier.calls == [("staff", {"day": DAY})]


async def test_claim_left_by_a_killed_instance_is_redone_once_after_the_lease_ttl(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """Killed after claiming the prompt and before posting it, an instance leaves a claim the
    next one posts exactly once, and not before the lease TTL has passed."""
    start = local(8, 0)
    clock = ManualClock(start)
    with pytest.raises(Killed):
        await reconciler(sessions, RecordingNotifier(before_open=killed), clock, "a").tick()
    (row,) = await window_rows(sessions)
    assert (row.state, row.holder, row.message_id) == ("claimed", "a", None)
    notifier = RecordingNotifier()
    clock.set(start + LEASE_TTL - timedelta(seconds=1))
    assert await reconciler(sessions, notifier, clock, "b").tick() == []
    clock.set(start + LEASE_TTL + timedelta(seconds=1))
    performed = await reconciler(sessions, notifier, clock, "b").tick()
    assert [p.kind for p in performed] == [Kind.OPEN]
    clock.advance(timedelta(minutes=1))
    assert await reconciler(sessions, notifier, clock, "b").tick() == []
    assert notifier.kinds() == ["open"]
    (row,) = await window_rows(sessions)
    assert (row.state, row.holder, row.message_id) == ("done", "b", notifier.calls[0][1]["id"])


async def test_fresh_claim_by_another_instance_is_not_repeated(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """A prompt another instance claimed less than the lease TTL ago counts as done for the
    lease holder, which takes it over only once the claim is older than that."""
    start = local(8, 0)
    assert planned.id is not None
    async with transaction(sessions) as db:
        assert await actions.claim(
            db,
            group_id=planned.id,
            window_start=start,
            window_end=local(10, 0),
            action="open",
            holder="a",
            now=start,
            stale_before=start - LEASE_TTL,
        )
    notifier = RecordingNotifier()
    clock = ManualClock(start + timedelta(seconds=30))
    assert await reconciler(sessions, notifier, clock, "b").tick() == []
    clock.set(start + LEASE_TTL - timedelta(seconds=1))
    assert await reconciler(sessions, notifier, clock, "b").tick() == []
    assert notifier.kinds() == []
    clock.set(start + LEASE_TTL + timedelta(seconds=1))
    assert [p.kind for p in await reconciler(sessions, notifier, clock, "b").tick()] == [Kind.OPEN]


async def test_message_id_is_stored_with_the_done_state(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """An action becomes done together with the id of the message it posted, in one step."""
    clock, notifier = await opened_at_eight(sessions)
    (row,) = await window_rows(sessions)
    assert (row.action, row.state, row.message_id) == ("open", "done", notifier.calls[0][1]["id"])
    assert row.holder == "a" and row.claimed_at == row.done_at == local(8, 0)


async def test_killed_after_posting_reposts_and_the_close_replies_to_the_stored_prompt(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """Killed between Telegram's answer and the commit, the prompt is posted again after the
    lease TTL (the accepted duplicate), and the close then replies to that stored prompt."""
    clock = ManualClock(local(8, 0))
    dying = RecordingNotifier(after_open=killed)
    with pytest.raises(Killed):
        await reconciler(sessions, dying, clock, "a").tick()
    (row,) = await window_rows(sessions)
    assert (row.state, row.message_id) == ("claimed", None)
    notifier = RecordingNotifier(next_id=500)
    clock.advance(LEASE_TTL + timedelta(seconds=1))
    await reconciler(sessions, notifier, clock, "b").tick()
    clock.set(local(10, 0))
    await reconciler(sessions, notifier, clock, "b").tick()
    assert dying.kinds() == ["open"] and notifier.kinds() == ["open", "close"]
    assert notifier.calls[1][1]["prompt_message_id"] == notifier.calls[0][1]["id"]


async def test_pass_stops_when_its_lease_is_lost(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """When another instance takes the lease during a pass, the pass records what it posted
    and does no further action; the new holder does the rest."""
    async with transaction(sessions) as db:
        other = await groups.register(
            db, key="youth", audience="youth", chat_id=-200, now=local(0)
        )
        assert other.id is not None
        await plan_session_day(db, other.id, "kaveruustaidot")

    async def steal() -> None:
        await take_lease(sessions, "b")

    clock = ManualClock(local(8, 0))
    notifier_a = RecordingNotifier(after_open=steal)
    # One group at a time, so the second is still to come when the lease goes (the
    # concurrent case: tests/integration/test_reconciler_boundary.py).
    performed = await reconciler(sessions, notifier_a, clock, "a", concurrency=1).tick()
    assert [p.kind for p in performed] == [Kind.OPEN]
    assert notifier_a.kinds() == ["open"]
    (row,) = await window_rows(sessions)
    assert (row.state, row.holder) == ("done", "a")
    notifier_b = RecordingNotifier()
    later = await reconciler(sessions, notifier_b, clock, "b").tick()
    assert [p.group_key for p in later] != [p.group_key for p in performed]
    assert notifier_b.kinds() == ["open"]


async def test_heartbeat_keeps_lease_and_claim_during_a_long_post(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """While one post outlasts the lease TTL (a long 429 wait), lease and claim are renewed, so
    another instance neither takes over nor posts the same prompt."""
    clock = ManualClock(local(8, 0))
    notifier_b = RecordingNotifier()
    inner: list[Any] = []

    async def slow() -> None:
        clock.advance(3 * LEASE_TTL)
        for _ in range(500):  # wait for a beat at the new time
            expiry = await lease_expiry(sessions)
            if expiry is not None and expiry > clock():
                break
            await asyncio.sleep(0.01)
        inner.extend(await reconciler(sessions, notifier_b, clock, "b").tick())

    notifier_a = RecordingNotifier(before_open=slow)
    slow_a = reconciler(sessions, notifier_a, clock, "a", heartbeat=timedelta(milliseconds=10))
    performed = await slow_a.tick()
    assert [p.kind for p in performed] == [Kind.OPEN]
    assert inner == [] and notifier_b.kinds() == []
    (row,) = await window_rows(sessions)
    assert (row.state, row.holder, row.claimed_at) == ("done", "a", clock())


async def test_a_prompt_posted_and_pinned_before_a_crash_is_adopted_not_reposted(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """Taking over a stale claim of a prompt that the dead instance had posted and pinned, the
    next instance adopts the pinned prompt (done with its id) and posts nothing again."""
    clock = ManualClock(local(8, 0))
    chat_pins: list[tuple[str, str, int]] = []
    dying = RecordingNotifier(after_open=killed, pinned=chat_pins)
    with pytest.raises(Killed):
        await reconciler(sessions, dying, clock, "a").tick()
    notifier = RecordingNotifier(next_id=500, pinned=chat_pins)
    clock.advance(LEASE_TTL + timedelta(seconds=1))
    await reconciler(sessions, notifier, clock, "b").tick()
    clock.set(local(10, 0))
    await reconciler(sessions, notifier, clock, "b").tick()
    (posted,) = [call for name, call in dying.calls if name == "open"]
    assert notifier.kinds() == ["close"] and notifier.looked_at == ["08-10"]
    assert notifier.calls[0][1]["prompt_message_id"] == posted["id"]
    rows = [(r.action, r.state, r.message_id) for r in await window_rows(sessions)]
    assert ("open", "done", posted["id"]) in rows


async def test_a_fresh_claim_never_looks_for_a_pinned_prompt(
    sessions: async_sessionmaker[AsyncSession], planned: Group
) -> None:
    """Only a taken-over claim looks at the pinned message: a normal opening just posts."""
    notifier = RecordingNotifier(pinned=[("08-10", "kiusaaminen", 42)])
    await reconciler(sessions, notifier, ManualClock(local(8, 0))).tick()
    assert notifier.kinds() == ["open"] and notifier.looked_at == []
