"""Sending digests to staff in Telegram: on request, and on the 1st of each month."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, time

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError
from aiogram.types import BufferedInputFile, InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import may_read
from bot.digest_ops import CSV, month_csv, month_digest, parse_month
from bot.digest_ops import month_label as month_label  # re-exported for the digest router
from bot.i18n import speaking
from bot.jobs_common import GroupJob
from bot.membership import group_title
from bot.metrics import Metrics
from config import Settings
from digest.errors import DigestError
from digest.model import Digest
from digest.periods import last_month_range, zone_of
from digest.render import file_name, file_name_for, render
from digest.render.csv import EXCEL
from scheduler.calendar import local_day, wall_clock_to_utc
from storage import audit, groups, staff, state
from storage.db import transaction
from storage.models import Group, Staff
from themes.model import Catalog

log = logging.getLogger(__name__)
SENT_FIRST = ("html", "pdf")
ON_BUTTONS = ("csv", "xlsx", "json")
MONTHLY_AT = time(8, 0)


def format_buttons(group_key: str, month: str) -> InlineKeyboardMarkup:
    """Buttons for the other formats of the same digest."""
    row = [
        InlineKeyboardButton(text=fmt.upper(), callback_data=f"dgf:{group_key}:{month}:{fmt}")
        for fmt in ON_BUTTONS
    ]
    return InlineKeyboardMarkup(inline_keyboard=[row])


async def send_formats(
    bot: Bot, chat_id: int, digest: Digest, formats: Iterable[str], *, metrics: Metrics | None
) -> None:
    """Each format rendered from the digest as a document (CSV goes by `send_month_format`)."""
    for fmt in formats:
        data = render(digest, fmt)
        await bot.send_document(
            chat_id=chat_id, document=BufferedInputFile(data, filename=file_name(digest, fmt))
        )
        if metrics:
            metrics.digest_runs.labels(format=fmt).inc()


async def send_month_format(
    bot: Bot,
    db: AsyncSession,
    settings: Settings,
    catalog: Catalog,
    *,
    chat_id: int,
    group_key: str,
    month: str,
    fmt: str,
    now: datetime,
    metrics: Metrics | None,
) -> None:
    """One format of a month's digest as a document: the CSV streamed from the database by
    the export in the excel dialect (semicolons, localized headers: it opens in Excel with
    Finnish or Swedish settings), any other format rendered from the month's digest."""
    year, number = parse_month(month)
    if fmt != CSV:
        digest = await month_digest(
            db, settings, catalog, group_key=group_key, year=year, month=number, now=now
        )
        await send_formats(bot, chat_id, digest, [fmt], metrics=metrics)
        return
    out = io.BytesIO()
    await month_csv(
        db, settings, group_key=group_key, year=year, month=number, now=now, out=out,
        dialect=EXCEL,
    )  # fmt: skip
    name = file_name_for(group_key, month_label(year, number), CSV)
    await bot.send_document(chat_id=chat_id, document=BufferedInputFile(out.getvalue(), name))
    if metrics:
        metrics.digest_runs.labels(format=CSV).inc()


@dataclass(kw_only=True, eq=False)
class MonthlyDigests(GroupJob):
    """On the 1st at 08:00 local, last month's digest of each group a subscriber may read
    (asked at sending time, `bot.access.may_read`) to that subscriber, once."""

    async def run(self) -> int:
        """Send what is due and not yet sent; return how many digests went out."""
        now = self.deps.clock()
        zone = zone_of(self.deps.settings.timezone)
        today = local_day(now, zone)
        if now < wall_clock_to_utc(today.replace(day=1), MONTHLY_AT, zone):
            return 0
        start, _end = last_month_range(now, zone)
        year, month = start.astimezone(zone).year, start.astimezone(zone).month
        async with self.deps.sessions() as db:
            registered = [g for g in await groups.all_groups(db) if g.chat_id is not None]
            people = await staff.subscribers(db)
        sent = 0
        for person in people:
            sent += await self._deliver_to(person, registered, year, month, now)
        return sent

    async def _deliver_to(
        self, person: Staff, registered: list[Group], year: int, month: int, now: datetime
    ) -> int:
        """The digests of the groups `person` may read now; a refusal audited once a month
        when they may read none."""
        sent = refused = 0
        for group in registered:
            if await may_read(self.deps.bot, self.deps.staff, user_id=person.user_id, group=group):
                sent += await self._send_once(
                    person.user_id, person.language, group, year, month, now
                )
            else:
                refused += 1
        if registered and refused == len(registered):
            await self._audit_refusal(person.user_id, month_label(year, month), now)
        return sent

    async def _audit_refusal(self, user_id: int, month: str, now: datetime) -> None:
        async with transaction(self.deps.sessions) as db:
            if await state.claim(db, key=f"monthly-digest-refused:{month}:{user_id}", now=now):
                await audit.record(
                    db,
                    action="monthly-digest",
                    now=now,
                    actor_user_id=user_id,
                    outcome="refused",
                    reason="may read no group",
                )

    async def _send_once(
        self, user_id: int, language: str, group: Group, year: int, month: int, now: datetime
    ) -> int:
        key = f"monthly-digest:{group.key}:{month_label(year, month)}:{user_id}"
        async with transaction(self.deps.sessions) as db:
            if not await state.claim(db, key=key, now=now):
                return 0
        try:
            async with self.deps.sessions() as db:
                digest = await month_digest(
                    db,
                    self.deps.settings,
                    self.deps.catalog,
                    group_key=group.key,
                    year=year,
                    month=month,
                    now=now,
                )
            with speaking(self.deps.i18n, language):
                intro = _("Last month's digest of group {group}.").format(group=group_title(group))
            await self.deps.bot.send_message(
                chat_id=user_id,
                text=intro,
                reply_markup=format_buttons(group.key, month_label(year, month)),
            )
            await send_formats(
                self.deps.bot, user_id, digest, SENT_FIRST, metrics=self.deps.metrics
            )
        except (TelegramAPIError, DigestError) as exc:
            log.warning("monthly digest to %s failed: %s", user_id, type(exc).__name__)
            async with transaction(self.deps.sessions) as db:
                await state.unclaim(db, key=key)
            return 0
        return 1
