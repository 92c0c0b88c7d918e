"""Sub-topic scores made off the ingest path: after a window closes, for its group."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.jobs_common import GroupJob
from digest.stored_scores import score_group
from scheduler.calendar import Window
from scheduler.notifier import GroupView

log = logging.getLogger(__name__)


@dataclass(kw_only=True, eq=False)
class SubtopicScoring(GroupJob):
    """Stores the scores of a group's member texts that have none (`score_group`)."""

    async def after_close(self, group: GroupView, window: Window) -> None:
        """Once `window` has closed, score what its group has unscored (never raises)."""
        try:
            await score_group(
                self.deps.sessions, self.deps.catalog,
                key=group.key, language=group.language, audience=group.audience,
            )  # fmt: skip
        except Exception:
            log.exception("scoring the texts of %s after %s failed", group.key, window.label)
