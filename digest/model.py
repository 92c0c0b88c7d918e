"""The digest model: plain frozen values that every renderer reads (no I/O, no ORM).

Counts in a breakdown (by window, by municipality) are `Cell`s. A window's counts were public
in the group and are always shown; a breakdown never made public (by municipality) hides counts
below the suppression threshold ("< 5") and, by complementary suppression (digest.disclosure),
whatever else would give one back by subtraction ("·": a hidden count of at least the threshold).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

SCHEMA_VERSION = 1
HIDDEN_TEXT = "·"  # a count hidden so that no smaller hidden one can be worked out


@dataclass(frozen=True, slots=True)
class Cell:
    """A breakdown count; `value` is None (`text` "< 5" or "·") when suppressed."""

    value: int | None
    text: str

    @classmethod
    def of(cls, count: int, threshold: int) -> Cell:
        """A cell for `count`: suppressed when 0 < count < threshold."""
        if 0 < count < threshold:
            return cls.small(threshold)
        return cls.shown(count)

    @classmethod
    def shown(cls, count: int) -> Cell:
        """A count shown as it is."""
        return cls(count, str(count))

    @classmethod
    def small(cls, threshold: int) -> Cell:
        """A count below the threshold, shown as "< threshold"."""
        return cls(None, f"< {threshold}")

    @classmethod
    def hidden(cls) -> Cell:
        """A count of at least the threshold hidden by complementary suppression."""
        return cls(None, HIDDEN_TEXT)

    @property
    def complementary(self) -> bool:
        """Whether the count is hidden only so that no smaller one can be worked out."""
        return self.text == HIDDEN_TEXT


@dataclass(frozen=True, slots=True)
class Period:
    """[start, end) as aware datetimes in the group's zone; `label` like "2026-12"."""

    start: datetime
    end: datetime
    timezone: str
    label: str


@dataclass(frozen=True, slots=True)
class Tally:
    """Member contributions and distinct participants."""

    contributions: int
    participants: int


@dataclass(frozen=True, slots=True)
class Breakdown:
    """One row of a breakdown (a window label or a municipality), suppressed if small."""

    label: str
    contributions: Cell
    participants: Cell


@dataclass(frozen=True, slots=True)
class Quote:
    """A redacted contribution by a consenting member, under a pseudonym."""

    contribution_id: int
    author: str
    text: str
    sent_at: datetime
    window: str
    reactions: int
    replies: int


@dataclass(frozen=True, slots=True)
class RecordItem:
    """A quotable contribution in a theme's record, with its marks (`badges`):
    "top_reactions", "top_replies" (among the theme's most reacted / replied), "highlight"
    (a staff highlight), "question" (it ends with a question mark) and "private" (written to
    the bot privately between session days)."""

    quote: Quote
    badges: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Subtopic:
    """A theme's question (`index` None: "other") with its counts and record in time order.

    The counts include contributions that may not be quoted; `items` holds only quotable ones.
    """

    index: int | None
    question: str
    contributions: int
    participants: int
    items: tuple[RecordItem, ...]


@dataclass(frozen=True, slots=True)
class VoiceBalance:
    """The `top` most active of `participants` (a fifth, rounded up) wrote `share` of it."""

    top: int
    participants: int
    share: float


@dataclass(frozen=True, slots=True)
class Keyword:
    """A distinctive lemma used in `count` contributions; `word` is how it is shown."""

    word: str
    lemma: str
    count: int


@dataclass(frozen=True, slots=True)
class WindowSummary:
    """A window of a session day and what was said in it (late replies included)."""

    label: str
    start: datetime
    end: datetime | None
    contributions: Cell
    participants: Cell


@dataclass(frozen=True, slots=True)
class SessionDaySummary:
    """A session day held in the period, its theme and windows."""

    day: date
    theme_key: str
    theme_title: str
    windows: tuple[WindowSummary, ...]


@dataclass(frozen=True, slots=True)
class StaffQuestion:
    """A member's question to staff, anonymous and redacted, with staff's answer ("" while
    open); `state` open, answered or published. `text` "" once retention or /forget erased it."""

    asked_at: datetime
    state: str
    text: str
    answer: str


@dataclass(frozen=True, slots=True)
class PollOption:
    """A poll option and its votes (the counts were public in the group)."""

    text: str
    votes: int


@dataclass(frozen=True, slots=True)
class PollResult:
    """A quick poll's question and option counts (never who voted); `closed` when it ended."""

    question: str
    anonymous: bool
    closed: bool
    created_at: datetime
    options: tuple[PollOption, ...]


@dataclass(frozen=True, slots=True)
class ThemeSummary:
    """Everything about one theme in the period (unthemed messages never count here)."""

    key: str
    title: str
    contributions: int
    participants: int
    late: int
    hidden: int
    questions: int
    highlighted: int
    by_window: tuple[Breakdown, ...]
    by_municipality: tuple[Breakdown, ...]
    note: str
    subtopics: tuple[Subtopic, ...]
    voice: VoiceBalance | None
    keywords: tuple[Keyword, ...]
    private: int = 0  # contributions written to the bot privately between session days
    staff_questions: tuple[StaffQuestion, ...] = ()
    questions_answered: int = 0
    questions_open: int = 0
    polls: tuple[PollResult, ...] = ()


@dataclass(frozen=True, slots=True)
class ThemeChange:
    """A theme's counts against the previous period of the same length."""

    key: str
    title: str
    contributions: int
    previous_contributions: int
    contributions_delta: int
    participants: int
    previous_participants: int
    participants_delta: int


@dataclass(frozen=True, slots=True)
class Participation:
    """Active and new members and the share of active members who gave consent."""

    active_members: int
    new_members: int
    consent_given: int
    consent_coverage: float | None


@dataclass(frozen=True, slots=True)
class Totals:
    """Member contributions in the period: all, themed, unthemed, hidden and late."""

    contributions: int
    participants: int
    themed: Tally
    unthemed: Tally
    hidden: int
    late: int
    private: int = 0


@dataclass(frozen=True, slots=True)
class ContributionRow:
    """One member contribution for CSV/XLSX; `text` is empty unless it may be quoted."""

    contribution_id: int
    pseudonym: str
    theme: str
    subtopic: str
    session_date: date | None
    window: str
    sent_at: datetime
    text: str
    media: str
    reactions: int
    replies: int
    hidden: bool
    late: bool
    highlighted: bool
    private: bool = False


@dataclass(frozen=True, slots=True)
class Digest:
    """A group's digest for one period; `partial` while the period is not over."""

    schema_version: int
    group_key: str
    group_title: str
    audience: str
    language: str
    period: Period
    previous_period: Period
    generated_at: datetime
    partial: bool
    threshold: int
    totals: Totals
    participation: Participation
    sessions: tuple[SessionDaySummary, ...]
    themes: tuple[ThemeSummary, ...]
    windows: tuple[Breakdown, ...]
    changes: tuple[ThemeChange, ...]
    rows: tuple[ContributionRow, ...]
    other_questions: tuple[StaffQuestion, ...] = ()  # asked when no theme was planned
    other_polls: tuple[PollResult, ...] = ()  # posted when no theme was planned
