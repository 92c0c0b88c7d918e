"""Inline SVG horizontal bar charts with a text alternative (title and description)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from digest.model import Breakdown

WIDTH = 420
ROW = 30
LABEL_WIDTH = 150
BAR_MAX = 220
LABEL_CHARS = 30
BAR_COLOUR = "#1f5fa8"  # 6.3:1 on white
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
    height = ROW * max(len(bars), 1) + 10
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
    y = 5 + index * ROW
    middle = y + ROW // 2 + 5
    label = bar.label if len(bar.label) <= LABEL_CHARS else bar.label[: LABEL_CHARS - 1] + "…"
    width = round(BAR_MAX * (bar.value or 0) / largest)
    rect = (
        f'<rect x="{LABEL_WIDTH}" y="{y + 4}" width="{width}" height="{ROW - 8}" '
        f'fill="{BAR_COLOUR}"/>'
        if width
        else ""
    )
    return (
        f'<text x="{LABEL_WIDTH - 8}" y="{middle}" text-anchor="end" font-size="15" '
        f'fill="{TEXT_COLOUR}">{escape(label)}</text>{rect}'
        f'<text x="{LABEL_WIDTH + width + 6}" y="{middle}" font-size="15" '
        f'fill="{TEXT_COLOUR}">{escape(bar.text)}</text>'
    )
