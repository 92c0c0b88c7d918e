"""The reconciler (DESIGN flow 3): desired state at `now` vs what the database says was done.

Run it at every boundary, on start and every minute: it does only what is missing, so a
restart at 08:20 posts the 08:00 prompt once ("open until 10:00"), never twice, and a
database lease lets one instance act at a time.

Each action is at least once, never silently lost: it is claimed in `window_actions`
(renewing the lease in the same transaction), posted through the Notifier while a heartbeat
keeps lease and claim fresh, and marked done with its message id in one transaction only
after the post succeeded. A failed post releases the claim (the next tick retries). An
instance that dies in between leaves a claim that goes stale after the lease TTL, when the
lease lapses too: the next lease holder does the action again. If the dead instance had
already posted (killed in the moment between the Telegram call and the commit), a prompt is
found pinned in the chat and adopted instead of posted again; any other post (or a prompt
not pinned yet) appears twice: the accepted price.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from scheduler.calendar import (
    DEFAULT_WINDOWS,
    Window,
    WindowSpec,
    local_day,
    session_dates,
    wall_clock_to_utc,
    windows_for_day,
)
from scheduler.desired import LOOKBACK, Due, Kind, Slot, due_actions
from scheduler.fanout import DEFAULT_CONCURRENCY, fair_order, fan_out
from scheduler.notifier import GroupView, Notifier, Opening
from scheduler.openings import opening_for
from scheduler.policy import GroupPolicy
from storage import actions, contributions, groups, session_days, topics
from storage.db import transaction
from storage.models import AdhocWindow, Group, SessionDay
from themes.model import FALLBACK_THEME, Catalog, Theme

log = logging.getLogger(__name__)
LEASE_NAME = "scheduler"
LEASE_TTL = timedelta(seconds=90)
PREFILL_DAYS = 62


@dataclass(frozen=True)
class Performed:
    """One action the reconciler did (returned for logs and tests)."""

    group_key: str
    kind: Kind
    window_start: datetime
    theme_key: str | None


class LeaseLost(Exception):
    """Another instance took the scheduler lease during a pass: the pass stops here."""

    def __init__(self) -> None:
        super().__init__("the scheduler lease was lost")
        self.performed: list[Performed] = []  # what the pass did before


@dataclass(frozen=True)
class _ActionKey:
    group_id: int
    window_start: datetime
    action: str

    def fields(self) -> dict[str, Any]:
        """As keyword arguments of the `storage.actions` functions."""
        return {
            "group_id": self.group_id,
            "window_start": self.window_start,
            "action": self.action,
        }


@dataclass(kw_only=True, eq=False)
class Reconciler:
    """Brings every group's visible state in line with its plan."""

    sessions: async_sessionmaker[AsyncSession]
    notifier: Notifier
    catalog: Catalog
    policies: Callable[[Group], GroupPolicy]
    clock: Callable[[], datetime]
    holder: str
    lease_ttl: timedelta = LEASE_TTL
    #: How often (real time) lease and claim are renewed while a Notifier call is in hand
    #: (None: a third of `lease_ttl`).
    heartbeat: timedelta | None = None
    #: Groups reconciled at once (their sends are paced bot-wide by the outgoing middleware).
    concurrency: int = DEFAULT_CONCURRENCY
    #: Day rules skip the dates this says are holidays (None: no holidays).
    is_holiday: Callable[[date], bool] | None = None
    #: Jobs run after each pass while the lease is held (duty reminders, holiday notes).
    side_jobs: Sequence[Callable[[datetime], Awaitable[None]]] = ()

    async def tick(self) -> list[Performed]:
        """One reconciliation pass over every group, if this instance holds the lease."""
        now = self.clock()
        async with transaction(self.sessions) as db:
            if not await actions.acquire_lease(
                db, name=LEASE_NAME, holder=self.holder, now=now, ttl=self.lease_ttl
            ):
                return []
            registered = [g for g in await groups.all_groups(db) if g.chat_id is not None]
        done = await self.reconcile_all(registered, now)
        await self._side_jobs(now)
        return done

    async def _side_jobs(self, now: datetime) -> None:
        for job in self.side_jobs:
            try:
                await job(now)
            except Exception:  # a side job's trouble must not stop the windows
                log.exception("scheduler side job failed")

    async def reconcile_all(self, registered: list[Group], now: datetime) -> list[Performed]:
        """Every group, up to `concurrency` at once in a fair order; stops on a lost lease."""
        done: list[Performed] = []
        lost_lease = asyncio.Event()

        async def one(group: Group) -> None:
            try:
                done.extend(await self.reconcile(group, now))
            except LeaseLost as lost:
                if not lost_lease.is_set():
                    log.warning("scheduler lease lost during a pass; another instance carries on")
                lost_lease.set()
                done.extend(lost.performed)
            except Exception:  # one group's trouble must not stop the others
                log.exception("reconciling group %s failed", group.key)

        ordered = fair_order(registered, now, key=lambda group: group.id)
        await fan_out(ordered, one, limit=self.concurrency, stop=lost_lease)
        return done

    async def upcoming_boundaries(self, *, limit: int) -> list[datetime]:
        """The next window starts and ends (and reminder times) over every group."""
        now = self.clock()
        found: set[datetime] = set()
        async with self.sessions() as db:
            registered = [g for g in await groups.all_groups(db) if g.chat_id is not None]
            for group in registered:
                assert group.id is not None
                policy = self.policies(group)
                today = local_day(now, policy.zone)
                days = await session_days.days_between(
                    db, group_id=group.id, start=today, end=today + timedelta(days=2)
                )
                for slot in slots_for_days(days, policy):
                    found.update(b for b in reminder_times(slot, policy) if b > now)
        return sorted(found)[:limit]

    async def release(self) -> None:
        """Give up the lease (clean shutdown)."""
        async with transaction(self.sessions) as db:
            await actions.release_lease(db, name=LEASE_NAME, holder=self.holder)

    async def reconcile(self, group: Group, now: datetime) -> list[Performed]:
        """Do what is due for one group (LeaseLost, with what was done, if the lease is lost)."""
        policy = self.policies(group)
        slots, done = await self._state(group, policy, now)
        performed: list[Performed] = []
        for item in due_actions(now, slots, done, policy.zone, policy.reminders):
            try:
                acted = await self._perform(group, item, now)
            except LeaseLost as lost:
                lost.performed[:0] = performed
                raise
            if acted:
                performed.append(
                    Performed(group.key, item.kind, item.slot.window.start, item.slot.theme_key)
                )
        return performed

    async def _state(
        self, group: Group, policy: GroupPolicy, now: datetime
    ) -> tuple[list[Slot], set[tuple[datetime, str]]]:
        assert group.id is not None
        today = local_day(now, policy.zone)
        async with transaction(self.sessions) as db:
            if policy.day_rules:
                dates = session_dates(
                    policy.day_rules,
                    today,
                    today + timedelta(PREFILL_DAYS),
                    skip=self.is_holiday,
                )
                await session_days.prefill(db, group_id=group.id, dates=dates, now=now)
            days = await session_days.days_between(
                db,
                group_id=group.id,
                start=today - timedelta(days=2),
                end=today + timedelta(days=4),
            )
            adhoc = await session_days.adhoc_windows(db, group_id=group.id, since=now - LOOKBACK)
            done_rows = await actions.done(
                db, group_id=group.id, since=now - 2 * LOOKBACK, stale_before=now - self.lease_ttl
            )
        slots = slots_for_days(days, policy) + [adhoc_slot(row, policy) for row in adhoc]
        return slots, {(row.window_start, row.action) for row in done_rows}

    def theme_for(self, slot: Slot) -> Theme:
        """The slot's theme, or the open-discussion fallback when none (or an unknown) is set."""
        key = slot.theme_key or FALLBACK_THEME
        return self.catalog.get(key) or self.catalog[FALLBACK_THEME]

    async def _perform(self, group: Group, item: Due, now: datetime) -> bool:
        """Claim, post, mark done; False if another has it or the post failed (released)."""
        assert group.id is not None
        slot, kind = item.slot, item.kind
        theme = self.theme_for(slot)
        key = _ActionKey(group.id, slot.window.start, kind.value)
        at = self.clock()
        async with transaction(self.sessions) as db:
            if not await actions.renew_lease(
                db, name=LEASE_NAME, holder=self.holder, now=at, ttl=self.lease_ttl
            ):
                raise LeaseLost()
            stale = await actions.is_stale_claim(
                db, **key.fields(), stale_before=at - self.lease_ttl
            )
            claimed = await actions.claim(
                db,
                **key.fields(),
                window_end=slot.window.end,
                holder=self.holder,
                now=at,
                stale_before=at - self.lease_ttl,
                theme_key=theme.key,
                session_day_id=slot.session_day_id,
            )
        if not claimed:
            return False
        try:
            async with self._heartbeat(key):
                message_id = await self._adopt_or_act(group, item, theme, now, taken_over=stale)
        except Exception:
            log.exception("%s for %s at %s failed; will retry", kind, group.key, slot.window.start)
            async with transaction(self.sessions) as db:
                await actions.release(db, **key.fields(), holder=self.holder)
            return False
        async with transaction(self.sessions) as db:
            completed = await actions.complete(
                db, **key.fields(), holder=self.holder, message_id=message_id, now=self.clock()
            )
        if not completed:
            log.warning(
                "%s for %s at %s was taken over while posting; it may show twice",
                kind,
                group.key,
                slot.window.start,
            )
        return True

    @contextlib.asynccontextmanager
    async def _heartbeat(self, key: _ActionKey) -> AsyncIterator[None]:
        """While the body runs, renew the lease and the claim every `heartbeat`."""
        stop = asyncio.Event()
        beats = asyncio.create_task(self._beat(key, stop))
        try:
            yield
        finally:
            stop.set()  # a renewal in progress is finished, never cancelled mid-statement
            await beats

    async def _beat(self, key: _ActionKey, stop: asyncio.Event) -> None:
        every = self.heartbeat if self.heartbeat is not None else self.lease_ttl / 3
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=every.total_seconds())
            if stop.is_set():
                return
            at = self.clock()
            try:
                async with transaction(self.sessions) as db:
                    held = await actions.renew_lease(
                        db, name=LEASE_NAME, holder=self.holder, now=at, ttl=self.lease_ttl
                    )
                    if held:
                        await actions.refresh_claim(db, **key.fields(), holder=self.holder, now=at)
            except Exception:  # the next beat tries again; the post itself goes on
                log.exception("renewing the scheduler lease failed")
                continue
            if not held:
                log.warning("scheduler lease lost while %s was being posted", key.action)
                return

    async def _adopt_or_act(
        self, group: Group, item: Due, theme: Theme, now: datetime, *, taken_over: bool
    ) -> int | None:
        """Act, unless this takes over the claim of a prompt its dead holder had already posted:
        the prompt is pinned right after posting, so the chat's pinned prompt is adopted."""
        if taken_over and item.kind is Kind.OPEN:
            try:
                adopted = await self.notifier.pinned_prompt(
                    group_view(group), item.slot.window, theme
                )
            except Exception:  # noqa: BLE001 — not knowing, post again (the accepted duplicate)
                log.warning("could not read the pinned message of %s", group.key, exc_info=True)
                adopted = None
            if adopted is not None:
                start = item.slot.window.start
                log.info("adopted the pinned prompt of %s at %s", group.key, start)
                return adopted
        return await self._act(group, item, theme, now)

    async def _act(self, group: Group, item: Due, theme: Theme, now: datetime) -> int | None:
        policy = self.policies(group)
        slot, window, view = item.slot, item.slot.window, group_view(group, policy.windows)
        if item.kind is Kind.THEME_REMINDER:
            await self.notifier.remind_staff_theme(view, window.day)
            return None
        if item.kind in (Kind.REMIND_EVENING, Kind.REMIND_SOON):
            known = self.catalog.get(slot.theme_key) if slot.theme_key else None
            return await self.notifier.remind_members(
                view, window, known, soon=item.kind is Kind.REMIND_SOON
            )
        thread_id = await self._thread(group, view, theme)
        if item.kind is Kind.OPEN:
            reply_to = await self._first_prompt(group, slot)
            catch_up = now - window.start > timedelta(minutes=2)
            opening = await self._opening(group, slot)
            return await self.notifier.open_window(
                view,
                window,
                theme,
                reply_to=reply_to,
                thread_id=thread_id,
                catch_up=catch_up,
                opening=opening,
            )
        return await self._close(group, view, window, theme, thread_id)

    async def _close(
        self, group: Group, view: GroupView, window: Window, theme: Theme, thread_id: int | None
    ) -> int | None:
        assert group.id is not None
        async with self.sessions() as db:
            tally = await contributions.window_tally(
                db, group_id=group.id, window_start=window.start
            )
            prompt_id = await actions.posted(
                db, group_id=group.id, window_start=window.start, action=Kind.OPEN.value
            )
        return await self.notifier.close_window(
            view, window, theme, tally, prompt_message_id=prompt_id, thread_id=thread_id
        )

    async def _opening(self, group: Group, slot: Slot) -> Opening | None:
        """Staff's own prompt and who is on duty (planned windows only)."""
        if slot.adhoc or group.id is None:
            return None
        async with self.sessions() as db:
            return await opening_for(
                db, group_id=group.id, day=slot.window.day, window_index=slot.window.index
            )

    async def _first_prompt(self, group: Group, slot: Slot) -> int | None:
        if slot.session_day_id is None or slot.first_of_day or group.id is None:
            return None
        async with self.sessions() as db:
            first = await actions.first_prompt_of_day(
                db, group_id=group.id, session_day_id=slot.session_day_id
            )
        return first.message_id if first else None

    async def _thread(self, group: Group, view: GroupView, theme: Theme) -> int | None:
        if not group.is_forum or group.id is None:
            return None
        async with transaction(self.sessions) as db:
            existing = await topics.thread_for(db, group_id=group.id, theme_key=theme.key)
            if existing is not None:
                return existing
            thread_id = await self.notifier.create_topic(view, theme)
            await topics.remember(db, group_id=group.id, theme_key=theme.key, thread_id=thread_id)
            return thread_id


def group_view(row: Group, windows: tuple[WindowSpec, ...] = DEFAULT_WINDOWS) -> GroupView:
    """The Notifier's plain view of a registered group (ValueError if it has no chat)."""
    if row.chat_id is None:
        raise ValueError(f"group {row.key} has no chat")
    return GroupView(
        key=row.key,
        chat_id=row.chat_id,
        audience=row.audience,
        language=row.language,
        zone=ZoneInfo(row.timezone),
        lock_between_sessions=row.lock_between_sessions,
        windows=windows,
    )


def slots_for_days(days: list[SessionDay], policy: GroupPolicy) -> list[Slot]:
    """The planned windows of the given session days."""
    slots = []
    for row in days:
        windows = windows_for_day(row.day, policy.windows, policy.zone)
        for position, window in enumerate(windows):
            slots.append(Slot(window, row.theme_key, row.id, first_of_day=position == 0))
    return slots


def reminder_times(slot: Slot, policy: GroupPolicy) -> list[datetime]:
    """Instants at which something may fall due for a slot."""
    window = slot.window
    times = [window.start, window.end]
    if policy.reminders.minutes_before is not None:
        times.append(window.start - timedelta(minutes=policy.reminders.minutes_before))
    if slot.first_of_day and policy.reminders.evening_before is not None:
        day_before = window.day - timedelta(days=1)
        times.append(wall_clock_to_utc(day_before, policy.reminders.evening_before, policy.zone))
    return times


def adhoc_slot(row: AdhocWindow, policy: GroupPolicy) -> Slot:
    """An ad hoc window as a slot (its own first window of the day)."""
    start = row.start.astimezone(policy.zone).time().replace(second=0, microsecond=0)
    end = row.end.astimezone(policy.zone).time().replace(second=0, microsecond=0)
    if end <= start:  # crosses midnight: the label says "until the end of the day"
        end = time(23, 59)
    window = Window(
        local_day(row.start, policy.zone), -1, WindowSpec(start, end), row.start, row.end
    )
    return Slot(window, row.theme_key, None, first_of_day=True, adhoc=True)
