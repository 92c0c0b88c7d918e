"""pinChatMessage, unpinChatMessage, unpinAllChatMessages."""

from __future__ import annotations

from typing import Any

from sandbox.core import SimulatorCore, without_reply
from sandbox.errors import bad_request
from sandbox.methods.registry import api_method
from sandbox.models import ChatState, Placement
from sandbox.params import Params

PIN_RIGHTS = "not enough rights to manage pinned messages in the chat"


def _pin_chat(sim: SimulatorCore, p: Params) -> ChatState:
    chat = sim.chat(p.chat_id())
    if chat.is_private or sim.bot_has(chat, "can_pin_messages"):
        return chat
    members_may_pin = chat.permissions.get("can_pin_messages", False)
    if members_may_pin and sim.bot_member(chat).status == "member":
        return chat
    raise bad_request(PIN_RIGHTS)


@api_method("pinChatMessage")
async def pin_chat_message(sim: SimulatorCore, p: Params) -> Any:
    """Pin a message; groups get a pinned_message service message."""
    chat = _pin_chat(sim, p)
    message = sim.find_message(
        chat, p.req_int("message_id", "message identifier is not specified")
    )
    if message is None:
        raise bad_request("message to pin not found")
    if message.message_id in chat.pinned:
        chat.pinned.remove(message.message_id)
    chat.pinned.append(message.message_id)
    message.pinned = True
    if not chat.is_private:
        service = sim.add_message(
            chat,
            {"pinned_message": without_reply(message.data)},
            place=Placement(message.data.get("message_thread_id")),
        )
        service.service = True
    return True


@api_method("unpinChatMessage")
async def unpin_chat_message(sim: SimulatorCore, p: Params) -> Any:
    """Unpin the given message, or the most recently pinned one."""
    chat = _pin_chat(sim, p)
    message_id = p.opt_int("message_id")
    if message_id is None:
        message_id = chat.pinned[-1] if chat.pinned else None
    elif sim.find_message(chat, message_id) is None:
        raise bad_request("message to unpin not found")
    if message_id is not None and message_id in chat.pinned:
        chat.pinned.remove(message_id)
        chat.messages[message_id].pinned = False
    return True


@api_method("unpinAllChatMessages")
async def unpin_all_chat_messages(sim: SimulatorCore, p: Params) -> Any:
    """Unpin every pinned message of the chat."""
    chat = _pin_chat(sim, p)
    for message_id in chat.pinned:
        chat.messages[message_id].pinned = False
    chat.pinned.clear()
    return True
