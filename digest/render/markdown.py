"""The digest as Markdown; user text is escaped so it cannot add markup or HTML."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence

from digest.labels import labels_for
from digest.model import Breakdown, Digest, PollResult, StaffQuestion, Subtopic, ThemeSummary
from digest.render import text

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_TAG_OPEN = re.compile(r"<(?=[A-Za-z/!?])")  # "< 5" stays readable; "<script" does not survive
_ENTITY = re.compile(r"&(?=[#A-Za-z0-9])")
_LINE_START = re.compile(r"^(?:[#+=>-]|[0-9]+(?=[.)]))")
_SPACE = re.compile(r"\s+")


def cell(value: str) -> str:
    """Inert inline Markdown: no HTML tag, entity, emphasis, link or table pipe survives."""
    flat = _SPACE.sub(" ", value).strip()
    flat = _TAG_OPEN.sub("&lt;", _ENTITY.sub("&amp;", flat))
    return _INLINE.sub(r"\\\1", flat)


def md(value: str) -> str:
    """A line of inert Markdown: `cell` that cannot start a heading, list or quote either."""
    return _LINE_START.sub(lambda found: _escape_start(found.group()), cell(value))


def _escape_start(start: str) -> str:
    """ "#" -> "\\#"; "12" (before "." or ")") -> "12\\" so no list or heading starts."""
    return start + "\\" if start[0].isdigit() else "\\" + start


def render_markdown(digest: Digest) -> bytes:
    """The digest as UTF-8 Markdown."""
    labels = labels_for(digest.language)
    blocks = [
        *_header(digest, labels),
        *_summary(digest, labels),
        *_session_days(digest, labels),
        *_themes(digest, labels),
        *_other(digest, labels),
        *_changes(digest, labels),
        md(labels["privacy"]),
        *(md(note) for note in text.disclosure_notes(digest)),
    ]
    return ("\n\n".join(blocks) + "\n").encode("utf-8")


def _table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    lines = ["| " + " | ".join(cell(value) for value in header) + " |"]
    lines.append("|" + "---|" * len(header))
    lines += ["| " + " | ".join(cell(value) for value in row) + " |" for row in rows]
    return "\n".join(lines)


def _header(digest: Digest, labels: Mapping[str, str]) -> list[str]:
    language = digest.language
    meta = (
        f"{labels['group']}: {digest.group_title} ({text.audience(digest)}) · "
        f"{labels['period']}: {text.format_period(digest.period, language)} · "
        f"{labels['generated']}: {text.format_datetime(digest.generated_at, language)}"
    )
    blocks = [f"# {md(text.heading(digest))}", md(meta)]
    if digest.partial:
        blocks.append(f"**{md(labels['partial'])}**")
    return blocks


def _summary(digest: Digest, labels: Mapping[str, str]) -> list[str]:
    rows = text.summary_pairs(digest)
    return [f"## {md(labels['summary'])}", _table(["", ""], rows)]


def _session_days(digest: Digest, labels: Mapping[str, str]) -> list[str]:
    blocks = [f"## {md(labels['sessions'])}"]
    if not digest.sessions:
        return [*blocks, md(labels["no_sessions"])]
    header = [labels["date"], labels["theme"], labels["window"]]
    header += [labels["contributions"], labels["participants"]]
    rows = [
        [text.format_date(day.day, digest.language), day.theme_title,
         text.format_window(window.label, digest.language),
         window.contributions.text, window.participants.text]
        for day in digest.sessions
        for window in day.windows
    ]  # fmt: skip
    return [*blocks, _table(header, rows)]


def _themes(digest: Digest, labels: Mapping[str, str]) -> list[str]:
    blocks = [f"## {md(labels['themes'])}"]
    if not digest.themes:
        return [*blocks, md(labels["no_themes"])]
    for theme in digest.themes:
        blocks += _theme(theme, digest, labels)
    return blocks


def _theme(theme: ThemeSummary, digest: Digest, labels: Mapping[str, str]) -> list[str]:
    language = digest.language
    figures = text.theme_figures(theme, labels)
    blocks = [f"### {md(theme.title)}"]
    if theme.note:
        blocks += [f"#### {md(labels['note'])}", md(theme.note)]
    blocks.append(_table(["", ""], [(k, str(v)) for k, v in figures]))
    blocks += [
        f"#### {md(labels['voice'])}",
        md(text.voice_line(theme, digest.threshold, language)),
    ]
    blocks += _breakdown(labels["by_window"], labels["window"], theme.by_window, digest, labels)
    blocks += _breakdown(
        labels["by_municipality"], labels["municipality"], theme.by_municipality, None, labels
    )
    if theme.keywords:
        words = ", ".join(f"{word.word} ({word.count})" for word in theme.keywords)
        blocks += [f"#### {md(labels['keywords'])}", md(words)]
    blocks += [f"#### {md(labels['subtopics'])}"]
    for subtopic in theme.subtopics:
        blocks += _subtopic(subtopic, language, labels)
    for key, badge in (("question_quotes", "question"), ("highlights", "highlight")):
        count = text.badge_count(theme, badge)
        if count:
            line = labels["marked_above"].format(count=count, badge=labels[f"badge_{badge}"])
            blocks.append(f"**{md(labels[key])}:** {md(line)}")
    if theme.staff_questions:
        blocks += [
            f"#### {md(labels['staff_questions'])}",
            md(text.question_counts(theme, labels)),
        ]
        blocks += _questions(theme.staff_questions, language)
    blocks += _polls(theme.polls, language, labels)
    return blocks


def _questions(questions: Sequence[StaffQuestion], language: str) -> list[str]:
    """Each question with its answer, as a quote block."""
    return [
        f"> {md(text.question_line(question, language))}\n>\n"
        f"> {md(text.answer_line(question, language))}"
        for question in questions
    ]


def _polls(polls: Sequence[PollResult], language: str, labels: Mapping[str, str]) -> list[str]:
    """Each poll's question, state and option counts."""
    if not polls:
        return []
    blocks = [f"#### {md(labels['polls'])}"]
    for poll in polls:
        rows = [(option.text, str(option.votes)) for option in poll.options]
        blocks += [
            f"**{md(poll.question)}** *{md(text.poll_status(poll, language))}*",
            _table([labels["poll_option"], labels["poll_votes"]], rows),
        ]
    return blocks


def _other(digest: Digest, labels: Mapping[str, str]) -> list[str]:
    """Questions and polls from when no theme was planned."""
    if not digest.other_questions and not digest.other_polls:
        return []
    blocks = [f"## {md(labels['other_sections'])}"]
    if digest.other_questions:
        blocks.append(f"#### {md(labels['staff_questions'])}")
        blocks += _questions(digest.other_questions, digest.language)
    return blocks + _polls(digest.other_polls, digest.language, labels)


def _subtopic(subtopic: Subtopic, language: str, labels: Mapping[str, str]) -> list[str]:
    question = subtopic.question or labels["subtopic_other"]
    counts = (
        f"{labels['contributions']}: {subtopic.contributions} · "
        f"{labels['participants']}: {subtopic.participants}"
    )
    blocks = [f"##### {md(question)}", f"*{md(counts)}*"]
    for item in subtopic.items:
        source = text.quote_source(item.quote, language)
        if item.badges:
            source += f" · {text.badge_names(item.badges, language)}"
        blocks.append(f"> {md(item.quote.text)}\n>\n> — {md(source)}")
    hidden = subtopic.contributions - len(subtopic.items)
    if hidden:
        blocks.append(md(text.not_quoted(hidden, language)))
    return blocks


def _breakdown(
    title: str,
    column: str,
    rows: Sequence[Breakdown],
    windows: Digest | None,
    labels: Mapping[str, str],
) -> list[str]:
    """A breakdown table; `windows` (the digest) when its labels are window labels."""
    if not rows:
        return []
    header = [column, labels["contributions"], labels["participants"]]
    cells = [
        [text.format_window(row.label, windows.language) if windows else row.label,
         row.contributions.text, row.participants.text]
        for row in rows
    ]  # fmt: skip
    return [f"#### {md(title)}", _table(header, cells)]


def _changes(digest: Digest, labels: Mapping[str, str]) -> list[str]:
    if not digest.changes:
        return []
    header, rows = text.change_table(digest, labels, labels["previous"])
    return [f"## {md(labels['changes'])}", _table(header, rows)]
