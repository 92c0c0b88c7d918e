"""Shared wording and number/date formats of the renderers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta

from digest.labels import labels_for
from digest.model import Digest, Period, ThemeSummary


def format_date(day: date, language: str) -> str:
    """7.12.2026 in Finnish, 2026-12-07 otherwise."""
    return f"{day.day}.{day.month}.{day.year}" if language == "fi" else day.isoformat()


def format_datetime(instant: datetime, language: str) -> str:
    """The local date and HH:MM."""
    return f"{format_date(instant.date(), language)} {instant:%H:%M}"


def format_period(period: Period, language: str) -> str:
    """First and last local day, e.g. "1.12.2026–31.12.2026"."""
    last = (period.end - timedelta(microseconds=1)).date()
    return f"{format_date(period.start.date(), language)}–{format_date(last, language)}"


def format_share(share: float | None, language: str) -> str:
    """83 % (fi, sv) or 83% (en); "–" when unknown."""
    if share is None:
        return "–"
    percent = round(share * 100)
    return f"{percent}%" if language == "en" else f"{percent}\u00a0%"


def format_delta(delta: int) -> str:
    """+3, -2 or 0."""
    return f"{delta:+d}" if delta else "0"


def audience(digest: Digest) -> str:
    """The audience in the digest's language."""
    return labels_for(digest.language).get(f"audience_{digest.audience}", digest.audience)


def heading(digest: Digest) -> str:
    """ "Neuvo-kooste: parents 2026-12"."""
    labels = labels_for(digest.language)
    return f"{labels['digest']}: {digest.group_key} {digest.period.label}"


def summary_pairs(digest: Digest) -> list[tuple[str, str]]:
    """The summary figures as (label, value) pairs."""
    labels: Mapping[str, str] = labels_for(digest.language)
    totals, people = digest.totals, digest.participation
    return [
        (labels["contributions"], str(totals.contributions)),
        (labels["participants"], str(totals.participants)),
        (labels["themed"], str(totals.themed.contributions)),
        (labels["unthemed"], str(totals.unthemed.contributions)),
        (labels["late"], str(totals.late)),
        (labels["hidden"], str(totals.hidden)),
        (labels["active_members"], str(people.active_members)),
        (labels["new_members"], str(people.new_members)),
        (labels["consent_given"], str(people.consent_given)),
        (labels["consent_coverage"], format_share(people.consent_coverage, digest.language)),
    ]


def theme_figures(theme: ThemeSummary, labels: Mapping[str, str]) -> list[tuple[str, int]]:
    """A theme's counts as (label, number) pairs, in the order the tables show them."""
    return [
        (labels["contributions"], theme.contributions),
        (labels["participants"], theme.participants),
        (labels["late"], theme.late),
        (labels["hidden"], theme.hidden),
        (labels["questions"], theme.questions),
        (labels["highlighted"], theme.highlighted),
    ]


def disclosure_notes(digest: Digest) -> list[str]:
    """The footnotes on what is shown, hidden ("< 5", "·") and left out, in order."""
    labels = labels_for(digest.language)
    notes = [labels["public_windows"], labels["suppressed"].format(threshold=digest.threshold)]
    rows = [row for theme in digest.themes for row in theme.by_municipality]
    if any(row.contributions.complementary or row.participants.complementary for row in rows):
        notes.append(labels["complementary"].format(threshold=digest.threshold))
    if any(theme.contributions and not theme.by_municipality for theme in digest.themes):
        notes.append(labels["withheld"])
    return notes
