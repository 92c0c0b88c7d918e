"""Helpers shared by the message-sending handlers."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.core import SimulatorCore
from sandbox.errors import CHAT_NOT_FOUND, bad_request, forbidden
from sandbox.models import ChatState, JsonDict, Placement, StoredMessage
from sandbox.params import Params

JOIN_REQUEST_WINDOW = 300
_BUTTON_ACTIONS = (
    "url",
    "callback_data",
    "web_app",
    "login_url",
    "switch_inline_query",
    "switch_inline_query_current_chat",
    "switch_inline_query_chosen_chat",
    "copy_text",
    "callback_game",
    "pay",
)


def send_target(sim: SimulatorCore, chat_id: int | str, right: str, what: str) -> ChatState:
    """The chat a message goes to, after Telegram's delivery and permission checks."""
    if isinstance(chat_id, int) and chat_id > 0:
        return _private_target(sim, chat_id)
    chat = sim.chat(chat_id)
    kind = "channel" if chat.type == "channel" else chat.type
    status = sim.bot_member(chat).status
    if status == "kicked":
        raise forbidden(f"bot was kicked from the {kind} chat")
    if status == "left":
        raise forbidden(f"bot is not a member of the {kind} chat")
    if not sim.bot_is_admin(chat):
        allowed = dict(chat.permissions)
        if status == "restricted":
            allowed = dict(sim.bot_member(chat).rights)
        if not allowed.get(right, True):
            raise bad_request(f"not enough rights to send {what} to the chat")
    return chat


def _private_target(sim: SimulatorCore, user_id: int) -> ChatState:
    user = sim.users.get(user_id)
    if user is None:
        raise bad_request(CHAT_NOT_FOUND)
    if user.blocked:
        raise forbidden("bot was blocked by the user")
    if not user.started and not _join_window_open(sim, user_id):
        raise forbidden("bot can't initiate conversation with a user")
    return sim.private_chat(user_id)


def _join_window_open(sim: SimulatorCore, user_id: int) -> bool:
    """A pending join request lets the bot write to the user for 5 minutes."""
    now = sim.timestamp()
    return any(
        request.user_id == user_id and now - request.date <= JOIN_REQUEST_WINDOW
        for chat in sim.chats.values()
        for request in chat.join_requests.values()
    )


def placement(sim: SimulatorCore, chat: ChatState, p: Params) -> Placement:
    """Topic and replied message from message_thread_id, reply_parameters / reply_to_message_id."""
    reply: Any = p.obj("reply_parameters") or {}
    reply_id = reply.get("message_id") if isinstance(reply, dict) else None
    if reply_id is None:
        reply_id = p.opt_int("reply_to_message_id")
    allow_missing = p.flag("allow_sending_without_reply") or bool(
        isinstance(reply, dict) and reply.get("allow_sending_without_reply")
    )
    reply_to = sim.find_message(chat, int(reply_id)) if reply_id else None
    if reply_id and reply_to is None and not allow_missing:
        raise bad_request("message to be replied not found")
    thread_id = p.opt_int("message_thread_id")
    if not chat.data.get("is_forum"):
        return Placement(None, reply_to)
    if thread_id is None and reply_to is not None:
        thread_id = reply_to.data.get("message_thread_id")
    if thread_id is not None and thread_id not in chat.topics:
        raise bad_request("message thread not found")
    return Placement(thread_id, reply_to)


def inline_markup(markup: Any) -> JsonDict | None:
    """The inline keyboard a message keeps (other keyboards are not part of Message)."""
    if not isinstance(markup, dict) or "inline_keyboard" not in markup:
        return None
    rows = markup["inline_keyboard"]
    if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
        raise bad_request("can't parse reply keyboard markup JSON object")
    for row in rows:
        for button in row:
            _check_button(button)
    kept = [list(row) for row in rows if row]
    return {"inline_keyboard": kept} if kept else None


def _check_button(button: Any) -> None:
    if not isinstance(button, dict) or not button.get("text"):
        raise bad_request("can't parse inline keyboard button: Text must be non-empty")
    if not any(key in button for key in _BUTTON_ACTIONS):
        raise bad_request(
            "can't parse inline keyboard button: Text buttons are unallowed in the inline keyboard"
        )
    data = button.get("callback_data")
    if data is not None and not 1 <= len(str(data).encode()) <= 64:
        raise bad_request("BUTTON_DATA_INVALID")
    url = button.get("url")
    if url is not None and not str(url).startswith(("http://", "https://", "tg://")):
        raise bad_request("BUTTON_URL_INVALID")


def snapshot(message: StoredMessage) -> JsonDict:
    """A deep copy of a message as returned to the bot."""
    return copy.deepcopy(message.data)


def check_rights(sim: SimulatorCore, chat: ChatState, right: str, error: str) -> None:
    """400 with `error` unless the bot holds `right` (private chats need none)."""
    if not chat.is_private and not sim.bot_has(chat, right):
        raise bad_request(error)


def send_as_bot(sim: SimulatorCore, chat: ChatState, p: Params, fields: JsonDict) -> StoredMessage:
    """Store the bot's new message of `fields`, placed, with its buttons and link preview."""
    place = placement(sim, chat, p)
    markup = inline_markup(p.obj("reply_markup"))
    if markup is not None:
        fields["reply_markup"] = markup
    preview = p.obj("link_preview_options")
    if isinstance(preview, dict) and "text" in fields:
        fields["link_preview_options"] = preview
    return sim.add_message(chat, fields, place=place)
