"""Per-theme sections beside the record (pure): questions to staff with their answers and
quick polls' results, from the plain rows `digest.queries` returns.

Questions are anonymous and redacted like quotes; a poll shows only its option counts (they
were public in the group, anonymous or not), never who voted.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from digest.model import PollOption, PollResult, StaffQuestion
from digest.records import PollFact, QuestionFact

OPEN = "open"


@dataclass(frozen=True, slots=True)
class ThemeSections:
    """A theme's questions to staff (with their counts) and its polls."""

    questions: tuple[StaffQuestion, ...] = ()
    answered: int = 0
    open: int = 0
    polls: tuple[PollResult, ...] = ()


NO_SECTIONS = ThemeSections()


def staff_question(
    fact: QuestionFact, redact: Callable[[str], str], zone: ZoneInfo
) -> StaffQuestion:
    """The question without its asker, its texts redacted."""
    return StaffQuestion(
        asked_at=fact.asked_at.astimezone(zone),
        state=fact.state,
        text=redact(fact.text) if fact.text else "",
        answer=redact(fact.answer) if fact.answer else "",
    )


def poll_result(fact: PollFact, zone: ZoneInfo) -> PollResult:
    """The poll's question and each option with its votes."""
    texts = [str(text) for text in json.loads(fact.options)]
    counts = [int(count) for count in json.loads(fact.counts)]
    counts += [0] * (len(texts) - len(counts))
    return PollResult(
        question=fact.question,
        anonymous=bool(fact.anonymous),
        closed=fact.closed_at is not None,
        created_at=fact.created_at.astimezone(zone),
        options=tuple(PollOption(text, votes) for text, votes in zip(texts, counts, strict=False)),
    )


def theme_sections(
    questions: Iterable[QuestionFact],
    polls: Iterable[PollFact],
    redact: Callable[[str], str],
    zone: ZoneInfo,
) -> dict[str | None, ThemeSections]:
    """Per theme key (None: no theme was planned) its questions and polls, oldest first."""
    asked: defaultdict[str | None, list[StaffQuestion]] = defaultdict(list)
    for fact in questions:
        asked[fact.theme_key].append(staff_question(fact, redact, zone))
    posted: defaultdict[str | None, list[PollResult]] = defaultdict(list)
    for poll in polls:
        posted[poll.theme_key].append(poll_result(poll, zone))
    return {
        key: _sections(asked.get(key, ()), posted.get(key, ()))
        for key in dict.fromkeys([*asked, *posted])
    }


def _sections(questions: Sequence[StaffQuestion], polls: Sequence[PollResult]) -> ThemeSections:
    still_open = sum(question.state == OPEN for question in questions)
    return ThemeSections(tuple(questions), len(questions) - still_open, still_open, tuple(polls))


def themed_keys(sections: Mapping[str | None, ThemeSections]) -> list[str]:
    """The theme keys that have a question or a poll."""
    return [key for key in sections if key is not None]
