"""Reading Telegram Desktop chat exports (tests/data/telegram_export)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.history_import import bot_chat_id
from bot.telegram_export import ExportedMessage, ExportError, parse_export, read_export

DATA = Path(__file__).parents[1] / "data" / "telegram_export"


@pytest.fixture(scope="module")
def messages() -> dict[int, ExportedMessage]:
    """The members' messages of the sample group export, by message id."""
    return {message.message_id: message for message in read_export(DATA / "group.json").messages}


def test_service_messages_and_channel_posts_are_skipped(
    messages: dict[int, ExportedMessage],
) -> None:
    """Joins, pins and a post as a channel are not members' messages; they are counted."""
    chat = read_export(DATA / "group.json")
    assert {1, 2, 7, 10}.isdisjoint(messages)
    assert chat.skipped == 4 and len(chat.messages) == 11


def test_time_comes_from_unix_seconds_as_aware_utc(messages: dict[int, ExportedMessage]) -> None:
    """08:05 in Helsinki (EET) on 4 Nov is 06:05 UTC, whatever the machine's zone."""
    assert messages[3].sent_at == datetime(2026, 11, 4, 6, 5, tzinfo=UTC)


def test_text_as_a_list_of_parts_is_joined(messages: dict[int, ExportedMessage]) -> None:
    """Formatted parts (bold, link, mention) join into the plain text the member wrote."""
    assert messages[4].text == "Opettaja ei kuullut lasta. Katso https://example.fi"
    assert messages[11].text == "@liisa kiitos vinkistä!"


def test_author_is_the_user_id_of_from_id(messages: dict[int, ExportedMessage]) -> None:
    """`from_id` "user1003" is Telegram user 1003."""
    assert messages[4].user_id == 1003


def test_reply_and_edit_are_kept(messages: dict[int, ExportedMessage]) -> None:
    """A reply keeps the replied message id; an edited one its edit time; others have none."""
    assert messages[5].reply_to_message_id == 4
    assert messages[5].edited_at == datetime(2026, 11, 4, 6, 40, tzinfo=UTC)
    assert messages[3].reply_to_message_id is None and messages[3].edited_at is None


@pytest.mark.parametrize(
    ("message_id", "kind"), [(6, "photo"), (9, "sticker"), (13, "document"), (14, "voice")]
)
def test_media_without_text_counts_with_empty_text(
    messages: dict[int, ExportedMessage], message_id: int, kind: str
) -> None:
    """A photo, sticker, file or voice message is kept with its kind and an empty text."""
    assert (messages[message_id].media_kind, messages[message_id].text) == (kind, "")


def test_plain_text_has_no_media(messages: dict[int, ExportedMessage]) -> None:
    """A text message carries no media kind."""
    assert messages[3].media_kind is None


@pytest.mark.parametrize(
    ("name", "says"),
    [
        ("not_json.json", "not JSON"),
        ("full_account.json", "not a Telegram chat export"),
        ("channel.json", "public channel export, not a group's"),
        ("missing_date.json", "message #1: 'date_unixtime' missing"),
        ("absent.json", "cannot read"),
    ],
)
def test_bad_or_foreign_files_say_why_in_one_line(name: str, says: str) -> None:
    """Each unusable file raises ExportError with a single line naming the problem."""
    with pytest.raises(ExportError) as caught:
        read_export(DATA / name)
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_unknown_author_shape_is_refused() -> None:
    """A message whose `from_id` is neither a user nor a channel is not guessed at."""
    raw = {"type": "private_group", "id": 5, "messages": [{"type": "message", "from_id": 7}]}
    with pytest.raises(ExportError, match="from_id"):
        parse_export(raw)


@pytest.mark.parametrize(
    ("chat_type", "export_id", "chat_id"),
    [("private_supergroup", 1987654321, -1001987654321), ("private_group", 4321, -4321)],
)
def test_bot_chat_id_of_an_export(chat_type: str, export_id: int, chat_id: int) -> None:
    """A supergroup's bare export id becomes -100…; a basic group's is negated."""
    chat = parse_export({"type": chat_type, "id": export_id, "messages": []})
    assert bot_chat_id(chat) == chat_id
