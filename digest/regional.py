"""The regional digest: the same month of several groups, themes aligned by key (pure).

It is composed from each group's own Digest (`digest.builder`) and per-municipality tallies,
never by rebuilding what a group's digest says: per theme, its counts in all the groups,
by group and by municipality (both under complementary suppression, as any breakdown that
was never public in a group), and its keywords summed over the groups.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from digest.breakdowns import protected_rows
from digest.model import Breakdown, ContributionRow, Digest, Keyword, Period, Tally

REGIONAL_KIND = "regional"
KEYWORDS = 10
MunicipalityTallies = Mapping[str, Mapping[str, Tally]]  # theme key -> municipality -> tally


@dataclass(frozen=True, slots=True)
class GroupPart:
    """One group of the region: its key, title and the group's own digest."""

    key: str
    title: str
    digest: Digest


@dataclass(frozen=True, slots=True)
class RegionalTheme:
    """A theme over every group that discussed it."""

    key: str
    title: str
    contributions: int
    participants: int
    groups: int
    by_group: tuple[Breakdown, ...]
    by_municipality: tuple[Breakdown, ...]
    keywords: tuple[Keyword, ...]
    private: int = 0  # written to the bot privately, summed over the groups
    questions_answered: int = 0
    questions_open: int = 0
    polls: int = 0


@dataclass(frozen=True, slots=True)
class RegionalRow:
    """A contribution row of one group (CSV, XLSX, JSON carry the group key)."""

    group_key: str
    row: ContributionRow


@dataclass(frozen=True, slots=True)
class RegionalDigest:
    """The region's digest for one month: totals, aligned themes and each group's figures."""

    kind: str
    language: str
    period: Period
    generated_at: datetime
    partial: bool
    threshold: int
    totals: Tally
    groups: tuple[GroupPart, ...]
    themes: tuple[RegionalTheme, ...]

    @property
    def rows(self) -> tuple[RegionalRow, ...]:
        """Every group's contribution rows, group by group."""
        parts = self.groups
        return tuple(RegionalRow(part.key, row) for part in parts for row in part.digest.rows)


def compose(
    parts: Sequence[GroupPart],
    municipalities: MunicipalityTallies,
    *,
    unknown_municipality: str,
    generated_at: datetime,
    threshold: int,
) -> RegionalDigest:
    """The regional digest of `parts` (at least one, all of the same month)."""
    first = parts[0].digest
    themes = [
        _theme(key, parts, municipalities.get(key, {}), unknown_municipality, threshold)
        for key in _theme_keys(parts)
    ]
    themes.sort(key=lambda theme: (-theme.contributions, theme.key))
    totals = Tally(
        sum(part.digest.totals.contributions for part in parts),
        sum(part.digest.totals.participants for part in parts),
    )
    return RegionalDigest(
        kind=REGIONAL_KIND,
        language=first.language,
        period=first.period,
        generated_at=generated_at,
        partial=any(part.digest.partial for part in parts),
        threshold=threshold,
        totals=totals,
        groups=tuple(parts),
        themes=tuple(themes),
    )


def _theme_keys(parts: Sequence[GroupPart]) -> list[str]:
    return list(dict.fromkeys(theme.key for part in parts for theme in part.digest.themes))


def _theme(
    key: str,
    parts: Sequence[GroupPart],
    municipalities: Mapping[str, Tally],
    unknown: str,
    threshold: int,
) -> RegionalTheme:
    summaries = {
        part.title: summary
        for part in parts
        for summary in part.digest.themes
        if summary.key == key
    }
    by_group = {
        title: Tally(summary.contributions, summary.participants)
        for title, summary in summaries.items()
    }
    by_municipality = {(name or unknown): tally for name, tally in municipalities.items()}
    title = next(iter(summaries.values())).title
    return RegionalTheme(
        key=key,
        title=title,
        contributions=sum(tally.contributions for tally in by_group.values()),
        participants=sum(tally.participants for tally in by_group.values()),
        groups=len(by_group),
        by_group=protected_rows(by_group, threshold),
        by_municipality=protected_rows(by_municipality, threshold),
        keywords=merged_keywords([s.keywords for s in summaries.values()]),
        private=sum(s.private for s in summaries.values()),
        questions_answered=sum(s.questions_answered for s in summaries.values()),
        questions_open=sum(s.questions_open for s in summaries.values()),
        polls=sum(len(s.polls) for s in summaries.values()),
    )


def merged_keywords(lists: Sequence[Sequence[Keyword]]) -> tuple[Keyword, ...]:
    """Keywords summed by lemma over the groups; a lemma's word is its most counted form."""
    counts: Counter[str] = Counter()
    forms: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for keywords in lists:
        for keyword in keywords:
            counts[keyword.lemma] += keyword.count
            forms[keyword.lemma][keyword.word] += keyword.count
    ranked = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:KEYWORDS]
    return tuple(
        Keyword(word=forms[lemma].most_common(1)[0][0], lemma=lemma, count=count)
        for lemma, count in ranked
    )
