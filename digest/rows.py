"""One ContributionRow per member contribution, for CSV and XLSX."""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from digest.aggregate import Engagement
from digest.model import ContributionRow
from digest.queries import ContributionFact
from digest.quoting import Quoter


def contribution_rows(
    facts: Sequence[ContributionFact], quoter: Quoter, engagement: Engagement, zone: ZoneInfo
) -> tuple[ContributionRow, ...]:
    """Rows in time order; text and pseudonym only where the privacy gate allows."""
    return tuple(
        ContributionRow(
            contribution_id=fact.id,
            pseudonym=quoter.author(fact),
            theme=fact.theme_key or "",
            session_date=(
                fact.window_start.astimezone(zone).date()
                if fact.session_day_id is not None and fact.window_start is not None
                else None
            ),
            window=fact.window_label or "",
            sent_at=fact.sent_at.astimezone(zone),
            text=quoter.text(fact),
            media=fact.media_kind or "",
            reactions=engagement.reactions(fact),
            replies=engagement.replies(fact),
            hidden=fact.hidden,
            late=fact.late,
            highlighted=fact.highlighted,
        )
        for fact in facts
    )
