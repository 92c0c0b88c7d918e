"""Builders for Telegram objects shaped as the Bot API documents them."""

from __future__ import annotations

import hashlib
from typing import Any

from sandbox.models import ChatState, JsonDict, Member

ADMIN_REQUIRED_RIGHTS = (
    "can_be_edited",
    "is_anonymous",
    "can_manage_chat",
    "can_delete_messages",
    "can_manage_video_chats",
    "can_restrict_members",
    "can_promote_members",
    "can_change_info",
    "can_invite_users",
    "can_post_stories",
    "can_edit_stories",
    "can_delete_stories",
    "can_send_welcome_messages",
)
ADMIN_GROUP_RIGHTS = ("can_pin_messages", "can_manage_topics")
ADMIN_OTHER_RIGHTS = (
    "can_post_messages",
    "can_edit_messages",
    "can_manage_direct_messages",
    "can_manage_tags",
)
ADMIN_RIGHTS = frozenset(ADMIN_REQUIRED_RIGHTS + ADMIN_GROUP_RIGHTS + ADMIN_OTHER_RIGHTS)

SEND_PERMISSIONS = (
    "can_send_messages",
    "can_send_audios",
    "can_send_documents",
    "can_send_photos",
    "can_send_videos",
    "can_send_video_notes",
    "can_send_voice_notes",
)
PERMISSION_FIELDS = (
    *SEND_PERMISSIONS,
    "can_send_polls",
    "can_send_other_messages",
    "can_add_web_page_previews",
    "can_react_to_messages",
    "can_edit_tag",
    "can_change_info",
    "can_invite_users",
    "can_pin_messages",
    "can_manage_topics",
)
_ADMIN_ONLY_PERMISSIONS = ("can_change_info", "can_pin_messages", "can_manage_topics")
TOPIC_COLORS = (7322096, 16766590, 13338331, 9367192, 16749490, 16478047)


def default_permissions() -> dict[str, bool]:
    """Permissions of a freshly created group: members may send anything."""
    return {name: name not in _ADMIN_ONLY_PERMISSIONS for name in PERMISSION_FIELDS}


def full_permissions(given: dict[str, Any]) -> dict[str, bool]:
    """A complete ChatPermissions dict; fields not given are False, as Telegram does."""
    unknown = set(given) - set(PERMISSION_FIELDS)
    if unknown:
        raise ValueError(f"unknown chat permissions: {sorted(unknown)}")
    return {name: bool(given.get(name, False)) for name in PERMISSION_FIELDS}


def check_admin_rights(rights: dict[str, Any]) -> dict[str, bool]:
    """Validate administrator right names (catches typos in scripts)."""
    unknown = set(rights) - ADMIN_RIGHTS
    if unknown:
        raise ValueError(f"unknown administrator rights: {sorted(unknown)}")
    return {name: bool(value) for name, value in rights.items()}


def bot_user(bot_id: int, can_read_all: bool) -> JsonDict:
    """The getMe answer."""
    return {
        "id": bot_id,
        "is_bot": True,
        "first_name": "Neuvo",
        "username": "neuvo_test_bot",
        "can_join_groups": True,
        "can_read_all_group_messages": can_read_all,
        "supports_inline_queries": False,
    }


def short_user(user: JsonDict) -> JsonDict:
    """A User object without the getMe-only fields."""
    keys = ("id", "is_bot", "first_name", "last_name", "username", "language_code")
    return {key: user[key] for key in keys if key in user}


def chat_dict(chat: ChatState) -> JsonDict:
    """The Chat object embedded in messages and updates."""
    return dict(chat.data)


def chat_full_info(chat: ChatState, pinned: JsonDict | None) -> JsonDict:
    """The getChat answer (ChatFullInfo)."""
    info: JsonDict = {
        **chat.data,
        "accent_color_id": 0,
        "max_reaction_count": 11,
        "accepted_gift_types": {
            "unlimited_gifts": False,
            "limited_gifts": False,
            "unique_gifts": False,
            "premium_subscription": False,
            "gifts_from_channels": False,
        },
    }
    if not chat.is_private:
        info["permissions"] = dict(chat.permissions)
    if pinned is not None:
        info["pinned_message"] = pinned
    return info


def admin_rights(chat: ChatState, member: Member) -> dict[str, bool]:
    """All administrator flags: required ones default False, can_manage_chat True."""
    rights = {name: False for name in ADMIN_REQUIRED_RIGHTS}
    rights["can_manage_chat"] = True
    if chat.type in ("group", "supergroup"):
        rights.update({name: False for name in ADMIN_GROUP_RIGHTS})
    rights.update(member.rights)
    return rights


def chat_member(chat: ChatState, user: JsonDict, member: Member) -> JsonDict:
    """A ChatMember* object for the member's status."""
    base: JsonDict = {"status": member.status, "user": short_user(user)}
    if member.status == "creator":
        base["is_anonymous"] = False
    elif member.status == "administrator":
        base.update(admin_rights(chat, member))
    elif member.status == "restricted":
        base["is_member"] = member.is_member
        base.update(full_permissions(member.rights))
        base["until_date"] = member.until_date
    elif member.status == "kicked":
        base["until_date"] = member.until_date
    if member.custom_title and member.status in ("creator", "administrator"):
        base["custom_title"] = member.custom_title
    return base


def file_ids(kind: str, seq: int) -> tuple[str, str]:
    """Plausible (file_id, file_unique_id) pair."""
    digest = hashlib.sha1(f"{kind}:{seq}".encode()).hexdigest()
    return f"{kind[:2].upper()}ACAgQAAxkBAAI{digest[:24]}", f"AgAD{digest[24:36]}"


def _file(kind: str, seq: int, **extra: Any) -> JsonDict:
    file_id, unique = file_ids(kind, seq)
    return {"file_id": file_id, "file_unique_id": unique, "file_size": 1024 + seq, **extra}


def _media_builders(seq: int) -> dict[str, Any]:
    return {
        "photo": lambda: [
            _file("photo", seq, width=90, height=90),
            _file("photo", seq + 1, width=1280, height=960),
        ],
        "voice": lambda: _file("voice", seq, duration=3, mime_type="audio/ogg"),
        "video": lambda: _file(
            "video", seq, width=640, height=360, duration=5, mime_type="video/mp4"
        ),
        "document": lambda: _file(
            "document", seq, file_name="document.pdf", mime_type="application/pdf"
        ),
        "sticker": lambda: _file(
            "sticker",
            seq,
            type="regular",
            width=512,
            height=512,
            is_animated=False,
            is_video=False,
            emoji="👍",
        ),
        "audio": lambda: _file(
            "audio", seq, duration=120, performer="Artist", title="Song", mime_type="audio/mpeg"
        ),
        "video_note": lambda: _file("video_note", seq, length=240, duration=5),
        "animation": lambda: _file(
            "animation",
            seq,
            width=320,
            height=240,
            duration=2,
            file_name="animation.mp4",
            mime_type="video/mp4",
        ),
        "poll": lambda: _poll(seq),
    }


MEDIA_KINDS = tuple(_media_builders(0))


def media_fields(kind: str, seq: int) -> JsonDict:
    """Message fields for a minimal media message of `kind` (one of MEDIA_KINDS)."""
    builders = _media_builders(seq)
    if kind not in builders:
        raise ValueError(f"unknown media kind {kind!r}; use one of {sorted(builders)}")
    fields: JsonDict = {kind: builders[kind]()}
    if kind == "animation":
        fields["document"] = dict(fields["animation"])
    return fields


def _poll(seq: int) -> JsonDict:
    options = [
        {"persistent_id": f"opt{seq}-{i}", "text": text, "voter_count": 0}
        for i, text in enumerate(("Yes", "No"))
    ]
    return {
        "id": str(5000000000000000000 + seq),
        "question": "Poll question?",
        "options": options,
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": True,
        "type": "regular",
        "allows_multiple_answers": False,
        "allows_revoting": True,
        "members_only": False,
    }
