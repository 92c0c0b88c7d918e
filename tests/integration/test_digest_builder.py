"""The digest builder on SQLite and PostgreSQL against the hand-counted December month."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import ManualClock
from digest.builder import build_rows
from digest.errors import DigestError
from digest.model import Breakdown, Cell, Digest, Quote, ThemeSummary
from digest.periods import month_range
from storage import contributions
from storage.models import Contribution
from tests.integration.test_digest_seed import (
    EMAIL,
    GROUP_KEY,
    IDENTITY,
    PHONE,
    SECRET,
    SECRETS,
    december_digest,
    seed,
)

DECEMBER = month_range(2026, 12, "Europe/Helsinki")
SMALL = Cell(None, "< 5")


async def build(sessions: async_sessionmaker[AsyncSession], **options: Any) -> Digest:
    """December's digest of the seeded group (threshold 5 unless given)."""
    return await december_digest(sessions, **{"threshold": 5} | options)


def quotes(digest: Digest) -> list[Quote]:
    """Every quote in the digest."""
    return [
        quote
        for theme in digest.themes
        for subtopic in theme.subtopics
        for quote in (item.quote for item in subtopic.items)
    ]


@pytest.fixture
async def december(sessions: async_sessionmaker[AsyncSession]) -> Digest:
    """The seeded month's digest."""
    await seed(sessions)
    return await build(sessions)


async def test_totals_and_participation_match_the_hand_count(december: Digest) -> None:
    """Totals count members only, unthemed apart, and consent coverage over active members;
    new members are those seen joining in the month (C, there before the bot, is not)."""
    totals = december.totals
    assert (totals.contributions, totals.participants) == (17, 6)
    assert (totals.themed.contributions, totals.themed.participants) == (13, 6)
    assert (totals.unthemed.contributions, totals.unthemed.participants) == (4, 2)
    assert (totals.hidden, totals.late) == (1, 1)
    people = december.participation
    assert (people.active_members, people.new_members, people.consent_given) == (6, 2, 3)
    assert people.consent_coverage == 0.5
    assert not december.partial


async def test_theme_counts_match_the_hand_count(december: Digest) -> None:
    """Per theme: contributions, participants, late, hidden, questions and highlights."""
    counts = {
        theme.key: (
            theme.contributions, theme.participants, theme.late, theme.hidden,
            theme.questions, theme.highlighted,
        )
        for theme in december.themes
    }  # fmt: skip
    assert counts == {"kiusaaminen": (10, 6, 1, 1, 1, 1), "kaveruustaidot": (3, 3, 0, 0, 1, 1)}
    assert [theme.title for theme in december.themes] == ["Kiusaaminen", "Kaveruustaidot"]


async def test_breakdowns_suppress_cells_below_the_threshold(december: Digest) -> None:
    """Window cells are the public close-message figures (late replies left out), shown as
    they are; municipality cells under 5 show "< 5", and Lahti's 8 contributions are hidden
    ("·") with its "< 5" participants so no measure of a hidden row can be compared."""
    bullying = december.themes[0]
    assert bullying.by_window == (
        Breakdown("08-10", Cell(7, "7"), Cell(6, "6")),
        Breakdown("14-16", Cell(2, "2"), Cell(2, "2")),
        Breakdown("20-22", Cell(0, "0"), Cell(0, "0")),
    )
    assert bullying.contributions == 7 + 2 + 0 + bullying.late
    assert bullying.by_municipality == (
        Breakdown("Heinola", SMALL, SMALL),
        Breakdown("Lahti", Cell(None, "·"), SMALL),
        Breakdown("ei tiedossa", SMALL, SMALL),
    )
    assert december.windows[1] == Breakdown("14-16", Cell(5, "5"), Cell(4, "4"))


async def test_threshold_one_shows_every_count(sessions: async_sessionmaker[AsyncSession]) -> None:
    """With threshold 1 nothing is suppressed, so the exact small counts appear."""
    await seed(sessions)
    digest = await build(sessions, threshold=1)
    municipalities = {row.label: row for row in digest.themes[0].by_municipality}
    assert municipalities["Heinola"] == Breakdown("Heinola", Cell(1, "1"), Cell(1, "1"))
    assert municipalities["Lahti"].participants == Cell(4, "4")


async def test_sessions_list_held_days_with_window_counts(december: Digest) -> None:
    """Held days (not the skipped one) list every opened window with its public counts."""
    summary = [
        (str(day.day), day.theme_key, [(w.label, w.contributions.text) for w in day.windows])
        for day in december.sessions
    ]
    assert summary == [
        ("2026-12-08", "kiusaaminen", [("08-10", "7"), ("14-16", "2"), ("20-22", "0")]),
        ("2026-12-22", "kaveruustaidot", [("08-10", "0"), ("14-16", "3")]),
    ]
    assert december.sessions[0].windows[0].start.isoformat() == "2026-12-08T08:00:00+02:00"


async def test_change_against_november(december: Digest) -> None:
    """Deltas per theme against November, including a theme not discussed in December."""
    changes = {
        change.key: (change.contributions_delta, change.participants_delta)
        for change in december.changes
    }
    assert changes == {"kiusaaminen": (8, 4), "kaveruustaidot": (3, 3), "eroasiat": (-1, -1)}
    assert december.previous_period.label == "2026-11"


async def test_period_is_local_midnight_to_midnight(december: Digest) -> None:
    """Rows hold 1.12. 00:00 and 31.12. 23:59 Helsinki time, not November or January."""
    ids = [row.contribution_id for row in december.rows]
    assert ids[0] == 23 and ids[-1] == 22
    assert not {8, 17, 18, 19, 20, 21} & set(ids)  # staff and other months
    assert december.period.label == "2026-12"


def badges(theme: ThemeSummary) -> dict[str, list[tuple[int, int, int]]]:
    """Per badge: (contribution id, reactions, replies) of the record items carrying it."""
    found: dict[str, list[tuple[int, int, int]]] = {}
    for subtopic in theme.subtopics:
        for item in subtopic.items:
            for badge in item.badges:
                quote = item.quote
                found.setdefault(badge, []).append(
                    (quote.contribution_id, quote.reactions, quote.replies)
                )
    return found


async def test_top_quotes_are_badges_on_the_record(december: Digest) -> None:
    """Anonymous reaction totals win; a declined member's popular message gets no badge;
    highlights and questions are marked too, and no contribution is printed twice."""
    bullying = december.themes[0]
    marks = badges(bullying)
    assert sorted(marks["top_reactions"]) == [(1, 2, 2), (9, 5, 0)]
    assert [item[0] for item in marks["top_replies"]] == [1]
    assert [item[0] for item in marks["highlight"]] == [6]
    assert [item[0] for item in marks["question"]] == [6]
    assert {"highlight", "question"}.isdisjoint(badges(december.themes[1]))
    ids = [quote.contribution_id for quote in quotes(december)]
    assert len(ids) == len(set(ids))


async def test_every_quotable_contribution_is_in_its_subtopic_in_time_order(
    december: Digest,
) -> None:
    """The record holds every quotable contribution once, in time order within a question;
    sub-topic counts add up to the theme's and include what may not be quoted."""
    for theme in december.themes:
        assert sum(sub.contributions for sub in theme.subtopics) == theme.contributions
        for subtopic in theme.subtopics:
            times = [item.quote.sent_at for item in subtopic.items]
            assert times == sorted(times)
            assert len(subtopic.items) <= subtopic.contributions
    quotable = {row.contribution_id for row in december.rows if row.text and row.theme}
    assert {quote.contribution_id for quote in quotes(december)} == quotable


NO_CONSENT = {3, 4, 12, 14, 16}  # by C (declined) and D (unknown consent)


async def test_only_consenting_visible_members_are_quoted(december: Digest) -> None:
    """No quote or row text comes from a member without consent, a forgotten one, or hidden."""
    quoted = {quote.contribution_id for quote in quotes(december)}
    assert quoted <= {1, 2, 6, 9, 10, 11, 13, 15, 22, 23}
    shown = {row.contribution_id for row in december.rows if row.text}
    assert shown == {1, 2, 6, 9, 10, 11, 13, 15, 22, 23}
    no_author = {row.contribution_id for row in december.rows if not row.pseudonym}
    assert no_author == {5}  # only the forgotten member, whose user id is erased
    unconsented = {r.contribution_id: r for r in december.rows if r.contribution_id in NO_CONSENT}
    assert all(r.pseudonym and not r.text for r in unconsented.values())
    every_text = " ".join([row.text for row in december.rows] + [q.text for q in quotes(december)])
    assert not any(secret in every_text for secret in SECRETS)


async def test_quotes_are_redacted(december: Digest) -> None:
    """Phone numbers, e-mail addresses and identity codes are replaced inside quotes."""
    texts = {row.contribution_id: row.text for row in december.rows}
    assert texts[2] == "Koulussa kiusaaminen jatkui, soita [puhelinnumero] tai [sähköposti]"
    assert texts[9].endswith("Tunnus [henkilötunnus].")
    assert texts[10].endswith("kysy [mainittu]")
    every_text = " ".join(q.text for q in quotes(december)) + " ".join(texts.values())
    for secret in (PHONE, EMAIL, IDENTITY, "matti_meikalainen"):
        assert secret not in every_text


async def test_pseudonyms_are_stable_and_keyed(sessions: async_sessionmaker[AsyncSession]) -> None:
    """One member has one pseudonym within a digest; another secret gives other numbers."""
    await seed(sessions)
    first, again = await build(sessions), await build(sessions)
    authors = {row.contribution_id: row.pseudonym for row in first.rows}
    assert authors[1] == authors[11] == authors[15]  # member A
    assert authors[2] == authors[9] and authors[1] != authors[2]
    assert all(name.startswith("Vanhempi ") for name in authors.values() if name)
    assert first.rows == again.rows
    quote_authors = {q.contribution_id: q.author for q in quotes(first)}
    assert all(authors[key] == name for key, name in quote_authors.items())
    other = await build(sessions, secret="another-secret-0123456789abc")
    assert [r.pseudonym for r in other.rows] != [r.pseudonym for r in first.rows]


async def test_keywords_come_only_from_quotable_texts(december: Digest) -> None:
    """Lemma keywords count consenting members' visible texts, used by two or more members;
    every inflection counts (kiusaamiseen, kiusaamisesta), declined members' texts do not."""
    keywords = {(word.word, word.lemma, word.count) for word in december.themes[0].keywords}
    assert keywords == {("kiusaaminen", "kiusaaminen", 6), ("koulu", "koulu", 4)}


async def test_partial_digest_so_far(
    sessions: async_sessionmaker[AsyncSession], clock: ManualClock
) -> None:
    """Built before the month ends, the digest says it is partial."""
    await seed(sessions)
    digest = await build(sessions, now=clock())
    assert digest.partial
    assert digest.generated_at == clock()


async def test_build_rows_matches_the_digest_rows(
    december: Digest, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """The fast row export gives exactly the digest's contribution rows."""
    start, end = DECEMBER
    async with sessions() as db:
        rows = await build_rows(db, group_key=GROUP_KEY, start=start, end=end, secret=SECRET)
    assert rows == december.rows


async def test_unknown_group_is_a_clear_error(sessions: async_sessionmaker[AsyncSession]) -> None:
    """A group key that is not registered raises DigestError naming it."""
    with pytest.raises(DigestError, match="unknown group 'nobody'"):
        await build(sessions, group_key="nobody")


async def test_naive_or_empty_periods_are_refused(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A naive datetime or an empty period raises DigestError before any query."""
    start, end = DECEMBER
    async with sessions() as db:
        with pytest.raises(DigestError, match="aware"):
            await build_rows(
                db, group_key=GROUP_KEY, start=start.replace(tzinfo=None), end=end, secret=SECRET
            )
        with pytest.raises(DigestError, match="empty"):
            await build_rows(db, group_key=GROUP_KEY, start=end, end=start, secret=SECRET)


async def test_language_switches_labels_and_pseudonyms(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """A Swedish digest has Swedish titles and pseudonyms; keywords keep the group's Finnish."""
    await seed(sessions)
    digest = await build(sessions, language="sv-FI")
    assert digest.language == "sv"
    assert digest.themes[0].title == "Mobbning"
    assert digest.rows[0].pseudonym.startswith("Förälder ")
    assert {word.lemma for word in digest.themes[0].keywords} == {"kiusaaminen", "koulu"}


async def test_sensitive_contributions_are_counted_never_quoted(
    december: Digest, sessions: async_sessionmaker[AsyncSession]
) -> None:
    """A contribution marked sensitive (safeguarding) keeps its counts but loses every quote
    and its row text (keywords come from the same quotable set); clearing the mark brings its
    quote back."""
    async with sessions() as db:
        row = await db.get(Contribution, 9)
        assert row is not None
        await contributions.mark_sensitive(db, chat_id=row.chat_id, message_id=row.message_id)
        await db.commit()
    marked = await build(sessions)
    assert 9 not in {quote.contribution_id for quote in quotes(marked)}
    assert {r.contribution_id: r.text for r in marked.rows}[9] == ""
    assert marked.totals == december.totals
    assert marked.themes[0].contributions == december.themes[0].contributions
    async with sessions() as db:
        await contributions.mark_sensitive(
            db, chat_id=row.chat_id, message_id=row.message_id, sensitive=False
        )
        await db.commit()
    assert 9 in {quote.contribution_id for quote in quotes(await build(sessions))}
