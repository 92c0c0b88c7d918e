"""What the jobs of one bot instance share: their dependencies, the after-day template."""

from __future__ import annotations

import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from dataclasses import dataclass
from typing import ClassVar, Generic, TypeVar

from aiogram import Bot
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.i18n import PoI18n
from bot.metrics import Metrics
from bot.staff import StaffDirectory
from config import Settings
from scheduler.calendar import Window
from scheduler.notifier import GroupView
from scheduler.policy import GroupPolicy
from storage.db import transaction
from storage.models import Group
from themes.model import Catalog

Claimed = TypeVar("Claimed")


@dataclass(frozen=True, kw_only=True, eq=False)
class JobDeps:
    """What the jobs of one bot instance are built from (made once, in `build_app`)."""

    settings: Settings
    sessions: async_sessionmaker[AsyncSession]
    bot: Bot
    i18n: PoI18n
    clock: Clock
    #: Each group's schedule policy.
    policies: Callable[[Group], GroupPolicy]
    #: This instance's name in leases and claims.
    holder: str
    #: Who is staff, the themes, the counters: one each per instance.
    staff: StaffDirectory
    catalog: Catalog
    metrics: Metrics


@dataclass(kw_only=True, eq=False)
class GroupJob:
    """A job that writes to or about groups, from the instance's shared dependencies."""

    deps: JobDeps


@dataclass(kw_only=True, eq=False)
class AfterSessionDay(GroupJob, ABC, Generic[Claimed]):
    """Done once when a session day's last window has closed: what is due is claimed in one
    transaction, then sent (a crash in between loses the sending, never repeats it)."""

    #: The job as named in the log line when it fails.
    what: ClassVar[str]

    async def after_close(self, group: GroupView, window: Window) -> None:
        """If `window` was its session day's last, do the job once (never raises)."""
        try:
            async with transaction(self.deps.sessions) as db:
                claimed = await self._claimed(db, group, window)
            if claimed is not None:
                await self._send(group, claimed)
        except Exception:
            logger = logging.getLogger(type(self).__module__)  # the job's own module logs it
            logger.exception("the %s for %s failed", self.what, group.key)

    @abstractmethod
    async def _claimed(self, db: AsyncSession, view: GroupView, window: Window) -> Claimed | None:
        """Claim what is due once `window` closed (None: not its day's last, or nothing)."""

    @abstractmethod
    async def _send(self, group: GroupView, claimed: Claimed) -> None:
        """Send what was claimed (after the claim is committed)."""
