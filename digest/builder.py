"""Build a group's Digest for a period from storage (read-only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from digest import queries
from digest.aggregate import (
    KEYWORDS,
    Context,
    Engagement,
    ThemeInput,
    is_quotable,
    tally,
    theme_summary,
    window_breakdown,
)
from digest.errors import DigestError
from digest.keywords import theme_keywords
from digest.labels import labels_for, normalise
from digest.lemmas import lexicon_for
from digest.model import (
    SCHEMA_VERSION,
    ContributionRow,
    Digest,
    Participation,
    ThemeChange,
    ThemeSummary,
    Totals,
)
from digest.periods import check_range, local_dates, period, previous_range, zone_of
from digest.quoting import Quoter
from digest.records import ContributionFact, GroupFacts, OpenedWindow, SessionDayFact
from digest.rows import contribution_rows
from digest.sections import NO_SECTIONS, ThemeSections, theme_sections, themed_keys
from digest.session_days import session_day_summaries
from digest.subtopics import ThemePlacer
from themes.catalog import load_catalog
from themes.model import Theme

__all__ = [
    "Target",
    "build_digest",
    "build_rows",
    "question_texts",
    "quoter_for",
    "resolve_group",
    "subtopic_namer",
    "theme_placer",
]

Placement = dict[int, int | None]


@dataclass(frozen=True, slots=True)
class Target:
    """The group a digest or export is of, its zone and the output language."""

    group: GroupFacts
    zone: ZoneInfo
    language: str


@dataclass(frozen=True, slots=True)
class _Loaded:
    """A group's member contributions in the period, with what quoting them needs."""

    group: GroupFacts
    zone: ZoneInfo
    language: str
    facts: list[ContributionFact]
    engagement: Engagement
    quoter: Quoter


async def resolve_group(
    db: AsyncSession, *, group_key: str, start: datetime, end: datetime, language: str | None
) -> Target:
    """The registered group, its zone and language; DigestError for a bad range or key."""
    check_range(start, end)
    group = await queries.group_by_key(db, key=group_key)
    if group is None:
        raise DigestError(f"unknown group {group_key!r}: register it with /setup first")
    return Target(group, zone_of(group.timezone), normalise(language or group.language))


def quoter_for(target: Target, secret: str, user_ids: Iterable[int]) -> Quoter:
    """The Quoter of the period's authors; DigestError for an unusable audience or secret."""
    group = target.group
    try:
        return Quoter(
            secret=secret, audience=group.audience, language=target.language, zone=target.zone,
            user_ids=user_ids,
        )  # fmt: skip
    except ValueError as exc:
        raise DigestError(f"group {group.key!r}: {exc}") from exc


async def _load(
    db: AsyncSession,
    *,
    group_key: str,
    start: datetime,
    end: datetime,
    secret: str,
    language: str | None,
    now: datetime | None,
) -> _Loaded:
    target = await resolve_group(db, group_key=group_key, start=start, end=end, language=language)
    group_id = target.group.id
    facts = await queries.contributions(db, group_id=group_id, start=start, end=end, now=now)
    reactions = await queries.reaction_totals(db, group_id=group_id, start=start, end=end)
    quoter = quoter_for(target, secret, (f.user_id for f in facts if f.user_id is not None))
    engagement = Engagement(reactions, facts)
    return _Loaded(target.group, target.zone, target.language, facts, engagement, quoter)


async def build_rows(
    db: AsyncSession,
    *,
    group_key: str,
    start: datetime,
    end: datetime,
    secret: str,
    language: str | None = None,
    catalog: Mapping[str, Theme] | None = None,
    now: datetime | None = None,
) -> tuple[ContributionRow, ...]:
    """Only the contribution rows of [start, end) (a fast CSV/XLSX export of a long range);
    sub-topics from `catalog` (the built-in one when None); texts still in their author's
    quote review at `now` left out (None: every review is over)."""
    loaded = await _load(
        db, group_key=group_key, start=start, end=end, secret=secret, language=language, now=now
    )
    themes = catalog if catalog is not None else load_catalog()
    placement = _placement(loaded, themes)
    subtopic = subtopic_namer(themes, loaded.language, loaded.group.audience)
    return contribution_rows(
        loaded.facts, loaded.quoter, loaded.engagement, loaded.zone,
        lambda fact: subtopic(fact.theme_key, placement.get(fact.id)),
    )  # fmt: skip


async def build_digest(
    db: AsyncSession,
    *,
    group_key: str,
    start: datetime,
    end: datetime,
    secret: str,
    catalog: Mapping[str, Theme],
    now: datetime,
    language: str | None = None,
    threshold: int = 5,
    notes: Mapping[str, str] | None = None,
) -> Digest:
    """The digest of [start, end) for a group; `partial` when `now` is before `end`.

    `notes` are staff's notes ("Nostot") by theme key, shown first under each theme."""
    if now.tzinfo is None:
        raise DigestError("now must be an aware datetime")
    if threshold < 1:
        raise DigestError(f"the suppression threshold must be at least 1, not {threshold}")
    loaded = await _load(
        db, group_key=group_key, start=start, end=end, secret=secret, language=language, now=now
    )
    calendar = await _calendar(db, loaded, start, end)
    group, zone, facts = loaded.group, loaded.zone, loaded.facts
    title = _titles(catalog, loaded.language, group.audience)
    themed = [fact for fact in facts if fact.theme_key is not None]
    placement = _placement(loaded, catalog)
    sections = await _sections(db, loaded, start, end)
    extra = themed_keys(sections)
    inputs = _theme_inputs(loaded, catalog, themed, placement, title, notes or {}, extra)
    themes = _theme_summaries(themed, _context(loaded, threshold), inputs, sections)
    other = sections.get(None, NO_SECTIONS)
    subtopic = subtopic_namer(catalog, loaded.language, group.audience)
    return Digest(
        schema_version=SCHEMA_VERSION,
        group_key=group.key,
        group_title=group.title or group.key,
        audience=group.audience,
        language=loaded.language,
        period=period(start, end, zone),
        previous_period=period(*calendar.previous_range, zone),
        generated_at=now.astimezone(zone),
        partial=now < end,
        threshold=threshold,
        totals=_totals(facts, themed),
        participation=_participation(facts, calendar.joined),
        sessions=session_day_summaries(
            calendar.days, calendar.opened, facts, zone=zone, threshold=threshold, title=title
        ),
        themes=themes,
        windows=window_breakdown(themed),
        changes=_changes(themes, calendar.previous, title),
        rows=contribution_rows(
            facts,
            loaded.quoter,
            loaded.engagement,
            zone,
            lambda fact: subtopic(fact.theme_key, placement.get(fact.id)),
        ),  # fmt: skip
        other_questions=other.questions,
        other_polls=other.polls,
    )


async def _sections(
    db: AsyncSession, loaded: _Loaded, start: datetime, end: datetime
) -> dict[str | None, ThemeSections]:
    """Questions to staff and quick polls of the period, per theme key."""
    group_id = loaded.group.id
    asked = await queries.staff_questions(db, group_id=group_id, start=start, end=end)
    polls = await queries.polls(db, group_id=group_id, start=start, end=end)
    return theme_sections(asked, polls, loaded.quoter.redact, loaded.zone)


@dataclass(frozen=True, slots=True)
class _Calendar:
    """Session days, opened windows, new members and the previous period's tallies."""

    days: list[SessionDayFact]
    opened: list[OpenedWindow]
    joined: int
    previous_range: tuple[datetime, datetime]
    previous: dict[str | None, tuple[int, int]]


async def _calendar(
    db: AsyncSession, loaded: _Loaded, start: datetime, end: datetime
) -> _Calendar:
    group_id, zone = loaded.group.id, loaded.zone
    first, last = local_dates(start, end, zone)
    before = previous_range(start, end, zone)
    return _Calendar(
        days=await queries.session_days(db, group_id=group_id, first=first, last=last),
        opened=await queries.opened_windows(db, group_id=group_id, start=start, end=end),
        joined=await queries.new_members(db, group_id=group_id, start=start, end=end),
        previous_range=before,
        previous=await queries.theme_tallies(
            db, group_id=group_id, start=before[0], end=before[1]
        ),
    )


def _context(loaded: _Loaded, threshold: int) -> Context:
    return Context(
        quoter=loaded.quoter,
        engagement=loaded.engagement,
        threshold=threshold,
        unknown_municipality=labels_for(loaded.language)["municipality_unknown"],
    )


def _titles(catalog: Mapping[str, Theme], language: str, audience: str) -> Callable[[str], str]:
    """A theme key's title in the digest's language; the key itself when unknown."""

    def title(key: str) -> str:
        theme = catalog.get(key)
        if theme is None:
            return key
        try:
            return theme.text(language, audience).title
        except ValueError:
            return key

    return title


def question_texts(
    catalog: Mapping[str, Theme], language: str, audience: str
) -> Callable[[str], tuple[str, ...]]:
    """A theme key's questions in a language and audience wording; () when unknown."""

    def questions(key: str) -> tuple[str, ...]:
        theme = catalog.get(key)
        if theme is None:
            return ()
        try:
            return theme.text(language, audience).questions
        except ValueError:
            return ()

    return questions


def subtopic_namer(
    catalog: Mapping[str, Theme], language: str, audience: str
) -> Callable[[str | None, int | None], str]:
    """(theme key, question index) -> the question's text in `language`, "Muut" for other,
    "" for an unthemed contribution (the rows' `subtopic` cell)."""
    questions = question_texts(catalog, language, audience)
    other = labels_for(language)["subtopic_other"]
    names: dict[tuple[str, int | None], str] = {}  # made once per theme and question

    def name(theme_key: str | None, index: int | None) -> str:
        if theme_key is None:
            return ""
        found = names.get((theme_key, index))
        if found is None:
            texts = questions(theme_key)
            found = texts[index] if index is not None and index < len(texts) else other
            names[(theme_key, index)] = found
        return found

    return name


def theme_placer(catalog: Mapping[str, Theme], group: GroupFacts) -> ThemePlacer:
    """Places contributions under their theme's questions as the members saw them."""
    language = normalise(group.language)
    return ThemePlacer(question_texts(catalog, language, group.audience), lexicon_for(language))


def _placement(loaded: _Loaded, catalog: Mapping[str, Theme]) -> Placement:
    """Contribution id -> question index (None: other) of every themed contribution."""
    placer = theme_placer(catalog, loaded.group)
    return {
        fact.id: placer.place(
            fact.theme_key,
            fact.id,
            (fact.chat_id, fact.message_id),
            (fact.chat_id, fact.reply_to_message_id) if fact.reply_to_message_id else None,
            fact.text,
            fact.subtopic_override,
            fact.subtopic_scores,
        )  # fmt: skip
        for fact in loaded.facts
        if fact.theme_key is not None
    }


def _theme_inputs(
    loaded: _Loaded,
    catalog: Mapping[str, Theme],
    themed: Sequence[ContributionFact],
    placement: Placement,
    title: Callable[[str], str],
    notes: Mapping[str, str],
    extra: Sequence[str] = (),
) -> dict[str, ThemeInput]:
    """Per theme key (those discussed and the `extra` ones): title, questions, placement,
    note and keywords."""
    texts: defaultdict[str, list[tuple[str, int]]] = defaultdict(list)
    for key in extra:
        texts.setdefault(key, [])
    for fact in themed:
        assert fact.theme_key is not None
        texts.setdefault(fact.theme_key, [])
        if is_quotable(fact):
            texts[fact.theme_key].append((loaded.quoter.text(fact), fact.member_id or 0))
    lexicon = lexicon_for(normalise(loaded.group.language))  # the members' language
    keywords = theme_keywords(texts, lexicon, limit=KEYWORDS)
    questions = question_texts(catalog, loaded.language, loaded.group.audience)
    return {
        key: ThemeInput(key, title(key), questions(key), placement, notes.get(key, ""), words)
        for key, words in keywords.items()
    }


def _theme_summaries(
    themed: Sequence[ContributionFact],
    context: Context,
    inputs: Mapping[str, ThemeInput],
    sections: Mapping[str | None, ThemeSections],
) -> tuple[ThemeSummary, ...]:
    """Every theme with contributions, a question to staff or a poll."""
    by_theme: defaultdict[str, list[ContributionFact]] = defaultdict(list)
    for fact in themed:
        assert fact.theme_key is not None
        by_theme[fact.theme_key].append(fact)
    for key in themed_keys(sections):
        by_theme.setdefault(key, [])
    summaries = [
        _with_sections(theme_summary(inputs[key], items, context), sections.get(key))
        for key, items in by_theme.items()
    ]
    return tuple(sorted(summaries, key=lambda summary: (-summary.contributions, summary.key)))


def _with_sections(summary: ThemeSummary, sections: ThemeSections | None) -> ThemeSummary:
    if sections is None:
        return summary
    return replace(
        summary,
        staff_questions=sections.questions,
        questions_answered=sections.answered,
        questions_open=sections.open,
        polls=sections.polls,
    )


def _totals(facts: Sequence[ContributionFact], themed: Sequence[ContributionFact]) -> Totals:
    everyone = tally(facts)
    return Totals(
        contributions=everyone.contributions,
        participants=everyone.participants,
        themed=tally(themed),
        unthemed=tally(fact for fact in facts if fact.theme_key is None),
        hidden=sum(fact.hidden for fact in facts),
        late=sum(fact.late for fact in facts),
        private=sum(fact.private for fact in facts),
    )


def _participation(facts: Sequence[ContributionFact], joined: int) -> Participation:
    consent = {fact.member_id: fact.consent for fact in facts if fact.member_id is not None}
    given = sum(state == "given" for state in consent.values())
    coverage = round(given / len(consent), 4) if consent else None
    return Participation(len(consent), joined, given, coverage)


def _changes(
    themes: Sequence[ThemeSummary],
    previous: Mapping[str | None, tuple[int, int]],
    title: Callable[[str], str],
) -> tuple[ThemeChange, ...]:
    current = {theme.key: (theme.contributions, theme.participants) for theme in themes}
    keys = [theme.key for theme in themes]
    keys += sorted(key for key in previous if key is not None and key not in current)
    changes = []
    for key in keys:
        count, people = current.get(key, (0, 0))
        before, people_before = previous.get(key, (0, 0))
        changes.append(
            ThemeChange(
                key=key,
                title=title(key),
                contributions=count,
                previous_contributions=before,
                contributions_delta=count - before,
                participants=people,
                previous_participants=people_before,
                participants_delta=people - people_before,
            )
        )
    return tuple(changes)
