"""Outgoing texts over Telegram's limits are split or truncated without breaking HTML."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from aiogram.methods import EditMessageText, SendDocument, SendMessage
from aiogram.types import BufferedInputFile

from bot.long_texts import CAPTION_LIMIT, MESSAGE_LIMIT, split_text, truncate_text, units
from bot.outgoing import ResilientRequests

PARTIAL_ENTITY = re.compile(r"&[#\w]*$")


class TagBalance(HTMLParser):
    """Fails on a closing tag without its opening one; `open` lists what is left open."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[str] = []

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        self.open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.open and self.open[-1] == tag, (tag, self.open)
        self.open.pop()


def balanced(text: str) -> bool:
    parser = TagBalance()
    parser.feed(text)
    parser.close()
    return not parser.open and not PARTIAL_ENTITY.search(text)


def audit_lines(count: int) -> str:
    """An /audit-like HTML list: bold names, escaped reasons with entities, one per line."""
    return "\n".join(
        f"• <b>warn</b> #{n}: {'syy &amp; perustelu ' * 6}<i>({n})</i>" for n in range(count)
    )


def test_long_html_list_splits_on_line_boundaries() -> None:
    """Each part fits, has balanced tags, ends at a line end, and together they are the text."""
    text = audit_lines(120)
    parts = split_text(text)
    assert len(parts) > 1
    assert all(units(part) <= MESSAGE_LIMIT and balanced(part) for part in parts)
    assert "\n".join(parts) == text


def test_one_overlong_line_inside_a_tag_is_cut_and_reopened() -> None:
    """A single line longer than the limit inside <b> is cut; each part closes and reopens <b>,
    and no entity is ever cut in half."""
    text = "<b>" + "a &amp; b " * 1500 + "</b>"
    parts = split_text(text)
    assert len(parts) > 1
    assert all(units(part) <= MESSAGE_LIMIT and balanced(part) for part in parts)
    assert all(part.startswith("<b>") and part.endswith("</b>") for part in parts)


def test_plain_text_counts_utf16_units() -> None:
    """Emoji count twice (UTF-16), so 3,000 of them do not fit in one message."""
    parts = split_text("😀" * 3000, html=False)
    assert [units(part) for part in parts] == [4096, 1904]


def test_truncation_marks_the_cut() -> None:
    """A truncated text fits, stays balanced and ends with the marker."""
    cut = truncate_text("<i>" + "x" * 5000 + "</i>", MESSAGE_LIMIT)
    assert units(cut) <= MESSAGE_LIMIT and balanced(cut) and cut.endswith("…")


async def test_every_outgoing_text_and_caption_is_made_to_fit() -> None:
    """sendMessage, editMessageText and captions over the limit leave truncated, HTML-safe."""
    sent: list[Any] = []

    async def make_request(bot: object, method: Any) -> str:
        sent.append(method)
        return "ok"

    middleware = ResilientRequests()
    theme = "<b>Teema</b>\n\n" + "pitkä &lt;teema&gt; " * 300
    document = BufferedInputFile(b"x", filename="x.txt")
    for method in (
        SendMessage(chat_id=1, text=theme, parse_mode="HTML"),
        EditMessageText(chat_id=1, message_id=2, text="y" * 5000),
        SendDocument(
            chat_id=1, document=document, caption="<b>" + "z" * 2000 + "</b>", parse_mode="HTML"
        ),
    ):
        assert await middleware(make_request, None, method) == "ok"  # type: ignore[arg-type]
    message, edit, doc = sent
    assert units(message.text) <= MESSAGE_LIMIT and balanced(message.text)
    assert units(edit.text) <= MESSAGE_LIMIT
    assert units(doc.caption) <= CAPTION_LIMIT and balanced(doc.caption)
    short = SendMessage(chat_id=1, text="<b>lyhyt</b>", parse_mode="HTML")
    await middleware(make_request, None, short)  # type: ignore[arg-type]
    assert sent[-1].text == "<b>lyhyt</b>"
