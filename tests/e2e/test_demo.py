"""`neuvo demo` end to end: the story it prints and what it leaves in the demo database."""

from __future__ import annotations

import asyncio
import contextlib
import io
import sqlite3
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from demo.participation import ANSWER, POLL_OPTIONS, POLL_QUESTION, QUESTION
from demo.story import VOTES, run_demo

pytestmark = pytest.mark.slow


@dataclass(frozen=True)
class DemoRun:
    """The printed transcript and the output folder of one demo run."""

    lines: list[str]
    output: Path

    def rows(self, sql: str) -> list[tuple[Any, ...]]:
        """Rows of a query on the demo's SQLite database."""
        with contextlib.closing(sqlite3.connect(self.output / "neuvo-demo.db")) as db:
            return db.execute(sql).fetchall()

    def first(self, *parts: str) -> int:
        """The index of the first transcript line containing every part."""
        found = [i for i, line in enumerate(self.lines) if all(p in line for p in parts)]
        assert found, f"the transcript has no line with {parts}"
        return found[0]


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory: pytest.TempPathFactory) -> DemoRun:
    """The demo run once for this module, its transcript captured."""
    output = tmp_path_factory.mktemp("demo-output")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        asyncio.run(run_demo(output))
    return DemoRun(printed.getvalue().splitlines(), output)


def test_a_question_is_answered_privately_then_posted_at_the_next_opening(
    demo_run: DemoRun,
) -> None:
    """Leena's /kysy reaches staff, Sanna's /vastaa reaches Leena privately at once, and the
    afternoon opening posts the answer to the group; the question ends published."""
    asked = demo_run.first("Leena", f"/kysy {QUESTION}")
    answered = demo_run.first("Sanna", "/vastaa 1 ")
    private = demo_run.first("Neuvo → Leena", "vastasivat kysymykseesi")
    board = demo_run.first("08.12. 14:00", "Neuvo (group)", "Vastauksia edellisiin kysymyksiin")
    assert asked < answered < private < board
    assert ANSWER in demo_run.lines[private + 2]
    assert demo_run.rows("SELECT text, answer, state FROM questions") == [
        (QUESTION, ANSWER, "published")
    ]


def test_the_quick_poll_is_voted_and_closed_with_its_window(demo_run: DemoRun) -> None:
    """The staff's /kysely is posted in the group, every parent's vote is counted and the poll
    is closed with its counts when the afternoon window ends."""
    expected = [0] * len(POLL_OPTIONS)
    for _name, option in VOTES:
        expected[option] += 1
    assert demo_run.first("Neuvo (group)", f"📊 {POLL_QUESTION}") < demo_run.first("[ääni: ")
    ((question, counts, theme, closed_at),) = demo_run.rows(
        "SELECT question, counts, theme_key, closed_at FROM polls"
    )
    assert (question, counts, theme) == (POLL_QUESTION, str(expected), "kiusaaminen")
    assert closed_at is not None
    assert demo_run.first("(suljettu)") > demo_run.first("08.12. 16:00")


def test_the_help_button_shows_the_directory_and_alerts_staff(demo_run: DemoRun) -> None:
    """Jussi follows "Pyydä apua" under the prompt, sees the directory privately, asks a
    worker to contact him, and Sanna gets the alert; one open help request is recorded."""
    pressed = demo_run.first("Jussi", "[Pyydä apua]")
    directory = demo_run.first("Neuvo → Jussi", "Apua ja tukea")
    contact = demo_run.first("Jussi", "[Pyydä työntekijää ottamaan yhteyttä]")
    alert = demo_run.first("Neuvo → Sanna", "Apupyyntö #1: Jussi")
    assert pressed < directory < contact < alert
    assert demo_run.rows("SELECT status FROM help_requests") == [("open",)]


def test_every_parent_consents_and_is_quoted_under_the_themes_questions(
    demo_run: DemoRun,
) -> None:
    """All five parents consent, so the month's digest quotes each one's words (redacted)
    under the theme's sub-questions."""
    assert demo_run.rows("SELECT count(*) FROM members WHERE consent = 'given'") == [(5,)]
    digest = (demo_run.output / "neuvo-parents-2026-12.md").read_text(encoding="utf-8")
    subtopics = digest[digest.index("#### Alateemat") :]
    for words in (
        "Meillä kiusaaminen huomattiin",  # Aino
        "Koulu reagoi nopeasti",  # Mikko
        "Toivoisin vanhempainiltoja",  # Leena
        "Iltaisin on helpompi osallistua",  # Jussi
    ):
        assert f"> {words}" in subtopics
    assert "040 123 4567" not in digest
