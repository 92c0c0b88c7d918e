"""Sub-topics and keywords measured on a labelled set of Finnish chat messages."""

from __future__ import annotations

import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from digest.keywords import theme_keywords
from digest.lemmas import lexicon_for
from digest.subtopics import Placer, QuestionModel
from themes.catalog import load_catalog

DATA = Path(__file__).resolve().parent.parent / "data" / "subtopics_labelled.toml"
ACCURACY_FLOOR = 0.7  # measured 0.775 (chance ~0.3)
RECALL_FLOOR = 0.65  # measured 0.74
CHAT = 1


def _sets() -> list[dict[str, Any]]:
    with DATA.open("rb") as file:
        sets: list[dict[str, Any]] = tomllib.load(file)["sets"]
    return sets


def _questions(labelled: dict[str, Any]) -> tuple[str, ...]:
    return load_catalog()[labelled["theme"]].text("fi", labelled["audience"]).questions


def _placed(labelled: dict[str, Any]) -> Iterator[tuple[int | None, int | None]]:
    """(assigned, labelled) per message, placed in the file's (time) order."""
    placer = Placer(QuestionModel(_questions(labelled), lexicon_for("fi")))
    for message in labelled["messages"]:
        reply = message.get("reply_to")
        assigned = placer.place(
            message["id"], (CHAT, message["id"]), (CHAT, reply) if reply else None, message["text"]
        )
        label = message["label"]
        yield assigned, None if label == "other" else int(label)


def test_the_labelled_set_is_large_and_uses_real_questions() -> None:
    """At least 100 messages over 3+ sets, each label a question of its catalog theme."""
    sets = _sets()
    assert len(sets) >= 3 and sum(len(s["messages"]) for s in sets) >= 100
    for labelled in sets:
        count = len(_questions(labelled))
        labels = {m["label"] for m in labelled["messages"]}
        assert labels <= {"other", *range(count)} and len(labels) >= 3


def test_subtopic_assignment_accuracy(capsys: pytest.CaptureFixture[str]) -> None:
    """Messages land under the question a reader would put them under, well above chance."""
    results = [pair for labelled in _sets() for pair in _placed(labelled)]
    accuracy = sum(assigned == label for assigned, label in results) / len(results)
    with capsys.disabled():
        sys.stdout.write(
            f"\nsub-topic accuracy on {len(results)} labelled messages: {accuracy:.3f}\n"
        )
    assert accuracy >= ACCURACY_FLOOR


def test_keyword_recall_of_the_top_twelve(capsys: pytest.CaptureFixture[str]) -> None:
    """The expected key lemmas of each theme are among its 12 most distinctive lemmas."""
    sets = _sets()
    texts = {s["name"]: [(m["text"], m["id"]) for m in s["messages"]] for s in sets}
    found = theme_keywords(texts, lexicon_for("fi"), limit=12)
    recalls = []
    for labelled in sets:
        words = {keyword.lemma for keyword in found[labelled["name"]]}
        expected = set(labelled["keywords"])
        recalls.append(len(words & expected) / len(expected))
        with capsys.disabled():
            sys.stdout.write(
                f"\n{labelled['name']}: {', '.join(k.lemma for k in found[labelled['name']])}\n"
            )
    recall = sum(recalls) / len(recalls)
    with capsys.disabled():
        sys.stdout.write(f"\nkeyword recall of the top 12: {recall:.3f}\n")
    assert recall >= RECALL_FLOOR
