"""In-memory state records of the simulator."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, NamedTuple

JsonDict = dict[str, Any]

MEMBER_STATUSES = ("creator", "administrator", "member", "restricted", "left", "kicked")


@dataclass
class UserState:
    """A Telegram user known to the simulator."""

    data: JsonDict
    started: bool = False
    blocked: bool = False


@dataclass
class Member:
    """A chat membership: status plus admin rights or restrictions."""

    status: str = "member"
    rights: dict[str, bool] = field(default_factory=dict)
    until_date: int = 0
    is_member: bool = True
    custom_title: str | None = None


@dataclass
class StoredMessage:
    """A message in a chat, sent by the bot or by a scripted user."""

    data: JsonDict
    from_bot: bool
    deleted: bool = False
    pinned: bool = False
    service: bool = False
    votes: dict[int, list[int]] = field(default_factory=dict)  # a poll's voters' options

    @property
    def message_id(self) -> int:
        """The per-chat message id."""
        return int(self.data["message_id"])


class Placement(NamedTuple):
    """Where in a chat a new message goes: its forum topic and the message it replies to."""

    thread_id: int | None = None
    reply_to: StoredMessage | None = None


#: A message in the chat itself, replying to nothing.
TOP_LEVEL = Placement()


@dataclass
class JoinRequest:
    """A pending request to join a chat."""

    user_id: int
    date: int
    bio: str | None = None


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    data: bytes
    content_type: str

    def describe(self) -> JsonDict:
        """JSON-safe summary used in recorded calls."""
        return {"filename": self.filename, "size": len(self.data), "mime_type": self.content_type}


@dataclass
class Document:
    """A file the bot uploaded with sendDocument (`file` typed with the mime type it got)."""

    chat_id: int
    message_id: int
    file_id: str
    file_unique_id: str
    file: UploadedFile
    caption: str | None

    def to_dict(self) -> JsonDict:
        """Plain dict for inspection (the bytes under "bytes")."""
        return {
            "chat_id": self.chat_id,
            "message_id": self.message_id,
            "file_id": self.file_id,
            "file_unique_id": self.file_unique_id,
            "filename": self.file.filename,
            "bytes": self.file.data,
            "mime_type": self.file.content_type,
            "file_size": len(self.file.data),
            "caption": self.caption,
        }


@dataclass
class ChatState:
    """A group, supergroup, channel or private chat."""

    data: JsonDict
    permissions: dict[str, bool] = field(default_factory=dict)
    members: dict[int, Member] = field(default_factory=dict)
    bot: Member = field(default_factory=Member)
    messages: dict[int, StoredMessage] = field(default_factory=dict)
    next_message_id: int = 1
    pinned: list[int] = field(default_factory=list)
    topics: dict[int, JsonDict] = field(default_factory=dict)
    join_requests: dict[int, JoinRequest] = field(default_factory=dict)
    reactions: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    migrated_to: int | None = None  # the supergroup this group was upgraded to

    @property
    def id(self) -> int:
        """The chat id."""
        return int(self.data["id"])

    @property
    def type(self) -> str:
        """private, group, supergroup or channel."""
        return str(self.data["type"])

    @property
    def is_private(self) -> bool:
        """True for a one-to-one chat with a user."""
        return self.type == "private"


@dataclass
class Call:
    """One Bot API request the bot made, as the simulator answered it."""

    method: str
    params: JsonDict
    time: datetime
    ok: bool
    error_code: int | None = None
    description: str | None = None
    result: Any = None

    def to_dict(self) -> JsonDict:
        """JSON-safe form (used by the control routes)."""
        return {
            "method": self.method,
            "params": self.params,
            "time": self.time.timestamp(),
            "ok": self.ok,
            "error_code": self.error_code,
            "description": self.description,
            "result": self.result,
        }


@dataclass
class Fault:
    """An injected failure for the next `times` matching calls."""

    method: str
    error_code: int
    description: str | None
    retry_after: int | None
    times: int
    match: JsonDict | None

    def matches(self, method: str, params: JsonDict) -> bool:
        """True when this fault applies to the call."""
        if self.times <= 0 or self.method.lower() != method.lower():
            return False
        return params_match(params, self.match)


def params_match(params: JsonDict, match: JsonDict | None) -> bool:
    """True when every `match` item is in `params` (numbers may be given as strings)."""
    return all(
        params.get(key) == value or str(params.get(key)) == str(value)
        for key, value in (match or {}).items()
    )
