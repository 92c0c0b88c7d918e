"""Scripting API, part 1: clock, users, chats, memberships and bot settings."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sandbox.clock import Moment
from sandbox.core import GROUP_BASE, SUPERGROUP_BASE, SimulatorCore
from sandbox.limits import RateLimiter, RateLimits
from sandbox.models import MEMBER_STATUSES, ChatState, JsonDict, Member, UserState
from sandbox.objects import (
    chat_member,
    check_admin_rights,
    default_permissions,
    full_permissions,
)

CHAT_TYPES = ("group", "supergroup", "channel")


class SetupMixin(SimulatorCore):
    """Methods that arrange the world before or between bot actions."""

    def set_clock(self, source: Callable[[], datetime] | None) -> None:
        """Read simulated time from `source()` (aware datetimes); None = real time."""
        self.clock.set_clock(source)

    def set_time(self, when: Moment) -> None:
        """Freeze the clock at `when` (aware datetime or Unix seconds)."""
        self.clock.set_time(when)

    def advance(self, seconds: float) -> datetime:
        """Freeze the clock `seconds` later than now; returns the new time."""
        return self.clock.advance(seconds)

    def add_user(
        self,
        first_name: str,
        *,
        language_code: str = "fi",
        username: str | None = None,
        last_name: str | None = None,
        user_id: int | None = None,
    ) -> JsonDict:
        """Create a user (ids from 1000 up unless given); returns the User object."""
        if user_id is None:
            while self._next_user_id in self.users:
                self._next_user_id += 1
            user_id = self._next_user_id
        if user_id in self.users:
            raise ValueError(f"user {user_id} already exists")
        data = _with_set_fields(
            {"id": user_id, "is_bot": False, "first_name": first_name},
            last_name=last_name,
            username=username,
            language_code=language_code,
        )
        self.users[user_id] = UserState(data=data)
        return dict(data)

    def add_chat(
        self,
        title: str,
        *,
        type: str = "supergroup",
        is_forum: bool = False,
        chat_id: int | None = None,
        username: str | None = None,
    ) -> JsonDict:
        """Create a group chat the bot is a plain member of; returns the Chat object."""
        if type not in CHAT_TYPES:
            raise ValueError(f"chat type must be one of {CHAT_TYPES}")
        if is_forum and type != "supergroup":
            raise ValueError("only supergroups can be forums")
        if chat_id is None:
            base = GROUP_BASE if type == "group" else SUPERGROUP_BASE
            chat_id = base - self._next_chat_no
            self._next_chat_no += 1
        if chat_id >= 0 or chat_id in self.chats:
            raise ValueError(f"chat id {chat_id} must be negative and unused")
        data = _with_set_fields(
            {"id": chat_id, "type": type, "title": title}, username=username, is_forum=is_forum
        )
        self.chats[chat_id] = ChatState(data=data, permissions=default_permissions())
        return dict(data)

    def _group_chat(self, chat_id: int) -> ChatState:
        chat = self.chats.get(chat_id)
        if chat is None or chat.is_private:
            raise ValueError(f"no group chat {chat_id}; create it with add_chat()")
        return chat

    def _set_member(self, chat_id: int, user_id: int, member: Member) -> JsonDict:
        chat = self._group_chat(chat_id)
        user = self.user(user_id).data
        chat.members[user_id] = member
        return chat_member(chat, user, member)

    def add_member(self, chat_id: int, user_id: int, status: str = "member") -> JsonDict:
        """Put a user in a chat with a status; returns the ChatMember object."""
        return self._set_member(chat_id, user_id, membership(_known_status(status)))

    def set_admin(self, /, chat_id: int, user_id: int, **rights: bool) -> JsonDict:
        """Make a user an administrator with ChatMemberAdministrator rights."""
        return self._set_member(chat_id, user_id, membership("administrator", rights))

    def set_creator(self, chat_id: int, user_id: int) -> JsonDict:
        """Make a user the chat's owner."""
        return self._set_member(chat_id, user_id, membership("creator"))

    def set_bot_rights(self, /, chat_id: int, **rights: bool) -> None:
        """Make the bot an administrator with exactly these rights (others False)."""
        self._group_chat(chat_id).bot = membership("administrator", rights)

    def set_bot_status(self, chat_id: int, status: str = "member") -> None:
        """Set the bot's own status: member, left, kicked, restricted or creator."""
        self._group_chat(chat_id).bot = membership(_known_status(status))

    def set_rate_limits(
        self,
        *,
        bot_per_second: int | None = None,
        group_per_minute: int | None = None,
        chat_per_second: int | None = None,
    ) -> None:
        """Emulate Telegram's flood limits (None = that limit off); counters start afresh."""
        self.rate_limits = RateLimits(bot_per_second, group_per_minute, chat_per_second)
        self.limiter = RateLimiter(self.rate_limits)

    def set_privacy_mode(self, enabled: bool) -> None:
        """Privacy mode on = can_read_all_group_messages false (only commands etc. arrive)."""
        self.can_read_all = not enabled

    def block_bot(self, user_id: int, blocked: bool = True) -> None:
        """The user blocks (or unblocks) the bot."""
        self.user(user_id).blocked = blocked

    def start_bot(self, user_id: int) -> None:
        """Mark the user as having started the bot, without sending /start."""
        state = self.user(user_id)
        state.started, state.blocked = True, False
        self.private_chat(user_id)

    def chat_info(self, chat_id: int) -> JsonDict:
        """The Chat object of a chat."""
        return dict(self.chat(chat_id).data)


def _with_set_fields(data: JsonDict, **optional: Any) -> JsonDict:
    """`data` plus the optional fields that are set (Telegram leaves out empty ones)."""
    data.update({name: value for name, value in optional.items() if value})
    return data


def _known_status(status: str) -> str:
    """`status` if it is a ChatMember status, else ValueError."""
    if status not in MEMBER_STATUSES:
        raise ValueError(f"status must be one of {MEMBER_STATUSES}")
    return status


def membership(status: str, rights: dict[str, Any] | None = None) -> Member:
    """A membership of `status`: admin rights checked, restrictions completed (others none)."""
    given = rights or {}
    if status == "administrator":
        checked = check_admin_rights(given)
    elif status == "restricted":
        checked = full_permissions(given)
    else:
        checked = {}
    return Member(status, checked, is_member=status not in ("left", "kicked"))
