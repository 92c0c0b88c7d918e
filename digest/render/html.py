"""One self-contained HTML page: headings, tables, inline SVG charts; all text escaped."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from html import escape

from digest.labels import labels_for
from digest.model import (
    Breakdown,
    Digest,
    PollResult,
    RecordItem,
    SessionDaySummary,
    StaffQuestion,
    Subtopic,
    ThemeSummary,
)
from digest.render import text
from digest.render.charts import Bar, bar_chart, bars_from

STYLE = """
:root { color: #1a1a1a; background: #fff; }
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; line-height: 1.5;
  margin: 0 auto; max-width: 52rem; padding: 1rem; font-size: 1rem; }
h1 { font-size: 1.6rem; margin: 0 0 .25rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 2px solid #1f5fa8; }
h3 { font-size: 1.15rem; margin-top: 1.5rem; }
h4 { font-size: 1rem; margin: 1rem 0 .25rem; }
.meta, .note { color: #4a4a4a; }
.partial { background: #fff4ce; border-left: 4px solid #8a6d00; padding: .5rem .75rem; }
.scroll { overflow-x: auto; }
table { border-collapse: collapse; margin: .5rem 0; }
th, td { border: 1px solid #8c8c8c; padding: .25rem .5rem; text-align: left;
  vertical-align: top; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { border-left: 4px solid #1f5fa8; margin: .5rem 0; padding: .25rem .75rem;
  background: #f3f6fa; overflow-wrap: anywhere; }
blockquote footer { color: #4a4a4a; font-size: .9rem; }
figure { margin: 1rem 0; }
figcaption { font-weight: bold; }
.chart { max-width: min(40rem, 100%); height: auto; }
@media screen and (max-width: 40rem) {
  .scroll table, .scroll tbody, .scroll tr, .scroll th, .scroll td { display: block; }
  .scroll table { border: 0; }
  .scroll thead { position: absolute; width: 1px; height: 1px; overflow: hidden;
    clip: rect(0 0 0 0); white-space: nowrap; }
  .scroll tr { border: 1px solid; margin: 0 0 .5rem; }
  .scroll th, .scroll td { border: 0; overflow-wrap: anywhere; }
  .scroll td[data-label] { display: flex; justify-content: space-between; gap: 1rem; }
  .scroll td[data-label]::before { content: attr(data-label); font-weight: bold;
    text-align: left; }
}
@media print {
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  h2, h3, h4 { break-after: avoid; }
  table, figure, blockquote { break-inside: avoid; }
  .partial { border: 1px solid #8a6d00; }
}
@page { size: A4; margin: 18mm 16mm; }
"""


def render_html(digest: Digest) -> bytes:
    """The digest as one UTF-8 HTML document."""
    return page(digest).encode("utf-8")


def page(digest: Digest, *, print_style: str = "") -> str:
    """The HTML document text; `print_style` is added after the page's own style (the PDF's
    page header and numbers)."""
    labels = labels_for(digest.language)
    title = escape(text.heading(digest))
    body = "".join(
        [
            _header(digest, labels),
            _summary(digest, labels),
            _session_days(digest.sessions, digest.language, labels),
            _themes(digest, labels),
            _other(digest, labels),
            _changes(digest, labels),
            _footer(digest, labels),
        ]
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(digest.language)}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{title}</title><style>{STYLE}{print_style}</style></head>"
        f"<body><main>{body}</main></body></html>\n"
    )


def _header(digest: Digest, labels: Mapping[str, str]) -> str:
    language = digest.language
    meta = (
        f"{escape(labels['group'])}: {escape(digest.group_title)} "
        f"({escape(text.audience(digest))})"
        f" · {escape(labels['period'])}: {escape(text.format_period(digest.period, language))}"
        f" · {escape(labels['generated'])}: "
        f"{escape(text.format_datetime(digest.generated_at, language))}"
    )
    partial = f'<p class="partial">{escape(labels["partial"])}</p>' if digest.partial else ""
    heading = f"<h1>{escape(text.heading(digest))}</h1>"
    return f'<header>{heading}<p class="meta">{meta}</p>{partial}</header>'


def _summary(digest: Digest, labels: Mapping[str, str]) -> str:
    rows = "".join(
        f'<tr><th scope="row">{escape(name)}</th><td class="num">{escape(value)}</td></tr>'
        for name, value in text.summary_pairs(digest)
    )
    theme_bars = [
        Bar(theme.title, theme.contributions, str(theme.contributions)) for theme in digest.themes
    ]
    charts = _figure(labels["chart_themes"], theme_bars, "chart-themes")
    charts += _figure(labels["chart_windows"], bars_from(digest.windows), "chart-windows")
    return _section(
        "summary", labels["summary"], f'<div class="scroll"><table>{rows}</table></div>{charts}'
    )


def _figure(title: str, bars: Sequence[Bar], chart_id: str) -> str:
    if not bars:
        return ""
    return (
        f"<figure><figcaption>{escape(title)}</figcaption>"
        f"{bar_chart(title, bars, chart_id=chart_id)}</figure>"
    )


def _table(header: Sequence[str], rows: Iterable[Sequence[str]], numeric: set[int]) -> str:
    """A table; columns in `numeric` are right-aligned. Cells arrive unescaped."""
    head = "".join(
        f'<th scope="col"{_num(i, numeric)}>{escape(cell)}</th>' for i, cell in enumerate(header)
    )
    labels = [f' data-label="{escape(cell)}"' for cell in header]
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{_num(i, numeric)}{labels[i]}>{escape(cell)}</td>" for i, cell in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def _num(index: int, numeric: set[int]) -> str:
    return ' class="num"' if index in numeric else ""


def _session_days(
    days: Sequence[SessionDaySummary], language: str, labels: Mapping[str, str]
) -> str:
    if not days:
        return _section("sessions", labels["sessions"], f"<p>{escape(labels['no_sessions'])}</p>")
    header = [
        labels["date"],
        labels["theme"],
        labels["window"],
        labels["contributions"],
        labels["participants"],
    ]
    rows = [
        [text.format_date(day.day, language), day.theme_title,
         text.format_window(window.label, language),
         window.contributions.text, window.participants.text]
        for day in days
        for window in day.windows
    ]  # fmt: skip
    return _section("sessions", labels["sessions"], _table(header, rows, {3, 4}))


def _themes(digest: Digest, labels: Mapping[str, str]) -> str:
    if not digest.themes:
        return _section("themes", labels["themes"], f"<p>{escape(labels['no_themes'])}</p>")
    articles = "".join(_theme(theme, digest, labels) for theme in digest.themes)
    return _section("themes", labels["themes"], articles)


def _section(section_id: str, title: str, content: str) -> str:
    """A section labelled by its h2 heading; `content` is markup already escaped."""
    return (
        f'<section aria-labelledby="{section_id}"><h2 id="{section_id}">{escape(title)}</h2>'
        f"{content}</section>"
    )


def _theme(theme: ThemeSummary, digest: Digest, labels: Mapping[str, str]) -> str:
    language = digest.language
    figures = text.theme_figures(theme, labels)
    numbers = set(range(len(figures)))
    stats = _table([label for label, _ in figures], [[str(n) for _, n in figures]], numbers)
    note = (
        f'<section class="note-staff"><h4>{escape(labels["note"])}</h4>'
        f"<p>{escape(theme.note)}</p></section>"
        if theme.note
        else ""
    )
    voice = escape(text.voice_line(theme, digest.threshold, language))
    parts = [
        f"<article><h3>{escape(theme.title)}</h3>{note}{stats}",
        f'<h4>{escape(labels["voice"])}</h4><p class="voice">{voice}</p>',
        _breakdown(labels["by_window"], labels["window"], theme.by_window, labels, language),
        _breakdown(
            labels["by_municipality"], labels["municipality"], theme.by_municipality, labels
        ),
        _keywords(theme, labels),
        f"<h4>{escape(labels['subtopics'])}</h4>",
        *(_subtopic(subtopic, language, labels) for subtopic in theme.subtopics),
        _marked(theme, labels),
        _staff_questions(theme, language, labels),
        _polls(theme.polls, language, labels),
        "</article>",
    ]
    return "".join(parts)


def _subtopic(subtopic: Subtopic, language: str, labels: Mapping[str, str]) -> str:
    question = subtopic.question or labels["subtopic_other"]
    counts = (
        f"{labels['contributions']}: {subtopic.contributions} · "
        f"{labels['participants']}: {subtopic.participants}"
    )
    items = "".join(_item(item, language, labels) for item in subtopic.items)
    hidden = subtopic.contributions - len(subtopic.items)
    rest = f'<p class="meta">{escape(text.not_quoted(hidden, language))}</p>'
    return (
        f'<section class="subtopic"><h5>{escape(question)}</h5>'
        f'<p class="meta">{escape(counts)}</p>{items}{rest if hidden else ""}</section>'
    )


def _marked(theme: ThemeSummary, labels: Mapping[str, str]) -> str:
    lines = []
    for key, badge in (("question_quotes", "question"), ("highlights", "highlight")):
        count = text.badge_count(theme, badge)
        if count:
            line = labels["marked_above"].format(count=count, badge=labels[f"badge_{badge}"])
            lines.append(f"<p><strong>{escape(labels[key])}:</strong> {escape(line)}</p>")
    return "".join(lines)


def _staff_questions(theme: ThemeSummary, language: str, labels: Mapping[str, str]) -> str:
    if not theme.staff_questions:
        return ""
    counts = escape(text.question_counts(theme, labels))
    return (
        f'<section class="staff-questions"><h4>{escape(labels["staff_questions"])}</h4>'
        f'<p class="meta">{counts}</p>{_questions(theme.staff_questions, language)}</section>'
    )


def _questions(questions: Sequence[StaffQuestion], language: str) -> str:
    return "".join(
        f"<blockquote><p>{escape(text.question_line(question, language))}</p>"
        f"<p>{escape(text.answer_line(question, language))}</p></blockquote>"
        for question in questions
    )


def _polls(polls: Sequence[PollResult], language: str, labels: Mapping[str, str]) -> str:
    if not polls:
        return ""
    header = [labels["poll_option"], labels["poll_votes"]]
    items = "".join(
        f"<h5>{escape(poll.question)}</h5>"
        f'<p class="meta">{escape(text.poll_status(poll, language))}</p>'
        + _table(header, [[option.text, str(option.votes)] for option in poll.options], {1})
        for poll in polls
    )
    return f'<section class="polls"><h4>{escape(labels["polls"])}</h4>{items}</section>'


def _other(digest: Digest, labels: Mapping[str, str]) -> str:
    """Questions and polls from when no theme was planned."""
    if not digest.other_questions and not digest.other_polls:
        return ""
    questions = (
        f"<h4>{escape(labels['staff_questions'])}</h4>"
        f"{_questions(digest.other_questions, digest.language)}"
        if digest.other_questions
        else ""
    )
    polls = _polls(digest.other_polls, digest.language, labels)
    return _section("other", labels["other_sections"], questions + polls)


def _breakdown(
    title: str,
    column: str,
    rows: Sequence[Breakdown],
    labels: Mapping[str, str],
    window_language: str | None = None,
) -> str:
    """A breakdown table; `window_language` set when its labels are window labels."""
    if not rows:
        return ""
    header = [column, labels["contributions"], labels["participants"]]
    cells = [
        [text.format_window(row.label, window_language) if window_language else row.label,
         row.contributions.text, row.participants.text]
        for row in rows
    ]  # fmt: skip
    return f"<h4>{escape(title)}</h4>{_table(header, cells, {1, 2})}"


def _keywords(theme: ThemeSummary, labels: Mapping[str, str]) -> str:
    if not theme.keywords:
        return ""
    words = ", ".join(f"{escape(word.word)} ({word.count})" for word in theme.keywords)
    return f"<h4>{escape(labels['keywords'])}</h4><p>{words}</p>"


def _item(item: RecordItem, language: str, labels: Mapping[str, str]) -> str:
    source = text.quote_source(item.quote, language)
    badges = (
        f' <span class="badges">· {escape(text.badge_names(item.badges, language))}</span>'
        if item.badges
        else ""
    )
    return (
        f"<blockquote><p>{escape(item.quote.text)}</p>"
        f"<footer>{escape(source)}{badges}</footer></blockquote>"
    )


def _changes(digest: Digest, labels: Mapping[str, str]) -> str:
    if not digest.changes:
        return ""
    language = digest.language
    previous = f"{labels['previous']} ({text.format_period(digest.previous_period, language)})"
    header, rows = text.change_table(digest, labels, previous)
    return _section("changes", labels["changes"], _table(header, rows, set(range(1, 7))))


def _footer(digest: Digest, labels: Mapping[str, str]) -> str:
    notes = "".join(f"<p>{escape(note)}</p>" for note in text.disclosure_notes(digest))
    return f'<footer class="note"><p>{escape(labels["privacy"])}</p>{notes}</footer>'
