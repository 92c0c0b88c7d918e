"""Shared wording and number/date formats of the renderers."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date, datetime, timedelta

from digest.labels import labels_for
from digest.model import Digest, Period, PollResult, Quote, StaffQuestion, ThemeSummary

_WINDOW = re.compile(r"^(\d{2})(?::(\d{2}))?-(\d{2})(?::(\d{2}))?$")
_MONTHS = {
    "fi": [
        "tammikuu",
        "helmikuu",
        "maaliskuu",
        "huhtikuu",
        "toukokuu",
        "kesäkuu",
        "heinäkuu",
        "elokuu",
        "syyskuu",
        "lokakuu",
        "marraskuu",
        "joulukuu",
    ],
    "sv": [
        "januari",
        "februari",
        "mars",
        "april",
        "maj",
        "juni",
        "juli",
        "augusti",
        "september",
        "oktober",
        "november",
        "december",
    ],
    "en": [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ],
}


def _clock(hours: str, minutes: str | None, language: str) -> str:
    """ "8" or "8.30" (fi, sv), "08" or "08:30" (en)."""
    if language == "en":
        return f"{hours}:{minutes}" if minutes and minutes != "00" else hours
    hour = str(int(hours))
    return f"{hour}.{minutes}" if minutes and minutes != "00" else hour


def format_window(label: str, language: str) -> str:
    """A window label as people write it: "08-10" -> "klo 8–10" (fi), "kl. 8–10" (sv),
    "08–10" (en); anything else unchanged."""
    found = _WINDOW.match(label)
    if found is None:
        return label
    start = _clock(found.group(1), found.group(2), language)
    end = _clock(found.group(3), found.group(4), language)
    prefix = {"fi": "klo ", "sv": "kl. "}.get(language, "")
    return f"{prefix}{start}–{end}"


def count_of(count: int, noun: str, language: str) -> str:
    """ "1 reaktio", "2 reaktiota": the label's `<noun>_one` or `<noun>_many` form."""
    labels = labels_for(language)
    return f"{count} {labels[f'{noun}_one' if count == 1 else f'{noun}_many']}"


def not_quoted(count: int, language: str) -> str:
    """ "1 muu puheenvuoro, jota ei lainata …" / "3 muuta puheenvuoroa, joita …"."""
    labels = labels_for(language)
    return labels["not_quoted_one" if count == 1 else "not_quoted_many"].format(count=count)


def quote_source(quote: Quote, language: str) -> str:
    """ "Vanhempi 3, 7.12.2026 08:15, klo 8–10 · 1 reaktio · 2 vastausta"."""
    window = f", {format_window(quote.window, language)}" if quote.window else ""
    return (
        f"{quote.author}, {format_datetime(quote.sent_at, language)}{window} · "
        f"{count_of(quote.reactions, 'reaction', language)} · "
        f"{count_of(quote.replies, 'reply', language)}"
    )


def voice_line(theme: ThemeSummary, threshold: int, language: str) -> str:
    """ "5 aktiivisinta 20 osallistujasta kirjoitti 60 % puheenvuoroista." or why not shown."""
    labels = labels_for(language)
    voice = theme.voice
    if voice is None:
        return labels["voice_hidden"].format(threshold=threshold)
    share = format_share(voice.share, language)
    return labels["voice_text"].format(top=voice.top, participants=voice.participants, share=share)


def badge_names(badges: tuple[str, ...], language: str) -> str:
    """The badges as words: "eniten reaktioita, kysymys"."""
    labels = labels_for(language)
    return ", ".join(labels[f"badge_{badge}"] for badge in badges)


def badge_count(theme: ThemeSummary, badge: str) -> int:
    """How many record items of the theme carry `badge`."""
    return sum(badge in item.badges for sub in theme.subtopics for item in sub.items)


def format_date(day: date, language: str) -> str:
    """7.12.2026 in Finnish, 2026-12-07 otherwise."""
    return f"{day.day}.{day.month}.{day.year}" if language == "fi" else day.isoformat()


def format_datetime(instant: datetime, language: str) -> str:
    """The local date and time: "8.12.2026 klo 8.05" (fi), "2026-12-08 08:05" otherwise."""
    if language == "fi":
        return f"{format_date(instant.date(), language)} klo {instant.hour}.{instant:%M}"
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


def change_table(
    digest: Digest, labels: Mapping[str, str], previous: str
) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the change from the previous period, by theme; `previous`
    heads both previous-period columns."""
    header = [
        labels["theme"], labels["contributions"], previous, labels["change"],
        labels["participants"], previous, labels["change"],
    ]  # fmt: skip
    rows = [
        [c.title, str(c.contributions), str(c.previous_contributions),
         format_delta(c.contributions_delta), str(c.participants),
         str(c.previous_participants), format_delta(c.participants_delta)]
        for c in digest.changes
    ]  # fmt: skip
    return header, rows


def audience(digest: Digest) -> str:
    """The audience in the digest's language."""
    return labels_for(digest.language).get(f"audience_{digest.audience}", digest.audience)


def heading(digest: Digest) -> str:
    """ "Neuvo-kooste: Vanhempien neuvonantajaryhmä joulukuu 2026" (the group's title; a
    period that is not a calendar month keeps its label)."""
    labels = labels_for(digest.language)
    return (
        f"{labels['digest']}: {digest.group_title} {period_name(digest.period, digest.language)}"
    )


def period_name(period: Period, language: str) -> str:
    """ "joulukuu 2026" for a calendar month label ("2026-12"), else the label."""
    found = re.fullmatch(r"(\d{4})-(\d{2})", period.label)
    if found is None:
        return period.label
    month = _MONTHS.get(language, _MONTHS["fi"])[int(found.group(2)) - 1]
    return f"{month} {found.group(1)}"


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
        (labels["private"], theme.private),
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
    if any(theme.private for theme in digest.themes):
        notes.append(labels["private_counted"])
    if digest.other_questions or any(theme.staff_questions for theme in digest.themes):
        notes.append(labels["questions_anonymous"])
    if digest.other_polls or any(theme.polls for theme in digest.themes):
        notes.append(labels["polls_public"])
    return notes


def question_counts(theme: ThemeSummary, labels: Mapping[str, str]) -> str:
    """ "Vastattu: 2 · Odottaa vastausta: 1"."""
    return (
        f"{labels['questions_answered']}: {theme.questions_answered} · "
        f"{labels['questions_open']}: {theme.questions_open}"
    )


def question_line(question: StaffQuestion, language: str) -> str:
    """ "Kysymys (7.12.2026 klo 9.05, vastattu): …" with the erased text's note."""
    labels = labels_for(language)
    state = labels.get(f"state_{question.state}", question.state)
    when = format_datetime(question.asked_at, language)
    return f"{labels['question']} ({when}, {state}): {question.text or labels['question_erased']}"


def answer_line(question: StaffQuestion, language: str) -> str:
    """ "Vastaus: …" or "Ei vielä vastausta."."""
    labels = labels_for(language)
    return f"{labels['answer']}: {question.answer}" if question.answer else labels["no_answer"]


def poll_status(poll: PollResult, language: str) -> str:
    """ "päättynyt · anonyymi" (or "käynnissä", "ei anonyymi, …")."""
    labels = labels_for(language)
    state = labels["poll_closed" if poll.closed else "poll_open"]
    kind = labels["poll_anonymous" if poll.anonymous else "poll_named"]
    return f"{format_datetime(poll.created_at, language)} · {state} · {kind}"
