"""The XLSX sheets' content as typed rows (numbers, dates, booleans), in one language.

Datetimes become naive local values of the group's zone (Excel has no zones), converted
from the aware values explicitly. Suppressed breakdown cells stay text ("< 5", "·").
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TypeVar
from zoneinfo import ZoneInfo

from digest.labels import labels_for
from digest.model import (
    Breakdown,
    Cell,
    ContributionRow,
    Digest,
    PollResult,
    StaffQuestion,
    ThemeSummary,
)
from digest.render import text

Value = str | int | float | bool | date | datetime | None
Item = TypeVar("Item", StaffQuestion, PollResult)


@dataclass(frozen=True, slots=True)
class Table:
    """A sheet: its title, header and typed rows."""

    title: str
    header: tuple[str, ...]
    rows: list[list[Value]]


def local(instant: datetime, zone: ZoneInfo) -> datetime:
    """The wall-clock time of an aware instant in `zone`, naive (for Excel)."""
    return instant.astimezone(zone).replace(tzinfo=None)


def zone_of(digest: Digest) -> ZoneInfo:
    """The digest's zone."""
    return ZoneInfo(digest.period.timezone)


def summary_table(digest: Digest) -> Table:
    """(item, value) rows: group, period, the summary figures as numbers."""
    labels = labels_for(digest.language)
    zone = zone_of(digest)
    totals, people = digest.totals, digest.participation
    last_day = (digest.period.end - timedelta(microseconds=1)).astimezone(zone).date()
    rows: list[list[Value]] = [
        [labels["group"], digest.group_key],
        [labels["audience"], text.audience(digest)],
        [labels["period_start"], digest.period.start.astimezone(zone).date()],
        [labels["period_end"], last_day],
        [labels["generated"], local(digest.generated_at, zone)],
    ]
    if digest.partial:
        rows.append([labels["partial"], True])
    rows += [
        [labels["contributions"], totals.contributions],
        [labels["participants"], totals.participants],
        [labels["themed"], totals.themed.contributions],
        [labels["unthemed"], totals.unthemed.contributions],
        [labels["late"], totals.late],
        [labels["hidden"], totals.hidden],
        [labels["active_members"], people.active_members],
        [labels["new_members"], people.new_members],
        [labels["consent_given"], people.consent_given],
        [labels["consent_coverage"], people.consent_coverage],
    ]
    return Table(labels["sheet_summary"], (labels["column_item"], labels["column_value"]), rows)


def theme_table(digest: Digest) -> Table:
    """One row per theme: counts, change against the period before, keywords."""
    labels = labels_for(digest.language)
    header = (
        labels["column_theme_key"], labels["theme"], labels["contributions"],
        labels["participants"], labels["late"], labels["hidden"], labels["questions"],
        labels["highlighted"], f"{labels['change']}: {labels['contributions']}",
        f"{labels['change']}: {labels['participants']}", labels["private"],
        f"{labels['staff_questions']}: {labels['questions_answered']}",
        f"{labels['staff_questions']}: {labels['questions_open']}", labels["polls"],
        labels["keywords"],
    )  # fmt: skip
    changes = {change.key: change for change in digest.changes}
    rows: list[list[Value]] = []
    for theme in digest.themes:
        change = changes.get(theme.key)
        rows.append(
            [theme.key, theme.title, theme.contributions, theme.participants, theme.late,
             theme.hidden, theme.questions, theme.highlighted,
             change.contributions_delta if change else None,
             change.participants_delta if change else None, theme.private,
             theme.questions_answered, theme.questions_open, len(theme.polls), _keywords(theme)]
        )  # fmt: skip
    return Table(labels["sheet_themes"], header, rows)


def _keywords(theme: ThemeSummary) -> str:
    return ", ".join(f"{keyword.word} ({keyword.count})" for keyword in theme.keywords)


def breakdown_table(digest: Digest) -> Table:
    """Per theme, its counts per window and per municipality (suppressed cells as text)."""
    labels = labels_for(digest.language)
    header = _header(labels, "theme", "breakdown_kind", "label", "contributions", "participants")
    rows: list[list[Value]] = []
    for theme in digest.themes:
        rows += _breakdown_rows(theme.title, labels["window"], theme.by_window)
        rows += _breakdown_rows(theme.title, labels["municipality"], theme.by_municipality)
    return Table(labels["sheet_breakdowns"], header, rows)


def _breakdown_rows(title: str, kind: str, lines: Sequence[Breakdown]) -> list[list[Value]]:
    return [
        [title, kind, line.label, _cell(line.contributions), _cell(line.participants)]
        for line in lines
    ]


def _cell(cell: Cell) -> Value:
    """The count as a number, or its text when suppressed."""
    return cell.value if cell.value is not None else cell.text


Column = tuple[str, Callable[[ContributionRow], Value]]


def contribution_columns(digest: Digest) -> list[Column]:
    """The contributions sheet's columns: (COLUMNS key, value of a row). A new row field
    (such as a sub-topic) is one more entry here and one label `column_<key>`."""
    zone = zone_of(digest)
    titles = {theme.key: theme.title for theme in digest.themes}
    return [
        ("contribution_id", lambda r: r.contribution_id),
        ("pseudonym", lambda r: r.pseudonym),
        ("theme", lambda r: titles.get(r.theme, r.theme)),
        ("session_date", lambda r: r.session_date),
        ("window", lambda r: r.window),
        ("sent_at", lambda r: local(r.sent_at, zone)),
        ("text", lambda r: r.text),
        ("media", lambda r: r.media),
        ("reactions", lambda r: r.reactions),
        ("replies", lambda r: r.replies),
        ("hidden", lambda r: r.hidden),
        ("late", lambda r: r.late),
        ("highlighted", lambda r: r.highlighted),
        ("subtopic", lambda r: r.subtopic),
        ("private", lambda r: r.private),
    ]


def contribution_table(digest: Digest) -> Table:
    """One row per contribution, typed, with headers in the digest's language."""
    labels: Mapping[str, str] = labels_for(digest.language)
    columns = contribution_columns(digest)
    header = tuple(labels[f"column_{key}"] for key, _value in columns)
    rows = [[value(row) for _key, value in columns] for row in digest.rows]
    return Table(labels["sheet_contributions"], header, rows)


def question_table(digest: Digest) -> Table:
    """One row per question to staff: theme, when asked, state, question and answer."""
    labels = labels_for(digest.language)
    zone = zone_of(digest)
    header = _header(labels, "theme", "asked_at", "state", "question", "answer")
    rows: list[list[Value]] = [
        [title, local(question.asked_at, zone),
         labels.get(f"state_{question.state}", question.state),
         question.text or labels["question_erased"], question.answer]
        for title, questions in _by_theme(digest, lambda theme: theme.staff_questions,
                                          digest.other_questions)
        for question in questions
    ]  # fmt: skip
    return Table(labels["sheet_questions"], header, rows)


def poll_table(digest: Digest) -> Table:
    """One row per poll option: theme, poll question, state, option and its votes."""
    labels = labels_for(digest.language)
    zone = zone_of(digest)
    header = _header(labels, "theme", "date", "question", "state", "poll_option", "poll_votes")
    rows: list[list[Value]] = [
        [title, local(poll.created_at, zone), poll.question, _poll_state(poll, labels),
         option.text, option.votes]
        for title, polls in _by_theme(digest, lambda theme: theme.polls, digest.other_polls)
        for poll in polls
        for option in poll.options
    ]  # fmt: skip
    return Table(labels["sheet_polls"], header, rows)


def _header(labels: Mapping[str, str], *keys: str) -> tuple[str, ...]:
    """The column titles of label `keys`."""
    return tuple(labels[key] for key in keys)


def _poll_state(poll: PollResult, labels: Mapping[str, str]) -> str:
    state = labels["poll_closed" if poll.closed else "poll_open"]
    return f"{state}, {labels['poll_anonymous' if poll.anonymous else 'poll_named']}"


def _by_theme(
    digest: Digest, items: Callable[[ThemeSummary], Sequence[Item]], other: Sequence[Item]
) -> list[tuple[str, Sequence[Item]]]:
    """(theme title, its items) per theme, then the items outside the themes ("")."""
    found: list[tuple[str, Sequence[Item]]] = [(t.title, items(t)) for t in digest.themes]
    found.append(("", other))
    return found
