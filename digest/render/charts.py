"""Inline SVG horizontal bar charts with a text alternative (title and description)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from digest.model import Breakdown

WIDTH = 420
ROW = 46  # a label line above its bar
FONT_SIZE = 15
BAR_HEIGHT = 18
BAR_MAX = 340  # leaves room right of the longest bar for a count like "12345"
LABEL_CHARS = 44  # a full-width line of 15-unit text
BAR_COLOUR = "#1f5fa8"  # 6.4:1 on white
TEXT_COLOUR = "#1a1a1a"


@dataclass(frozen=True, slots=True)
class Bar:
    """One bar: `value` None for a suppressed count shown only as `text` ("< 5")."""

    label: str
    value: int | None
    text: str


def bars_from(rows: Sequence[Breakdown]) -> list[Bar]:
    """Contribution bars of a breakdown (suppressed rows keep their "< 5")."""
    return [Bar(row.label, row.contributions.value, row.contributions.text) for row in rows]


def text_alternative(bars: Sequence[Bar]) -> str:
    """ "Kiusaaminen: 12; Kaveruustaidot: 7"."""
    return "; ".join(f"{bar.label}: {bar.text}" for bar in bars)


def bar_chart(title: str, bars: Sequence[Bar], *, chart_id: str) -> str:
    """An accessible SVG bar chart; every text is escaped."""
    height = ROW * max(len(bars), 1) + 5
    largest = max((bar.value or 0 for bar in bars), default=0) or 1
    rows = [_row(index, bar, largest) for index, bar in enumerate(bars)]
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" font-family="sans-serif" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc">'
        f'<title id="{chart_id}-title">{escape(title)}</title>'
        f'<desc id="{chart_id}-desc">{escape(text_alternative(bars))}</desc>'
        f"{''.join(rows)}</svg>"
    )


def _row(index: int, bar: Bar, largest: int) -> str:
    """The label on its own line, then the bar with its count to the right."""
    top = 5 + index * ROW
    label = bar.label if len(bar.label) <= LABEL_CHARS else bar.label[: LABEL_CHARS - 1] + "…"
    width = round(BAR_MAX * (bar.value or 0) / largest)
    bar_top = top + FONT_SIZE + 6
    rect = (
        f'<rect x="0" y="{bar_top}" width="{width}" height="{BAR_HEIGHT}" fill="{BAR_COLOUR}"/>'
        if width
        else ""
    )
    return (
        f'<text x="0" y="{top + FONT_SIZE}" font-size="{FONT_SIZE}" '
        f'fill="{TEXT_COLOUR}">{escape(label)}</text>{rect}'
        f'<text x="{width + 6}" y="{bar_top + BAR_HEIGHT - 4}" font-size="{FONT_SIZE}" '
        f'fill="{TEXT_COLOUR}">{escape(bar.text)}</text>'
    )
