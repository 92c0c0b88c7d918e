"""WCAG AA contrast and legible chart labels, measured on the page the HTML renderer writes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from digest.model import Breakdown, Cell, Digest
from digest.render import render
from digest.render.html import STYLE
from tests.unit.test_digest_render import sample
from tests.wcag import Measure, contrast, parse_page, parse_rules, relative_luminance, text_box


def busy() -> Digest:
    """The sample, partial, with a four-digit theme, a tiny one and a suppressed window."""
    base = sample(partial=True)
    big = replace(base.themes[0], key="a", title="Moniammatilliset palaverit", contributions=1234)
    small = replace(base.themes[0], key="b", title="Eroasiat", contributions=3)
    windows = (*base.windows, Breakdown("20-22", Cell(None, "< 5"), Cell(None, "< 5")))
    return replace(base, themes=(big, small, *base.themes), windows=windows)


def page() -> str:
    """The busy digest as HTML text."""
    return render(busy(), "html").decode()


def test_luminance_and_ratio_follow_the_wcag_formula() -> None:
    """Black on white is 21:1, #767676 on white just passes 4.5:1 and #777777 just fails."""
    assert relative_luminance("#fff") == pytest.approx(1.0)
    assert relative_luminance("#000000") == 0.0
    assert contrast("#000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#fff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#777777", "#fff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#1f5fa8", "#fff") == contrast("#fff", "#1f5fa8")


@pytest.mark.parametrize(
    ("print_", "backgrounds"),
    [(False, True), (True, True), (True, False)],
    ids=["screen", "print", "print-without-backgrounds"],
)
def test_every_text_and_graphic_colour_pair_passes_aa(print_: bool, backgrounds: bool) -> None:
    """Text is at least 4.5:1 on what is behind it, bars and borders at least 3:1."""
    measured = Measure(page(), STYLE, print_=print_, backgrounds=backgrounds)
    assert not measured.failures(), "\n".join(measured.failures())
    texts = [pair for pair in measured.pairs if pair.minimum == 4.5]
    assert any("svg.chart > text" in pair.where for pair in texts)  # chart labels measured
    assert any("blockquote > footer" in pair.where for pair in texts)
    assert any("p.partial" in pair.where for pair in texts)


def test_every_coloured_rule_is_measured() -> None:
    """Each CSS rule that sets a colour styles some element of the measured page."""
    for print_ in (False, True):
        measured = Measure(page(), STYLE, print_=print_)
        unused = [
            rule.text
            for rule in measured.rules
            if rule.order not in measured.used
            and any("#" in value for value in rule.declarations.values())
        ]
        assert not unused, unused


def test_the_checker_refuses_colours_it_cannot_measure() -> None:
    """Named colours, child combinators and inline styles raise instead of passing unseen."""
    with pytest.raises(ValueError, match="beyond"):
        Measure("<p>x</p>", "p { background: red; }", print_=False)
    with pytest.raises(ValueError, match="beyond"):
        parse_rules("main > p { color: #000; }")
    with pytest.raises(ValueError, match="inline style"):
        Measure('<p style="color: #eee">x</p>', "", print_=False)


def test_a_light_grey_note_would_fail() -> None:
    """The measurement catches low contrast: #999 text on white is reported."""
    measured = Measure('<p class="note">x</p>', STYLE + ".note { color: #999; }", print_=False)
    assert any("p.note" in line for line in measured.failures())


def test_a_label_drawn_on_its_bar_is_measured_against_the_bar() -> None:
    """A chart label overlapping a bar counts the bar's fill as its background."""
    svg = (
        '<svg><rect x="0" y="0" width="100" height="30" fill="#1f5fa8"/>'
        '<text x="10" y="20" font-size="15" fill="#1a1a1a">7</text></svg>'
    )
    measured = Measure(svg, "", print_=False)
    assert [(p.foreground, p.background) for p in measured.pairs if p.minimum == 4.5] == [
        ("#1a1a1a", "#1f5fa8")
    ]
    assert measured.failures()


def test_chart_labels_fit_inside_the_chart() -> None:
    """Every chart label, long theme titles and four-digit counts included, lies in the viewBox."""
    long_title = replace(busy().themes[1], key="c", title="Lasten ja nuorten palvelut " * 3)
    digest = replace(busy(), themes=(*busy().themes, long_title))
    charts = [n for n in parse_page(render(digest, "html").decode()).walk() if n.tag == "svg"]
    assert len(charts) == 2
    for chart in charts:
        _, _, width, height = (float(v) for v in chart.attrs["viewbox"].split())
        for label in (node for node in chart.walk() if node.tag == "text"):
            left, top, right, bottom = text_box(label)
            assert left >= 0 and top >= 0 and right <= width and bottom <= height, label.text
