"""Per-theme aggregation of member contributions into ThemeSummary values."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass

from digest.breakdowns import protected_rows, shown_rows
from digest.keywords import Stemmer, keywords
from digest.model import Breakdown, Quote, Tally, ThemeSummary
from digest.quoting import Quoter, may_quote
from digest.records import ContributionFact

TOP_QUOTES = 3
LIST_QUOTES = 10
KEYWORDS = 10


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
    stemmer: Stemmer
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


def theme_summary(
    key: str, title: str, facts: Sequence[ContributionFact], context: Context
) -> ThemeSummary:
    """The summary of one theme's member contributions."""
    counts = tally(facts)
    quotable = [fact for fact in facts if may_quote(fact)]
    questions = [fact for fact in facts if is_question(fact)]
    highlighted = [fact for fact in facts if fact.highlighted]
    municipality = context.unknown_municipality
    return ThemeSummary(
        key=key,
        title=title,
        contributions=counts.contributions,
        participants=counts.participants,
        late=sum(fact.late for fact in facts),
        hidden=sum(fact.hidden for fact in facts),
        questions=len(questions),
        highlighted=len(highlighted),
        by_window=window_breakdown(facts),
        by_municipality=breakdown(
            facts, lambda fact: fact.municipality or municipality, context.threshold
        ),
        top_by_reactions=_top(quotable, context, context.engagement.reactions),
        top_by_replies=_top(quotable, context, context.engagement.replies),
        highlights=_quotes([f for f in highlighted if may_quote(f)], context, LIST_QUOTES),
        question_quotes=_quotes([f for f in questions if may_quote(f)], context, LIST_QUOTES),
        keywords=keywords(
            ((context.quoter.text(fact), fact.member_id or 0) for fact in quotable),
            context.stemmer,
            limit=KEYWORDS,
        ),
    )


def _top(
    facts: Sequence[ContributionFact],
    context: Context,
    score: Callable[[ContributionFact], int],
) -> tuple[Quote, ...]:
    """The quotable contributions with the highest non-zero score, earliest first on ties."""
    scored = [(score(fact), fact) for fact in facts]
    ranked = sorted((item for item in scored if item[0] > 0), key=lambda item: -item[0])
    return _quotes([fact for _, fact in ranked], context, TOP_QUOTES)


def _quotes(facts: Sequence[ContributionFact], context: Context, limit: int) -> tuple[Quote, ...]:
    engagement = context.engagement
    return tuple(
        context.quoter.quote(
            fact, reactions=engagement.reactions(fact), replies=engagement.replies(fact)
        )
        for fact in facts[:limit]
    )
