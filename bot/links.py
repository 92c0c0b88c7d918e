"""Links to messages, for staff notes."""

from __future__ import annotations


def message_link(chat_id: int, message_id: int) -> str | None:
    """t.me link to a supergroup message (members of the group can open it)."""
    text = str(chat_id)
    return f"https://t.me/c/{text[4:]}/{message_id}" if text.startswith("-100") else None
