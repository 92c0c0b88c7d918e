"""Recall and false positives of the PII detector on a labelled list of real-world variants."""

from __future__ import annotations

import sys
import tomllib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pytest

from digest.privacy import ALL_KINDS, PiiKind, find_pii

LABELLED = Path(__file__).parents[1] / "data" / "pii_labelled.toml"
MIN_RECALL = 0.97
MAX_FALSE_POSITIVE_RATE = 0.01


@dataclass(frozen=True)
class Positive:
    """A sentence holding personal data of `kind` at exactly `text[start:end]`."""

    kind: PiiKind
    text: str
    start: int
    end: int

    def is_found(self) -> bool:
        """A match of the labelled kind covers the labelled span."""
        return any(
            match.kind is self.kind and match.start <= self.start and self.end <= match.end
            for match in find_pii(self.text)
        )


@dataclass(frozen=True)
class Score:
    """Per-kind found/total counts of positives, and the negatives with any match."""

    found: Counter[PiiKind]
    total: Counter[PiiKind]
    missed: list[Positive]
    false_positives: list[str]
    negatives: int

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / sum(self.total.values())

    @property
    def false_positive_rate(self) -> float:
        return len(self.false_positives) / self.negatives

    def report(self) -> str:
        """The figures as the test output shows them."""
        lines = [
            f"PII guard recall {self.recall:.1%} ({sum(self.found.values())}/"
            f"{sum(self.total.values())}), false positives {self.false_positive_rate:.1%} "
            f"({len(self.false_positives)}/{self.negatives})",
            *(
                f"  {kind.value:<15} recall {self.found[kind] / count:.1%} "
                f"({self.found[kind]}/{count})"
                for kind, count in sorted(self.total.items())
            ),
            *(f"  missed {p.kind.value}: {p.text[p.start : p.end]!r}" for p in self.missed),
            *(f"  false positive: {text!r}" for text in self.false_positives),
        ]
        return "\n".join(lines)


def load_labelled() -> tuple[list[Positive], list[str]]:
    """The labelled positives (span located in the text) and the negative sentences."""
    data = tomllib.loads(LABELLED.read_text(encoding="utf-8"))
    positives = []
    for entry in data["positive"]:
        text, span = entry["text"], entry["span"]
        assert text.count(span) == 1, f"span must occur once: {entry}"
        start = text.index(span)
        positives.append(Positive(PiiKind(entry["kind"]), text, start, start + len(span)))
    return positives, [entry["text"] for entry in data["negative"]]


def score(positives: list[Positive], negatives: list[str]) -> Score:
    """Run the detector over the labelled list."""
    found = [positive for positive in positives if positive.is_found()]
    return Score(
        found=Counter(positive.kind for positive in found),
        total=Counter(positive.kind for positive in positives),
        missed=[positive for positive in positives if positive not in found],
        false_positives=[text for text in negatives if find_pii(text)],
        negatives=len(negatives),
    )


def test_the_labelled_list_covers_every_kind_with_enough_examples() -> None:
    """At least 150 positives over every kind and 80 negatives, each span exactly once."""
    positives, negatives = load_labelled()
    assert len(positives) >= 150
    assert len(negatives) >= 80
    assert {positive.kind for positive in positives} == ALL_KINDS


def test_recall_and_false_positive_rate_meet_the_targets(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Recall is at least 97 % and false positives at most 1 %; the figures are printed."""
    result = score(*load_labelled())
    with capsys.disabled():
        sys.stdout.write("\n" + result.report() + "\n")
    assert result.recall >= MIN_RECALL, result.report()
    assert result.false_positive_rate <= MAX_FALSE_POSITIVE_RATE, result.report()
