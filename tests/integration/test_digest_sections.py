"""The digest's questions to staff, poll results and private messages, on SQLite and
PostgreSQL, from the December month plus `seed_sections`."""

from __future__ import annotations

import csv
import io
import json

import jsonschema
import openpyxl
import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest.builder import build_rows
from digest.export import export_csv
from digest.model import Digest, PollOption, ThemeSummary
from digest.periods import month_range
from digest.regional_build import build_regional
from digest.render import FORMATS, render
from digest.render.csv import render_rows
from digest.render.json import SCHEMA_PATH
from digest.render.regional import render_regional
from tests.integration.test_digest_seed import (
    EMAIL,
    GROUP_KEY,
    NOW,
    PHONE,
    PRIVATE_ID,
    SECRET,
    december_digest,
    seed_sections,
)
from themes.loader import load_catalog

DECEMBER = month_range(2026, 12, "Europe/Helsinki")
LEFT_OUT = ("LUONNOS-KYSYMYS", "MARRASKUU-KYSYMYS", "MARRASKUU-KYSELY", PHONE, EMAIL)


@pytest.fixture
async def december(sessions: async_sessionmaker[AsyncSession]) -> Digest:
    """December's digest with questions, polls and a private message."""
    await seed_sections(sessions)
    return await december_digest(sessions)


def theme(digest: Digest, key: str) -> ThemeSummary:
    """The digest's theme with this key."""
    return next(summary for summary in digest.themes if summary.key == key)


async def test_questions_are_listed_per_theme_redacted_with_their_answers(
    december: Digest,
) -> None:
    """A theme lists the month's questions (no drafts, no other month) redacted, with the
    answers and the counts answered/open; a question without a theme is listed apart."""
    bullying = theme(december, "kiusaaminen")
    listed = [(q.state, q.text, q.answer) for q in bullying.staff_questions]
    assert listed == [
        ("published", "Saako koulukuraattorin numeron? Minun on [puhelinnumero]", "Saa, kysy."),
        ("answered", "Milloin seuraava keskustelupäivä on?", "Kirjoita [sähköposti]"),
        ("open", "Onko vertaistukiryhmää?", ""),
    ]
    assert (bullying.questions_answered, bullying.questions_open) == (2, 1)
    assert [q.text for q in december.other_questions] == ["Kenelle voi soittaa?"]
    assert bullying.staff_questions[0].asked_at.utcoffset() is not None


async def test_polls_show_option_counts_per_theme(december: Digest) -> None:
    """Each theme's polls of the month with counts per option and state; a poll on a theme
    nobody wrote about still brings that theme into the digest."""
    bullying = theme(december, "kiusaaminen")
    assert [(p.question, p.options, p.closed, p.anonymous) for p in bullying.polls] == [
        ("Puuttuiko koulu?", (PollOption("Kyllä", 3), PollOption("Ei", 1)), True, True)
    ]
    divorce = theme(december, "eroasiat")
    assert divorce.contributions == 0
    poll = divorce.polls[0]
    assert ([o.votes for o in poll.options], poll.closed, poll.anonymous) == (
        [0, 2, 1],
        False,
        False,
    )


async def test_private_messages_are_counted_and_marked(december: Digest) -> None:
    """A private message counts in its theme and the totals, is counted as private, marked
    in its row and, being quotable, carries the "private" badge in the record."""
    friendship = theme(december, "kaveruustaidot")
    assert (friendship.contributions, friendship.private) == (4, 1)
    assert (december.totals.contributions, december.totals.private) == (18, 1)
    assert {row.contribution_id for row in december.rows if row.private} == {PRIVATE_ID}
    badges = {
        item.quote.contribution_id: item.badges
        for sub in friendship.subtopics
        for item in sub.items
    }
    assert "private" in badges[PRIVATE_ID]


async def test_readable_formats_show_questions_polls_and_private_counts(
    december: Digest,
) -> None:
    """Markdown and HTML hold the questions, answers, poll options and the private count
    label, and nothing that was left out or redacted."""
    for fmt in ("md", "html"):
        text = render(december, fmt).decode("utf-8")
        for shown in ("Vastaus: Saa, kysy.", "Puuttuiko koulu?", "Yksityisviestit", "Kenelle"):
            assert shown in text, (fmt, shown)
        assert not any(secret in text for secret in LEFT_OUT), fmt


async def test_json_validates_and_xlsx_has_question_and_poll_sheets(december: Digest) -> None:
    """The JSON with the new sections validates against the schema; the workbook gets a
    questions and a polls sheet and a private column on the contributions sheet."""
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.validate(json.loads(render(december, "json")), schema)
    book = openpyxl.load_workbook(io.BytesIO(render(december, "xlsx")))
    assert {"Kysymykset", "Kyselyt"} <= set(book.sheetnames)
    polls = list(book["Kyselyt"].iter_rows(values_only=True))
    assert ("Kiusaaminen", "Puuttuiko koulu?", "Kyllä", 3) in {
        (r[0], r[2], r[4], r[5]) for r in polls
    }
    rows = list(book["Puheenvuorot"].iter_rows(values_only=True))
    assert rows[0][-1] == "Yksityisviesti"
    assert {r[0] for r in rows[1:] if r[-1] is True} == {PRIVATE_ID}


@pytest.mark.parametrize("dialect", ["comma", "excel"])
async def test_streamed_csv_carries_the_private_column_last(
    december: Digest, sessions: async_sessionmaker[AsyncSession], dialect: str
) -> None:
    """The streaming export equals the model's CSV with the private column at the end."""
    start, end = DECEMBER
    async with sessions() as db:
        rows = await build_rows(db, group_key=GROUP_KEY, start=start, end=end, secret=SECRET)
    out = io.BytesIO()
    async with sessions() as db:
        await export_csv(
            db, group_key=GROUP_KEY, start=start, end=end, secret=SECRET, out=out,
            dialect=dialect,
        )  # fmt: skip
    assert out.getvalue() == render_rows(rows, dialect=dialect, language="fi")
    delimiter = "," if dialect == "comma" else ";"
    text = out.getvalue().decode("utf-8-sig")
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    private = {record[0] for record in records[1:] if record[-1] == "true"}
    assert private == {str(PRIVATE_ID)}


async def test_regional_digest_sums_the_sections_and_renders(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    """The regional digest sums private messages and question counts per theme, points to
    the groups' digests for the questions and polls, and renders (PDF: its HTML source)."""
    await seed_sections(sessions)
    async with sessions() as db:
        digest = await build_regional(
            db, group_keys=[GROUP_KEY], year=2026, month=12, secret=SECRET,
            catalog=load_catalog(), now=NOW,
        )  # fmt: skip
    themes = {
        t.key: (t.private, t.questions_answered, t.questions_open, t.polls) for t in digest.themes
    }
    assert themes["kiusaaminen"] == (0, 2, 1, 1)
    assert themes["kaveruustaidot"] == (1, 0, 0, 0)
    assert "kunkin ryhmän omassa koosteessa" in render_regional(digest, "md").decode("utf-8")
    for fmt in FORMATS:
        if fmt != "pdf":
            assert render_regional(digest, fmt)
