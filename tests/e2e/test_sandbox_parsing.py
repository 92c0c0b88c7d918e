"""Direct tests of the sandbox's parse modes, update queue and control whitelist."""

from __future__ import annotations

import pytest

from sandbox import BotApiSimulator
from sandbox.control import run_action
from sandbox.errors import ApiError
from sandbox.formatting import command_entities, format_text
from sandbox.updates import UpdateQueue


def test_html_entities_use_utf16_offsets() -> None:
    """HTML entity offsets count UTF-16 code units, so an emoji before a tag counts as two."""
    text, entities = format_text("😀 <b>x</b> <a href='https://a.fi'>l</a>", "HTML", None)
    assert text == "😀 x l"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 1},
        {"type": "text_link", "url": "https://a.fi", "offset": 5, "length": 1},
    ]


def test_html_pre_language_and_spoiler() -> None:
    """<pre><code class="language-x"> becomes one pre entity, and tg-spoiler a spoiler."""
    _, entities = format_text(
        '<pre><code class="language-python">x = 1</code></pre><tg-spoiler>s</tg-spoiler>',
        "HTML",
        None,
    )
    assert [e["type"] for e in entities] == ["pre", "spoiler"]
    assert entities[0]["language"] == "python"


@pytest.mark.parametrize(
    ("source", "error"),
    [
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("<b>x", 'Can\'t find end tag corresponding to start tag "b"'),
        ("ä <foo>", 'Unsupported start tag "foo" at byte offset 3'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
    ],
)
def test_html_errors(source: str, error: str) -> None:
    """Broken HTML fails with Telegram's "can't parse entities" descriptions."""
    with pytest.raises(ApiError) as caught:
        format_text(source, "HTML", None)
    assert caught.value.description == f"Bad Request: can't parse entities: {error}"


@pytest.mark.parametrize("mode", ["MarkdownV2", "Markdown", "markdown"])
def test_only_html_is_a_parse_mode(mode: str) -> None:
    """Markdown, MarkdownV2 and unknown modes get Telegram's 400 for a bad parse_mode."""
    with pytest.raises(ApiError) as caught:
        format_text("*x*", mode, None)
    assert caught.value.error_code == 400
    assert caught.value.description == "Bad Request: unsupported parse_mode"


def test_trimming_and_unknown_parse_mode() -> None:
    """Surrounding whitespace is stripped with entities shifted; unknown modes are rejected."""
    assert format_text("\n  <i>x</i> \n", "HTML", None) == (
        "x",
        [{"type": "italic", "offset": 0, "length": 1}],
    )
    with pytest.raises(ApiError, match="unsupported parse_mode"):
        format_text("x", "BBCode", None)


def test_command_entities() -> None:
    """Only a leading /command (with an optional @bot) gets a bot_command entity."""
    assert command_entities("/start@neuvo_test_bot hi") == [
        {"type": "bot_command", "offset": 0, "length": 21}
    ]
    assert command_entities("hi /start") == []


def test_queue_negative_offset_and_redelivery_order() -> None:
    """A negative offset keeps the newest updates; a re-pushed old id is delivered first."""
    queue = UpdateQueue()
    ids = [queue.push({"message": {"n": n}}) for n in range(5)]
    queue.confirm(-2)
    assert [u["update_id"] for u in queue.take(None, 100)] == ids[3:]
    queue.confirm(ids[-1] + 1)
    queue.push({"update_id": ids[0], "message": {"n": 0}})
    newest = queue.push({"message": {"n": 9}})
    assert [u["update_id"] for u in queue.take(ids[-1] + 1, 100)] == [ids[0], newest]


async def test_control_whitelist() -> None:
    """Control actions are whitelisted, JSON-safe, and refuse predicates."""
    sim = BotApiSimulator()
    user = await run_action(sim, "add_user", {"first_name": "Aino"})
    assert user["id"] == 1000
    with pytest.raises(LookupError):
        await run_action(sim, "_init_state", {})
    with pytest.raises(TypeError, match="predicate"):
        await run_action(sim, "wait_for_call", {"method": "getMe", "predicate": "x"})
    assert await run_action(sim, "pending_updates", {}) == 0
