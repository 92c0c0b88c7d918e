"""WCAG 2.x contrast measured on a generated page: its stylesheet, elements and inline SVG.

A deliberately small cascade for the CSS the digest writes: type, `.class` and `:root`
selectors joined by the descendant combinator, `@media print`, hex colours; a narrow-screen
`@media screen and (max-width: …)` block may only change layout (no colour). Anything else
in the stylesheet (or a `style` attribute) raises, so no colour escapes measurement.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser

WHITE = "#ffffff"
BLACK = "#000000"
TEXT_MINIMUM = 4.5  # 1.4.3 AA, applied to all text (no large-text allowance taken)
GRAPHIC_MINIMUM = 3.0  # 1.4.11 AA: chart bars, borders
_HEX = re.compile(r"#(?:[0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")
_COMPOUND = re.compile(r"(?P<tag>:root|[a-z][a-z0-9]*)?(?P<classes>(?:\.[A-Za-z][\w-]*)*)")
_VOID = {"meta", "br", "img", "hr", "link", "input", "wbr"}
_UNRENDERED = {"head", "title", "desc", "style", "script"}
_LENGTH = re.compile(r"[0-9]*\.?[0-9]+(?:px|pt|r?em|mm)?")
_NOT_COLOURS = {"none", "transparent", "solid", "dashed", "dotted", "double", "collapse"}
_GLYPH_WIDTH = 0.62  # of the font size: a generous average advance for sans-serif digits


# -- the WCAG formula ---------------------------------------------------------------------


def parse_colour(value: str) -> str:
    """A hex colour as "#rrggbb"; anything else is refused."""
    if not _HEX.fullmatch(value.strip()):
        raise ValueError(f"not a hex colour: {value!r}")
    digits = value.strip()[1:].lower()
    return "#" + ("".join(c * 2 for c in digits) if len(digits) == 3 else digits)


def _linear(channel: int) -> float:
    """An sRGB channel (0-255) linearised (WCAG 2.2 uses 0.04045; same for 8-bit values)."""
    value = channel / 255
    return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4


def relative_luminance(colour: str) -> float:
    """0.2126 R + 0.7152 G + 0.0722 B of the linearised channels."""
    hex_digits = parse_colour(colour)[1:]
    red, green, blue = (int(hex_digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _linear(red) + 0.7152 * _linear(green) + 0.0722 * _linear(blue)


def contrast(first: str, second: str) -> float:
    """(L1 + 0.05) / (L2 + 0.05) with L1 the lighter of the two."""
    light, dark = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


# -- the stylesheet -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Compound:
    """One step of a selector: an optional type (or :root) and classes."""

    tag: str | None
    classes: frozenset[str]

    def matches(self, node: Node) -> bool:
        """Whether the element fits this step."""
        if self.tag == ":root":
            if node.parent is None or node.parent.tag != "#document":
                return False
        elif self.tag is not None and self.tag != node.tag:
            return False
        return self.classes <= node.classes


@dataclass(frozen=True, slots=True)
class Rule:
    """A selector with its declarations, source order and whether it is print-only."""

    text: str
    chain: tuple[Compound, ...]
    declarations: dict[str, str]
    order: int
    print_only: bool

    @property
    def specificity(self) -> tuple[int, int]:
        """(classes and pseudo-classes, types)."""
        classes = sum(len(c.classes) + (c.tag == ":root") for c in self.chain)
        types = sum(c.tag is not None and c.tag != ":root" for c in self.chain)
        return classes, types

    def matches(self, node: Node) -> bool:
        """The last step fits the node and the others fit ancestors, in order."""
        if not self.chain[-1].matches(node):
            return False
        steps = list(self.chain[:-1])
        ancestor = node.parent
        while steps and ancestor is not None:
            if steps[-1].matches(ancestor):
                steps.pop()
            ancestor = ancestor.parent
        return not steps


def _blocks(css: str) -> Iterator[tuple[str, str]]:
    """(prelude, body) of each top-level `prelude { body }`."""
    depth, last, start, prelude = 0, 0, 0, ""
    for index, char in enumerate(css):
        if char == "{":
            if depth == 0:
                prelude, start = css[last:index].strip(), index + 1
            depth += 1
        elif char == "}":
            depth -= 1
            if depth == 0:
                yield prelude, css[start:index]
                last = index + 1
    if css[last:].strip():
        raise ValueError(f"stylesheet ends outside a block: {css[last:].strip()!r}")


def _declarations(body: str) -> dict[str, str]:
    pairs = (item.split(":", 1) for item in body.split(";") if item.strip())
    return {name.strip().lower(): value.strip() for name, value in pairs}


def _chain(selector: str) -> tuple[Compound, ...]:
    steps = []
    for part in selector.split():
        found = _COMPOUND.fullmatch(part)
        if found is None or not part:
            raise ValueError(f"selector {selector!r} is beyond this contrast checker")
        classes = frozenset(c for c in found["classes"].split(".") if c)
        steps.append(Compound(found["tag"], classes))
    return tuple(steps)


def parse_rules(css: str, *, print_only: bool = False, first: int = 0) -> list[Rule]:
    """Every rule, `@media print` ones flagged; `@page` must hold no colour."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.DOTALL)
    rules: list[Rule] = []
    for prelude, body in _blocks(css):
        if prelude == "@media print":
            rules += parse_rules(body, print_only=True, first=first + len(rules))
        elif prelude.startswith("@page"):
            if _HEX.search(body) or "color" in body:
                raise ValueError("@page colours are beyond this contrast checker")
        elif prelude.startswith("@media screen and (max-width:"):
            if _HEX.search(body) or "color" in body.lower() or "background" in body:
                raise ValueError("narrow-screen colours are beyond this contrast checker")
        elif prelude.startswith("@"):
            raise ValueError(f"at-rule {prelude!r} is beyond this contrast checker")
        else:
            declared = _declarations(body)
            for selector in prelude.split(","):
                order = first + len(rules)
                rules.append(Rule(selector.strip(), _chain(selector), declared, order, print_only))
    return rules


# -- the page -----------------------------------------------------------------------------


@dataclass(eq=False)
class Node:
    """An element with its attributes and the text directly inside it."""

    tag: str
    attrs: dict[str, str]
    parent: Node | None
    children: list[Node] = field(default_factory=list)
    text: str = ""

    @property
    def classes(self) -> frozenset[str]:
        """The class attribute's names."""
        return frozenset(self.attrs.get("class", "").split())

    def walk(self) -> Iterator[Node]:
        """This node and every descendant, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def path(self) -> str:
        """ "html > body > main > …" for messages."""
        names = []
        node: Node | None = self
        while node is not None and node.tag != "#document":
            names.append(node.tag + "".join(f".{name}" for name in sorted(node.classes)))
            node = node.parent
        return " > ".join(reversed(names))


class _TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.document = Node("#document", {}, None)
        self._open = self.document

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        node = Node(tag, {name: value or "" for name, value in attrs}, self._open)
        if "style" in node.attrs:
            raise ValueError(f"inline style on <{tag}> is beyond this contrast checker")
        self._open.children.append(node)
        if tag not in _VOID:
            self._open = node

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in _VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in _VOID:
            return
        if self._open.tag != tag:
            raise ValueError(f"</{tag}> closes <{self._open.tag}>: not well-formed")
        assert self._open.parent is not None
        self._open = self._open.parent

    def handle_data(self, data: str) -> None:
        self._open.text += data


def parse_page(html: str) -> Node:
    """The document node of well-formed HTML."""
    builder = _TreeBuilder()
    builder.feed(html)
    builder.close()
    return builder.document


# -- the pairs ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pair:
    """A foreground on a background, where it occurs, and the minimum it needs."""

    foreground: str
    background: str
    where: str
    minimum: float

    @property
    def ratio(self) -> float:
        """The contrast ratio."""
        return contrast(self.foreground, self.background)


@dataclass(frozen=True, slots=True)
class _Computed:
    colour: str
    backdrop: str  # the nearest painted background at this element
    own_background: str | None


def _colour_in(value: str) -> str | None:
    """The hex colour of a background or border value; other colour syntax is refused."""
    colour = None
    for token in value.split():
        if _HEX.fullmatch(token):
            colour = parse_colour(token)
        elif token not in _NOT_COLOURS and not _LENGTH.fullmatch(token):
            raise ValueError(f"{value!r} is beyond this contrast checker")
    return colour


class Measure:
    """Every colour pair of a page under one medium; `backgrounds=False` for a printer's
    default of not printing backgrounds."""

    def __init__(self, html: str, css: str, *, print_: bool, backgrounds: bool = True) -> None:
        self.document = parse_page(html)
        self.rules = [r for r in parse_rules(css) if print_ or not r.print_only]
        self.backgrounds = backgrounds
        self.used: set[int] = set()
        self.pairs: list[Pair] = []
        self._visit(self.document, _Computed(BLACK, WHITE, None), rendered=True)

    def _declared(self, node: Node) -> dict[str, str]:
        matching = [rule for rule in self.rules if rule.matches(node)]
        self.used.update(rule.order for rule in matching)
        declared: dict[str, str] = {}
        for rule in sorted(matching, key=lambda r: (r.specificity, r.order)):
            declared |= rule.declarations
        return declared

    def _compute(self, node: Node, parent: _Computed) -> _Computed:
        declared = self._declared(node)
        colour = parse_colour(declared["color"]) if "color" in declared else parent.colour
        background = _colour_in(declared.get("background-color", declared.get("background", "")))
        if not self.backgrounds:
            background = None
        backdrop = background or parent.backdrop
        for name, value in declared.items():
            border = _colour_in(value) if name.startswith("border") else None
            if border is not None:
                for behind in {backdrop, parent.backdrop}:
                    self._add(border, behind, f"{node.path()} {name}", GRAPHIC_MINIMUM)
        return _Computed(colour, backdrop, background)

    def _visit(self, node: Node, parent: _Computed, *, rendered: bool) -> None:
        computed = self._compute(node, parent) if node.tag != "#document" else parent
        rendered = rendered and node.tag not in _UNRENDERED
        if rendered and node.tag == "svg":
            self._svg(node, computed.backdrop)
            return
        if rendered and node.text.strip():
            self._add(computed.colour, computed.backdrop, node.path(), TEXT_MINIMUM)
        for child in node.children:
            self._visit(child, computed, rendered=rendered)

    def _svg(self, svg: Node, backdrop: str) -> None:
        """Bars against the page; each label against the bar it overlaps, else the page."""
        shapes = [node for node in svg.walk() if node.tag == "rect"]
        for rect in shapes:
            self._add(_fill(rect), backdrop, rect.path(), GRAPHIC_MINIMUM)
        for label in (node for node in svg.walk() if node.tag == "text"):
            behind = [_fill(rect) for rect in shapes if _overlaps(text_box(label), _box(rect))]
            where = f"{label.path()} {label.text!r}"
            for background in behind or [backdrop]:
                self._add(_fill(label), background, where, TEXT_MINIMUM)

    def _add(self, foreground: str, background: str, where: str, minimum: float) -> None:
        self.pairs.append(Pair(foreground, background, where, minimum))

    def failures(self) -> list[str]:
        """One line per pair below its minimum."""
        return [
            f"{p.where}: {p.foreground} on {p.background} = {p.ratio:.2f} < {p.minimum}"
            for p in self.pairs
            if p.ratio < p.minimum
        ]


def _fill(node: Node) -> str:
    """An SVG element's fill (SVG's initial fill is black)."""
    return parse_colour(node.attrs.get("fill", BLACK))


Box = tuple[float, float, float, float]


def _box(rect: Node) -> Box:
    x, y = float(rect.attrs.get("x", 0)), float(rect.attrs.get("y", 0))
    return x, y, x + float(rect.attrs["width"]), y + float(rect.attrs["height"])


def text_box(label: Node) -> Box:
    """The area a label's glyphs may cover, from its anchor, baseline and font size."""
    size = float(label.attrs.get("font-size", 16))
    width = len(label.text) * size * _GLYPH_WIDTH
    x, baseline = float(label.attrs["x"]), float(label.attrs["y"])
    anchor = label.attrs.get("text-anchor", "start")
    left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
    return left, baseline - size, left + width, baseline + size * 0.25


def _overlaps(first: Box, second: Box) -> bool:
    return (
        first[0] < second[2]
        and second[0] < first[2]
        and first[1] < second[3]
        and (second[1] < first[3])
    )
