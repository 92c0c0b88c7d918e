"""Chat permissions, restrictions, bans and join requests."""

from __future__ import annotations

from typing import Any

from sandbox.core import SimulatorCore
from sandbox.errors import bad_request
from sandbox.methods.common import check_rights
from sandbox.methods.registry import api_method
from sandbox.models import ChatState, Member
from sandbox.objects import PERMISSION_FIELDS, SEND_PERMISSIONS, chat_member
from sandbox.params import Params

RESTRICT_RIGHTS = "not enough rights to restrict/unrestrict chat member"
SUPERGROUP_ONLY = "method is available for supergroup and channel chats only"


def permissions_from(p: Params) -> dict[str, bool]:
    """Full ChatPermissions from the request, applying Telegram's implications."""
    given = p.obj("permissions")
    if not isinstance(given, dict):
        raise bad_request("permissions are not specified")
    perms = {name: bool(given.get(name, False)) for name in PERMISSION_FIELDS}
    if not p.flag("use_independent_chat_permissions"):
        if perms["can_send_other_messages"] or perms["can_add_web_page_previews"]:
            perms.update({name: True for name in SEND_PERMISSIONS})
        if perms["can_send_polls"]:
            perms["can_send_messages"] = True
    return perms


def _group(sim: SimulatorCore, p: Params, right: str, error: str) -> ChatState:
    chat = sim.chat(p.chat_id())
    if chat.is_private:
        raise bad_request(SUPERGROUP_ONLY)
    check_rights(sim, chat, right, error)
    return chat


def _target(sim: SimulatorCore, chat: ChatState, p: Params) -> tuple[int, Member]:
    """The user to restrict/ban; admins and the owner are refused like Telegram does."""
    user_id = p.req_int("user_id", "invalid user_id specified")
    if sim.token is not None and user_id == sim.bot_id:
        raise bad_request("can't restrict self")
    sim.user(user_id)
    member = sim.member(chat, user_id)
    if member.status == "creator":
        raise bad_request("can't remove chat owner")
    if member.status == "administrator":
        raise bad_request("user is an administrator of the chat")
    return user_id, member


def until(sim: SimulatorCore, value: int | None) -> int:
    """Telegram treats < 30 s or > 366 days from now as forever (0)."""
    if not value:
        return 0
    delta = value - sim.timestamp()
    return value if 30 <= delta <= 366 * 86400 else 0


@api_method("setChatPermissions")
async def set_chat_permissions(sim: SimulatorCore, p: Params) -> Any:
    """Set the chat's default member permissions."""
    chat = _group(sim, p, "can_restrict_members", "not enough rights to change chat permissions")
    chat.permissions = permissions_from(p)
    return True


@api_method("restrictChatMember")
async def restrict_chat_member(sim: SimulatorCore, p: Params) -> Any:
    """Restrict a member until until_date; all permissions True lifts the restriction."""
    chat = _group(sim, p, "can_restrict_members", RESTRICT_RIGHTS)
    user_id, member = _target(sim, chat, p)
    perms = permissions_from(p)
    is_member = member.status in ("member", "restricted") and member.is_member
    if all(perms.values()):
        chat.members[user_id] = Member(status="member" if is_member else "left")
    else:
        chat.members[user_id] = Member(
            status="restricted",
            rights=perms,
            until_date=until(sim, p.opt_int("until_date")),
            is_member=is_member,
        )
    return True


@api_method("banChatMember")
async def ban_chat_member(sim: SimulatorCore, p: Params) -> Any:
    """Ban a user (status "kicked") until until_date."""
    chat = _group(sim, p, "can_restrict_members", RESTRICT_RIGHTS)
    user_id, _ = _target(sim, chat, p)
    chat.members[user_id] = Member(
        status="kicked", until_date=until(sim, p.opt_int("until_date")), is_member=False
    )
    chat.join_requests.pop(user_id, None)
    return True


@api_method("unbanChatMember")
async def unban_chat_member(sim: SimulatorCore, p: Params) -> Any:
    """Unban (status "left"); without only_if_banned a current member is removed too."""
    chat = _group(sim, p, "can_restrict_members", RESTRICT_RIGHTS)
    user_id, member = _target(sim, chat, p)
    if member.status != "kicked" and p.flag("only_if_banned"):
        return True
    chat.members[user_id] = Member(status="left", is_member=False)
    return True


def _join_request_chat(sim: SimulatorCore, p: Params) -> tuple[ChatState, int]:
    chat = sim.chat(p.chat_id())
    check_rights(sim, chat, "can_invite_users", "not enough rights")
    user_id = p.req_int("user_id", "invalid user_id specified")
    if chat.join_requests.pop(user_id, None) is None:
        raise bad_request("HIDE_REQUESTER_MISSING")
    return chat, user_id


@api_method("approveChatJoinRequest")
async def approve_chat_join_request(sim: SimulatorCore, p: Params) -> Any:
    """Approve a pending request: the user becomes a member (chat_member update queued)."""
    chat, user_id = _join_request_chat(sim, p)
    old = sim.member(chat, user_id)
    new = Member(status="member")
    chat.members[user_id] = new
    user = sim.user_dict(user_id)
    sim.queue(
        "chat_member",
        {
            "chat": dict(chat.data),
            "from": sim.bot_sender(),
            "date": sim.timestamp(),
            "old_chat_member": chat_member(chat, user, old),
            "new_chat_member": chat_member(chat, user, new),
            "via_join_request": True,
        },
    )
    return True


@api_method("declineChatJoinRequest")
async def decline_chat_join_request(sim: SimulatorCore, p: Params) -> Any:
    """Decline a pending request."""
    _join_request_chat(sim, p)
    return True
