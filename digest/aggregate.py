"""Per-theme aggregation of member contributions into ThemeSummary values."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from digest.breakdowns import protected_rows, shown_rows
from digest.model import (
    Breakdown,
    Keyword,
    Quote,
    RecordItem,
    Subtopic,
    Tally,
    ThemeSummary,
    VoiceBalance,
)
from digest.quoting import Quoter, may_quote
from digest.records import ContributionFact

TOP_QUOTES = 3
KEYWORDS = 12


class Engagement:
    """Reactions and member replies per message."""

    __slots__ = ("_reactions", "_replies")

    def __init__(
        self, reactions: Mapping[tuple[int, int], int], facts: Iterable[ContributionFact]
    ) -> None:
        self._reactions = reactions
        self._replies = Counter(
            (fact.chat_id, fact.reply_to_message_id)
            for fact in facts
            if fact.reply_to_message_id is not None
        )

    def reactions(self, fact: ContributionFact) -> int:
        """Reactions to the contribution's message."""
        return self._reactions.get((fact.chat_id, fact.message_id), 0)

    def replies(self, fact: ContributionFact) -> int:
        """Member replies to the contribution's message in the period."""
        return self._replies.get((fact.chat_id, fact.message_id), 0)


@dataclass(frozen=True, slots=True)
class Context:
    """What every theme's aggregation shares."""

    quoter: Quoter
    engagement: Engagement
    threshold: int
    unknown_municipality: str


def tally(facts: Iterable[ContributionFact]) -> Tally:
    """Contributions and distinct known members."""
    items = list(facts)
    people = {fact.member_id for fact in items if fact.member_id is not None}
    return Tally(len(items), len(people))


def breakdown(
    facts: Iterable[ContributionFact], label: Callable[[ContributionFact], str], threshold: int
) -> tuple[Breakdown, ...]:
    """Contributions and participants per label of a breakdown never made public, under
    complementary suppression (none when it cannot be protected)."""
    return protected_rows(_tallies(facts, label), threshold)


def window_breakdown(facts: Iterable[ContributionFact]) -> tuple[Breakdown, ...]:
    """Per window label, the public figures: contributions sent inside the window (late
    replies left out, as the close message had them) and their authors, all shown."""
    items = list(facts)
    labels = {fact.window_label or "" for fact in items}
    on_time = _tallies((fact for fact in items if not fact.late), lambda f: f.window_label or "")
    return shown_rows({label: on_time.get(label, Tally(0, 0)) for label in labels})


def _tallies(
    facts: Iterable[ContributionFact], label: Callable[[ContributionFact], str]
) -> dict[str, Tally]:
    groups: defaultdict[str, list[ContributionFact]] = defaultdict(list)
    for fact in facts:
        groups[label(fact)].append(fact)
    return {name: tally(items) for name, items in groups.items()}


def is_question(fact: ContributionFact) -> bool:
    """A visible contribution whose text ends with a question mark."""
    return not fact.hidden and bool(fact.text) and (fact.text or "").rstrip().endswith("?")


def is_quotable(fact: ContributionFact) -> bool:
    """May be quoted in the record and feed keywords: `may_quote` and not sensitive."""
    return may_quote(fact) and not fact.sensitive


@dataclass(frozen=True, slots=True)
class ThemeInput:
    """What a theme's summary needs beyond its contributions."""

    key: str
    title: str
    questions: tuple[str, ...]  # in the digest's language
    placement: Mapping[int, int | None]  # contribution id -> question index (None: other)
    note: str
    keywords: tuple[Keyword, ...]


def theme_summary(
    theme: ThemeInput, facts: Sequence[ContributionFact], context: Context
) -> ThemeSummary:
    """The summary of one theme's member contributions."""
    counts = tally(facts)
    municipality = context.unknown_municipality
    return ThemeSummary(
        key=theme.key,
        title=theme.title,
        contributions=counts.contributions,
        participants=counts.participants,
        late=sum(fact.late for fact in facts),
        hidden=sum(fact.hidden for fact in facts),
        questions=sum(map(is_question, facts)),
        highlighted=sum(fact.highlighted for fact in facts),
        by_window=window_breakdown(facts),
        by_municipality=breakdown(
            facts, lambda fact: fact.municipality or municipality, context.threshold
        ),
        note=theme.note,
        subtopics=subtopics(theme, facts, context),
        voice=voice_balance(facts, context.threshold),
        keywords=theme.keywords,
        private=sum(fact.private for fact in facts),
    )


def voice_balance(facts: Sequence[ContributionFact], threshold: int) -> VoiceBalance | None:
    """How much the most active fifth of the participants wrote; None below `threshold`."""
    per_member = Counter(fact.member_id for fact in facts if fact.member_id is not None)
    if len(per_member) < threshold:
        return None
    top = math.ceil(len(per_member) / 5)
    written = sum(count for _, count in per_member.most_common(top))
    return VoiceBalance(top, len(per_member), round(written / sum(per_member.values()), 4))


def subtopics(
    theme: ThemeInput, facts: Sequence[ContributionFact], context: Context
) -> tuple[Subtopic, ...]:
    """Every question of the theme (and "other" when used), each with its counts and its
    quotable contributions in time order, each quoted once with its badges."""
    count = len(theme.questions)
    groups: defaultdict[int | None, list[ContributionFact]] = defaultdict(list)
    for fact in facts:
        index = theme.placement.get(fact.id)
        groups[index if index is not None and index < count else None].append(fact)
    badges = _badges([fact for fact in facts if is_quotable(fact)], context.engagement)
    indexes: list[int | None] = [*range(count), *([None] if None in groups else [])]
    result = []
    for index in indexes:
        items = groups.get(index, [])
        counts = tally(items)
        record = tuple(
            RecordItem(_quote(fact, context), badges.get(fact.id, ()))
            for fact in items
            if is_quotable(fact)
        )
        question = theme.questions[index] if index is not None else ""
        result.append(Subtopic(index, question, counts.contributions, counts.participants, record))
    return tuple(result)


def _badges(
    quotable: Sequence[ContributionFact], engagement: Engagement
) -> dict[int, tuple[str, ...]]:
    """Marks per contribution id: top by reactions/replies, staff highlight, question, and
    private (written to the bot between session days)."""
    marks: defaultdict[int, list[str]] = defaultdict(list)
    for name, score in (
        ("top_reactions", engagement.reactions),
        ("top_replies", engagement.replies),
    ):
        for fact in _top(quotable, score):
            marks[fact.id].append(name)
    for fact in quotable:
        if fact.highlighted:
            marks[fact.id].append("highlight")
        if is_question(fact):
            marks[fact.id].append("question")
        if fact.private:
            marks[fact.id].append("private")
    return {key: tuple(value) for key, value in marks.items()}


def _top(
    facts: Sequence[ContributionFact], score: Callable[[ContributionFact], int]
) -> list[ContributionFact]:
    """The TOP_QUOTES contributions with the highest non-zero score, earliest first on ties."""
    scored = [(score(fact), fact) for fact in facts]
    ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: -item[0])
    return [fact for _, fact in ranked[:TOP_QUOTES]]


def _quote(fact: ContributionFact, context: Context) -> Quote:
    engagement = context.engagement
    return context.quoter.quote(
        fact, reactions=engagement.reactions(fact), replies=engagement.replies(fact)
    )
