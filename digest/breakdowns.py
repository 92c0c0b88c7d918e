"""Breakdown rows from per-label tallies: public ones shown, others protected.

Window figures were posted in the group when each window closed, so rows by window are
shown as they are. Any other breakdown (by municipality, age band, ...) goes through
complementary suppression (digest.disclosure) with the rows' sums as its shown totals.
"""

from __future__ import annotations

from collections.abc import Mapping

from digest.disclosure import Mark, protect_columns
from digest.model import Breakdown, Cell, Tally


def shown_rows(tallies: Mapping[str, Tally]) -> tuple[Breakdown, ...]:
    """Rows by label, every count shown (figures already public)."""
    return tuple(
        Breakdown(label, Cell.shown(counts.contributions), Cell.shown(counts.participants))
        for label, counts in sorted(tallies.items())
    )


def protected_rows(tallies: Mapping[str, Tally], threshold: int) -> tuple[Breakdown, ...]:
    """Rows by label under complementary suppression; none when it cannot be protected."""
    labels = sorted(tallies)
    contributions = [tallies[label].contributions for label in labels]
    participants = [tallies[label].participants for label in labels]
    protection = protect_columns([contributions, participants], threshold)
    if protection.withheld:
        return ()
    marks_c, marks_p = protection.marks
    return tuple(
        Breakdown(
            label,
            cell(contributions[index], marks_c[index], threshold),
            cell(participants[index], marks_p[index], threshold),
        )
        for index, label in enumerate(labels)
    )


def cell(value: int, mark: Mark, threshold: int) -> Cell:
    """The Cell a count and its mark print as."""
    if mark is Mark.PRIMARY:
        return Cell.small(threshold)
    if mark is Mark.COMPLEMENTARY:
        return Cell.hidden()
    return Cell.shown(value)
