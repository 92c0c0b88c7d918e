"""One ContributionRow per member contribution, for CSV and XLSX."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from zoneinfo import ZoneInfo

from digest.aggregate import Engagement
from digest.model import ContributionRow
from digest.quoting import Quoter
from digest.records import ContributionFact


def contribution_rows(
    facts: Sequence[ContributionFact],
    quoter: Quoter,
    engagement: Engagement,
    zone: ZoneInfo,
    subtopic: Callable[[ContributionFact], str],
) -> tuple[ContributionRow, ...]:
    """Rows in time order; a pseudonym for every member not forgotten, text only where the
    privacy gate allows.

    `session_date` is the local date of the session day's window (None for ad hoc windows
    and unthemed messages). Built positionally: this runs once per exported contribution.
    """
    author, text = quoter.row_name, quoter.text
    reactions, replies = engagement.reactions, engagement.replies
    rows = []
    for fact in facts:
        start = fact.window_start
        day = start.astimezone(zone).date() if start and fact.session_day_id is not None else None
        rows.append(
            ContributionRow(
                fact.id,
                author(fact),
                fact.theme_key or "",
                subtopic(fact),
                day,
                fact.window_label or "",
                fact.sent_at.astimezone(zone),
                text(fact),
                fact.media_kind or "",
                reactions(fact),
                replies(fact),
                fact.hidden,
                fact.late,
                fact.highlighted,
                fact.private,
            )  # fmt: skip
        )
    return tuple(rows)
