"""getChat*, leaveChat and createForumTopic."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.core import SimulatorCore
from sandbox.errors import bad_request
from sandbox.methods.registry import api_method
from sandbox.models import ChatState, JsonDict, Member
from sandbox.objects import TOPIC_COLORS, chat_full_info, chat_member
from sandbox.params import Params

_IN_CHAT = ("creator", "administrator", "member")


@api_method("getChat")
async def get_chat(sim: SimulatorCore, p: Params) -> Any:
    """ChatFullInfo with permissions and the latest pinned message."""
    chat = sim.chat(p.chat_id())
    pinned = chat.messages[chat.pinned[-1]].data if chat.pinned else None
    return chat_full_info(chat, copy.deepcopy(pinned))


def member_of(sim: SimulatorCore, chat: ChatState, user_id: int) -> Member:
    """Effective membership of any user, the bot included."""
    if sim.token is not None and user_id == sim.bot_id:
        return sim.bot_member(chat)
    sim.user(user_id)
    if chat.is_private:
        return Member(status="member" if user_id == chat.id else "left")
    return sim.member(chat, user_id)


def render_member(sim: SimulatorCore, chat: ChatState, user_id: int) -> JsonDict:
    """The ChatMember object for a user id."""
    return chat_member(chat, sim.user_dict(user_id), member_of(sim, chat, user_id))


@api_method("getChatMember")
async def get_chat_member(sim: SimulatorCore, p: Params) -> Any:
    """A ChatMember* object for the user."""
    chat = sim.chat(p.chat_id())
    return render_member(sim, chat, p.req_int("user_id", "invalid user_id specified"))


@api_method("getChatAdministrators")
async def get_chat_administrators(sim: SimulatorCore, p: Params) -> Any:
    """The chat's creator and administrators (the bot included when it is one)."""
    chat = sim.chat(p.chat_id())
    if chat.is_private:
        raise bad_request("there are no administrators in the private chat")
    ids = [uid for uid in chat.members if sim.member(chat, uid).status in _IN_CHAT[:2]]
    result = [render_member(sim, chat, uid) for uid in ids]
    if sim.bot_is_admin(chat):
        result.append(render_member(sim, chat, sim.bot_id))
    return result


@api_method("getChatMemberCount")
async def get_chat_member_count(sim: SimulatorCore, p: Params) -> Any:
    """Number of members, the bot included."""
    chat = sim.chat(p.chat_id())
    if chat.is_private:
        return 2
    members = [sim.member(chat, uid) for uid in chat.members] + [sim.bot_member(chat)]
    return sum(
        1 for m in members if m.status in _IN_CHAT or (m.status == "restricted" and m.is_member)
    )


@api_method("leaveChat")
async def leave_chat(sim: SimulatorCore, p: Params) -> Any:
    """The bot leaves a group."""
    chat = sim.chat(p.chat_id())
    if chat.is_private:
        raise bad_request("chat member status can't be changed in private chats")
    chat.bot = Member(status="left", is_member=False)
    return True


@api_method("createForumTopic")
async def create_forum_topic(sim: SimulatorCore, p: Params) -> Any:
    """Create a topic in a forum supergroup; returns ForumTopic."""
    chat = sim.chat(p.chat_id())
    if not chat.data.get("is_forum"):
        raise bad_request("the chat is not a forum")
    if not sim.bot_has(chat, "can_manage_topics"):
        raise bad_request("not enough rights to create a topic")
    name = p.req_str("name", "TOPIC_TITLE_EMPTY")
    if len(name) > 128:
        raise bad_request("TOPIC_TITLE_INVALID")
    color = p.opt_int("icon_color") or TOPIC_COLORS[0]
    if color not in TOPIC_COLORS:
        raise bad_request("TOPIC_ICON_COLOR_INVALID")
    topic: JsonDict = {"name": name, "icon_color": color}
    if p.has("icon_custom_emoji_id"):
        topic["icon_custom_emoji_id"] = p.req_str("icon_custom_emoji_id")
    service = sim.add_message(chat, {"forum_topic_created": dict(topic)})
    service.service = True
    thread_id = service.message_id
    service.data.update({"message_thread_id": thread_id, "is_topic_message": True})
    chat.topics[thread_id] = {"message_thread_id": thread_id, **topic}
    return dict(chat.topics[thread_id])
