"""Simulator state and the lookups shared by Bot API handlers and scripting."""

from __future__ import annotations

import copy
import itertools
import re
from dataclasses import replace
from datetime import datetime
from typing import Any

from sandbox.clock import Clock
from sandbox.errors import CHAT_NOT_FOUND, bad_request
from sandbox.limits import RateLimiter, RateLimits
from sandbox.models import (
    TOP_LEVEL,
    Call,
    ChatState,
    Document,
    Fault,
    JsonDict,
    Member,
    Placement,
    StoredMessage,
    UserState,
)
from sandbox.notify import Notifier
from sandbox.objects import bot_user, chat_dict, short_user
from sandbox.updates import UpdateQueue

TOKEN_RE = re.compile(r"^(\d+):[A-Za-z0-9_-]{10,}$")
FIRST_USER_ID = 1000
SUPERGROUP_BASE = -1001000000000
GROUP_BASE = -4000000000


class SimulatorCore:
    """All in-memory state of one simulated bot, plus shared helpers."""

    def __init__(
        self, bot_token: str | None = None, *, rate_limits: RateLimits | None = None
    ) -> None:
        if bot_token is not None and not TOKEN_RE.match(bot_token):
            raise ValueError("bot_token must look like 123456:ABC-DEF1234ghIkl")
        self._configured_token = bot_token
        self.rate_limits = rate_limits or RateLimits()
        self.clock = Clock()
        self.calls_changed = Notifier()
        self._init_state()

    def _init_state(self) -> None:
        self.token: str | None = self._configured_token
        self.users: dict[int, UserState] = {}
        self.chats: dict[int, ChatState] = {}
        self.call_log: list[Call] = []
        self.faults: list[Fault] = []
        self.uploads: list[Document] = []
        self.commands: dict[str, list[JsonDict]] = {}
        self.callback_queries: dict[str, JsonDict] = {}
        self.updates = UpdateQueue()
        self.limiter = RateLimiter(self.rate_limits)
        self.down = False
        self.can_read_all = True
        self._seq = itertools.count(1)
        self._next_user_id = FIRST_USER_ID
        self._next_chat_no = 1
        self._consumed_calls: set[int] = set()

    # -- clock -------------------------------------------------------------

    def now(self) -> datetime:
        """Current simulated time (aware UTC)."""
        return self.clock.now()

    def timestamp(self) -> int:
        """Current simulated time as Unix seconds."""
        return self.clock.timestamp()

    def seq(self) -> int:
        """A process-unique increasing number for ids."""
        return next(self._seq)

    # -- the bot -----------------------------------------------------------

    def accept_token(self, token: str) -> bool:
        """Valid token check; the first valid token fixes the bot."""
        if not TOKEN_RE.match(token):
            return False
        if self.token is None:
            self.token = token
        return token == self.token

    @property
    def bot_id(self) -> int:
        """The bot's user id (number before the colon of its token)."""
        if self.token is None:
            raise RuntimeError("the bot's token is not known yet (no Bot API call so far)")
        return int(self.token.split(":", 1)[0])

    def bot_user(self) -> JsonDict:
        """The bot's User object as getMe returns it."""
        return bot_user(self.bot_id, self.can_read_all)

    def bot_sender(self) -> JsonDict:
        """The bot as a message sender."""
        return short_user(self.bot_user())

    # -- lookups -----------------------------------------------------------

    def chat(self, chat_id: int | str) -> ChatState:
        """The chat, or 400 chat not found."""
        if isinstance(chat_id, str):
            name = chat_id.removeprefix("@").lower()
            for chat in self.chats.values():
                if str(chat.data.get("username", "")).lower() == name:
                    return chat
            raise bad_request(CHAT_NOT_FOUND)
        found = self.chats.get(chat_id)
        if found is None:
            raise bad_request(CHAT_NOT_FOUND)
        return found

    def user(self, user_id: int) -> UserState:
        """The user, or 400 user not found."""
        state = self.users.get(user_id)
        if state is None:
            raise bad_request("user not found")
        return state

    def private_chat(self, user_id: int) -> ChatState:
        """The private chat with a user, created on first use."""
        chat = self.chats.get(user_id)
        if chat is None:
            user = self.user(user_id).data
            data: JsonDict = {"id": user_id, "type": "private"}
            for key in ("first_name", "last_name", "username"):
                if key in user:
                    data[key] = user[key]
            chat = ChatState(data=data)
            self.chats[user_id] = chat
        return chat

    def member(self, chat: ChatState, user_id: int) -> Member:
        """Effective membership (expired restrictions and bans are lifted)."""
        member = chat.members.get(user_id, Member(status="left", is_member=False))
        return self._expire(member)

    def bot_member(self, chat: ChatState) -> Member:
        """The bot's effective membership in a chat."""
        return self._expire(chat.bot)

    def _expire(self, member: Member) -> Member:
        if member.until_date <= 0 or member.until_date > self.timestamp():
            return member
        if member.status == "restricted":
            status = "member" if member.is_member else "left"
            return replace(member, status=status, rights={}, until_date=0)
        if member.status == "kicked":
            return replace(member, status="left", until_date=0)
        return member

    def bot_has(self, chat: ChatState, right: str) -> bool:
        """Whether the bot holds an administrator right in the chat."""
        member = self.bot_member(chat)
        if member.status == "creator":
            return True
        return member.status == "administrator" and member.rights.get(right, False)

    def bot_is_admin(self, chat: ChatState) -> bool:
        """Whether the bot is the chat's creator or an administrator."""
        return self.bot_member(chat).status in ("creator", "administrator")

    def user_dict(self, user_id: int) -> JsonDict:
        """The User object for a user id (the bot included)."""
        if self.token is not None and user_id == self.bot_id:
            return self.bot_sender()
        return short_user(self.user(user_id).data)

    # -- messages and updates ----------------------------------------------

    def add_message(
        self,
        chat: ChatState,
        fields: JsonDict,
        *,
        sender: JsonDict | None = None,
        date: int | None = None,
        place: Placement = TOP_LEVEL,
    ) -> StoredMessage:
        """Store a new message from `sender` (None: the bot) with the chat's next message id."""
        thread_id, reply_to = place
        message_id = chat.next_message_id
        chat.next_message_id += 1
        data: JsonDict = {
            "message_id": message_id,
            "from": self.bot_sender() if sender is None else sender,
            "chat": chat_dict(chat),
            "date": self.timestamp() if date is None else date,
        }
        if thread_id is not None:
            data["message_thread_id"] = thread_id
            if chat.data.get("is_forum"):
                data["is_topic_message"] = True
                if reply_to is None:
                    reply_to = chat.messages.get(thread_id)
        data.update(fields)
        if reply_to is not None:
            data["reply_to_message"] = without_reply(reply_to.data)
        stored = StoredMessage(data=data, from_bot=sender is None)
        chat.messages[message_id] = stored
        return stored

    def find_message(self, chat: ChatState, message_id: int) -> StoredMessage | None:
        """A live (not deleted) message."""
        stored = chat.messages.get(message_id)
        return None if stored is None or stored.deleted else stored

    def queue(self, kind: str, payload: JsonDict) -> int:
        """Queue an update of `kind`; returns its update_id."""
        return self.updates.push({kind: copy.deepcopy(payload)})

    def record(self, call: Call) -> None:
        """Log a Bot API call and wake wait_for_call()."""
        self.call_log.append(call)
        self.calls_changed.notify()


def without_reply(message: JsonDict) -> JsonDict:
    """A copy of a message without its own reply_to_message (as Telegram nests replies)."""
    data: dict[str, Any] = copy.deepcopy(message)
    data.pop("reply_to_message", None)
    return data
