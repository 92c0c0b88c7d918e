"""Periodic membership jobs: unanswered join requests, place offers, consent call, retention
(and the sub-topic scores of texts still without them).

Each job is a method taking `now`, idempotent, and done under the database lease
"membership" so that only one instance acts. `schedule()` adds them to APScheduler.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from aiogram.exceptions import TelegramAPIError
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from sqlalchemy.ext.asyncio import AsyncSession

from bot import consent_notice as notice
from bot.consent_dialogue import decline_request
from bot.i18n import speaking
from bot.jobs_common import GroupJob
from bot.membership import Membership
from digest.stored_scores import score_all_groups
from storage import actions, audit, consent, groups, inbox, members_queries, retention
from storage.db import transaction
from storage.models import Group, JoinDialogue

log = logging.getLogger(__name__)
#: Handled updates' ids are kept this long for de-duplication (Telegram keeps them 24 h).
HANDLED_UPDATES_KEPT = timedelta(days=2)
LEASE_NAME = "membership"


@dataclass(kw_only=True, eq=False)
class MembershipJobs(GroupJob):
    """The membership jobs of one bot instance."""

    membership: Membership

    def schedule(self, scheduler: Any) -> None:
        """Every minute: time-outs, offers, consent call. Daily: the retention purge, then the
        scoring of unscored texts."""
        scheduler.add_job(
            self.tick, "interval", minutes=1, id="membership", coalesce=True, max_instances=1
        )
        scheduler.add_job(
            self.daily,
            "interval",
            hours=24,
            id="retention",
            coalesce=True,
            max_instances=1,
            next_run_time=datetime.now(UTC) + timedelta(minutes=5),  # APScheduler: real time
        )

    async def tick(self) -> None:
        """The minute job (for the scheduler): reads the clock, then runs each job."""
        await self._run_each((self.decline_expired, self.refill, self.post_consent_calls))

    async def daily(self) -> None:
        """The daily job (for the scheduler)."""
        await self._run_each((self.purge_expired, self.score_texts))

    async def _run_each(self, jobs: Sequence[Callable[[datetime], Awaitable[int]]]) -> None:
        """Read the clock, then run each job; one job's trouble must not stop the others."""
        now = self.deps.clock()
        for job in jobs:
            try:
                await job(now)
            except Exception:
                log.exception("membership job %s failed", job.__name__)

    async def _leased(self, now: datetime) -> bool:
        async with transaction(self.deps.sessions) as db:
            return await actions.acquire_lease(
                db,
                name=LEASE_NAME,
                holder=self.deps.holder,
                now=now,
                ttl=timedelta(seconds=self.deps.settings.lease_seconds),
            )

    async def decline_expired(self, now: datetime) -> int:
        """Decline join requests whose dialogue was not finished within the time-out."""
        if not await self._leased(now):
            return 0
        before = now - timedelta(minutes=self.deps.settings.join_timeout_minutes)
        async with transaction(self.deps.sessions) as db:
            rows = await members_queries.expired_dialogues(db, before=before)
            freed: dict[int, Group] = {}
            for row in rows:
                group = await db.get(Group, row.group_id)
                if group is not None:
                    await self._expire(db, group, row, now)
                    if row.kind == members_queries.JOIN and group.id is not None:
                        freed[group.id] = group
                await members_queries.end_dialogue(db, row)
            for group in freed.values():
                await self.membership.offer_places(db, group, now=now)
        return len(rows)

    async def _expire(
        self, db: AsyncSession, group: Group, row: JoinDialogue, now: datetime
    ) -> None:
        joining = row.kind == members_queries.JOIN
        if joining and not await decline_request(self.deps.bot, group, row.user_id):
            # staff already approved or declined it by hand: nothing expired for the applicant
            action = "join-handled-by-staff"
        else:
            await self._tell_expired(row, joining=joining)
            action = "join-timeout" if joining else "consent-timeout"
        await audit.record(
            db, action=action, now=now, group_id=group.id, target_user_id=row.user_id
        )

    async def _tell_expired(self, row: JoinDialogue, *, joining: bool) -> None:
        """Turn the dialogue's last message into the time-out notice (if it can be edited)."""
        with speaking(self.deps.i18n, row.language):
            text = notice.timed_out_text() if joining else notice.expired_question_text()
        if row.message_id is not None:
            with contextlib.suppress(TelegramAPIError):
                await self.deps.bot.edit_message_text(
                    chat_id=row.user_id, message_id=row.message_id, text=text
                )

    async def refill(self, now: datetime) -> int:
        """Offer free places to the waiting lists (at refill dates also to the unreachable)."""
        offer = functools.partial(self.membership.offer_places, now=now)
        return await self._each_group(now, offer)

    async def post_consent_calls(self, now: datetime) -> int:
        """Once per group: a pinned request to members who joined before the bot."""
        return await self._each_group(now, functools.partial(self._consent_call, now=now))

    async def _each_group(
        self, now: datetime, act: Callable[[AsyncSession, Group], Awaitable[int]]
    ) -> int:
        """Under the lease, in one transaction: `act` on each group with a chat; their sum."""
        if not await self._leased(now):
            return 0
        done = 0
        async with transaction(self.deps.sessions) as db:
            for group in await groups.all_groups(db):
                if group.id is not None and group.chat_id is not None:
                    done += await act(db, group)
        return done

    async def _consent_call(self, db: AsyncSession, group: Group, now: datetime) -> int:
        assert group.id is not None and group.chat_id is not None
        if await consent.notice_posted(db, group_id=group.id, kind=consent.CONSENT_CALL):
            return 0
        me = await self.deps.bot.me()
        url = f"https://t.me/{me.username}?start=consent-{group.key}"
        with speaking(self.deps.i18n, group.language):
            text = notice.consent_call_text()
            button = InlineKeyboardButton(text=notice.consent_call_button(), url=url)
        try:
            sent = await self.deps.bot.send_message(
                chat_id=group.chat_id,
                text=text,
                reply_markup=InlineKeyboardMarkup(inline_keyboard=[[button]]),
            )
        except TelegramAPIError as exc:
            log.warning("consent call in group %s not posted: %s", group.key, exc)
            return 0
        with contextlib.suppress(TelegramAPIError):
            await self.deps.bot.pin_chat_message(
                chat_id=group.chat_id, message_id=sent.message_id, disable_notification=True
            )
        await consent.mark_notice(
            db, group_id=group.id, kind=consent.CONSENT_CALL, message_id=sent.message_id, now=now
        )
        await audit.record(db, action="consent-call", now=now, group_id=group.id)
        return 1

    async def purge_expired(self, now: datetime) -> int:
        """Erase raw texts older than `retention_months`; digests already written stay."""
        if not await self._leased(now):
            return 0
        before = retention.months_before(now, self.deps.settings.retention_months)
        async with transaction(self.deps.sessions) as db:
            await inbox.purge_done(db, before=now - HANDLED_UPDATES_KEPT)
            count = await retention.purge_texts(db, before=before)
            if count:
                await audit.record(
                    db,
                    action="retention-purge",
                    now=now,
                    reason=f"{count} texts sent before {before.date().isoformat()}",
                )
        return count

    async def score_texts(self, now: datetime) -> int:
        """Store the sub-topic scores of every group's texts still without them (rows from
        before they were kept, edited ones, imported and private ones); how many."""
        if not await self._leased(now):
            return 0
        return await score_all_groups(self.deps.sessions, self.deps.catalog)
