"""Cohorts and the waiting list: capacity, refill dates, offers of free places, group rules.

A group admits up to `capacity` members. Refill dates (e.g. 1.1. and 1.7.) start enrolment
periods: applicants who find the group full are told the next one, and at each refill date
everyone on the waiting list is tried again (also those the bot could not reach before).
Between refill dates a freed place is offered at once to the next reachable person.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from aiogram import Bot
from aiogram.exceptions import TelegramAPIError, TelegramForbiddenError
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import PoI18n, speaking
from config import GroupConfig, Settings
from scheduler.calendar import wall_clock_to_utc
from storage import audit, members_queries
from storage.models import Group, WaitingEntry

log = logging.getLogger(__name__)


def group_config(settings: Settings, group: Group) -> GroupConfig:
    """The group's TOML declaration, else the defaults (capacity 20, refills 1.1. and 1.7.)."""
    for declared in settings.groups:
        if declared.key == group.key:
            return declared
    return GroupConfig.model_validate({"key": group.key, "audience": group.audience})


def group_title(group: Group) -> str:
    """The name members know the group by."""
    return group.title or group.key


def fmt_date(day: date) -> str:
    """Finnish-style date: 1.7.2027."""
    return f"{day.day}.{day.month}.{day.year}"


def refill_instants(cfg: GroupConfig, zone: ZoneInfo, years: range) -> list[datetime]:
    """Local midnights of the refill dates in `years`, as UTC instants (Feb 29 skipped)."""
    found = []
    for year in years:
        for month_day in cfg.refill_dates:
            month, day = (int(part) for part in month_day.split("-"))
            try:
                found.append(wall_clock_to_utc(date(year, month, day), time(0), zone))
            except ValueError:
                continue
    return sorted(found)


def next_refill(now: datetime, cfg: GroupConfig, zone: ZoneInfo) -> date | None:
    """The next refill date after `now` (local), if the group has any."""
    years = range(now.year, now.year + 2)
    coming = [instant for instant in refill_instants(cfg, zone, years) if instant > now]
    return coming[0].astimezone(zone).date() if coming else None


def last_refill(now: datetime, cfg: GroupConfig, zone: ZoneInfo) -> datetime | None:
    """The latest refill instant at or before `now`."""
    past = [i for i in refill_instants(cfg, zone, range(now.year - 1, now.year + 2)) if i <= now]
    return past[-1] if past else None


@dataclass(frozen=True)
class Places:
    """A group's capacity, members now, and places held for offers and open dialogues."""

    capacity: int
    members: int
    reserved: int

    @property
    def free(self) -> int:
        """Places nobody holds."""
        return max(0, self.capacity - self.members - self.reserved)


async def count_members(bot: Bot, chat_id: int) -> int | None:
    """Members of the chat who are not administrators (None if Telegram will not say)."""
    try:
        total = await bot.get_chat_member_count(chat_id=chat_id)
        admins = await bot.get_chat_administrators(chat_id=chat_id)
    except TelegramAPIError as exc:
        log.warning("cannot count members of chat %s: %s", chat_id, exc)
        return None
    return max(0, total - len(admins))


def rules_text(settings: Settings, group: Group, language: str) -> str:
    """The group's own rules in `language`, else the built-in ones (in the current locale)."""
    custom = group_config(settings, group).rules.get(language)
    if custom:
        return custom
    return _(
        "Rules of the group:\n"
        "1. Be kind and respect the others. We talk about services, not about people.\n"
        "2. Do not share details that identify you, your children or anyone else: names, "
        "identity codes, phone numbers, addresses.\n"
        "3. What is said here stays in the group.\n"
        "4. No advertising, chain letters or harassment.\n"
        "5. The project workers moderate the discussion. To report a message, reply to it "
        "with /report.\n"
        "6. This group is not an emergency service: in an emergency call 112."
    )


class Membership:
    """Places, offers and the periodic membership jobs; one per running bot."""

    def __init__(self, *, bot: Bot, settings: Settings, i18n: PoI18n) -> None:
        self.bot = bot
        self.settings = settings
        self.i18n = i18n

    @property
    def offer_time(self) -> timedelta:
        """How long an offered place is held."""
        return timedelta(days=self.settings.place_offer_days)

    async def places(
        self, db: AsyncSession, group: Group, *, now: datetime, other_than: int = 0
    ) -> Places | None:
        """The group's places now (held ones of `other_than` not counted as held)."""
        assert group.id is not None and group.chat_id is not None
        current = await count_members(self.bot, group.chat_id)
        if current is None:
            return None
        offers = await members_queries.active_offers(
            db, group_id=group.id, since=now - self.offer_time, other_than=other_than
        )
        pending = await members_queries.pending_joins(db, group_id=group.id, other_than=other_than)
        return Places(group_config(self.settings, group).capacity, current, offers + pending)

    async def has_place(
        self, db: AsyncSession, group: Group, *, user_id: int, now: datetime
    ) -> bool:
        """True if the user holds an offer or a place is free (also when uncountable)."""
        assert group.id is not None
        entry = await members_queries.waiting_entry(db, group_id=group.id, user_id=user_id)
        if entry and entry.offered_at and entry.offered_at >= now - self.offer_time:
            return True
        places = await self.places(db, group, now=now, other_than=user_id)
        return places is None or places.free > 0

    async def offer_places(self, db: AsyncSession, group: Group, *, now: datetime) -> int:
        """Lapse old offers, then offer every free place to the next reachable people."""
        assert group.id is not None
        await members_queries.lapse_offers(db, group_id=group.id, before=now - self.offer_time)
        cfg = group_config(self.settings, group)
        refilled = last_refill(now, cfg, ZoneInfo(group.timezone))
        queue = [
            entry
            for entry in await members_queries.waiting_list(db, group_id=group.id)
            if entry.offered_at is None
            and (entry.unreachable_at is None or (refilled and entry.unreachable_at < refilled))
        ]
        if not queue:
            return 0
        places = await self.places(db, group, now=now)
        free = places.free if places else 0
        offered = 0
        for entry in queue:
            if offered >= free:
                break
            if await self._send_offer(group, cfg, entry):
                entry.offered_at, entry.unreachable_at = now, None
                offered += 1
            else:
                entry.unreachable_at = now
            db.add(entry)
            await audit.record(
                db,
                action="place-offer",
                now=now,
                group_id=group.id,
                target_user_id=entry.user_id,
                outcome="done" if entry.offered_at else "unreachable",
            )
        await db.flush()
        return offered

    async def _send_offer(self, group: Group, cfg: GroupConfig, entry: WaitingEntry) -> bool:
        with speaking(self.i18n, entry.language):
            text = _("Good news! A place has opened in the group “{title}”.").format(
                title=group_title(group)
            )
            days = self.settings.place_offer_days
            if cfg.invite_link:
                text += " " + _("Ask to join within {days} days with this link: {link}").format(
                    days=days, link=cfg.invite_link
                )
            else:
                text += " " + _(
                    "Ask to join again within {days} days, with the same link you used before."
                ).format(days=days)
        try:
            await self.bot.send_message(chat_id=entry.user_id, text=text)
        except TelegramForbiddenError:
            return False
        except TelegramAPIError as exc:
            log.warning("offer to %s failed: %s", entry.user_id, exc)
            return False
        return True
