"""Scripting API, part 2: what users do (each queues the update Telegram would send)."""

from __future__ import annotations

import copy
from typing import Any

from sandbox.clock import Moment, to_unix
from sandbox.core import SUPERGROUP_BASE
from sandbox.formatting import command_entities
from sandbox.models import ChatState, JoinRequest, JsonDict, Member, Placement, StoredMessage
from sandbox.objects import chat_dict, chat_member, media_fields
from sandbox.scripting import SetupMixin, membership

BOT_USERNAME = "neuvo_test_bot"
#: The sender Telegram shows for messages on behalf of a supergroup itself.
GROUP_ANONYMOUS_BOT = {
    "id": 1087968824,
    "is_bot": True,
    "first_name": "Group",
    "username": "GroupAnonymousBot",
}
MessageRef = JsonDict | tuple[int, int] | list[int]
#: When a user action happens (None: the simulator's current time).
When = Moment | None


class ActionsMixin(SetupMixin):
    """User-side actions; each returns what the bot will receive."""

    def _when(self, date: When) -> int:
        return self.timestamp() if date is None else to_unix(date)

    def _user_chat(self, user_id: int, chat_id: int) -> ChatState:
        if chat_id == user_id:
            return self.private_chat(user_id)
        chat = self.chats.get(chat_id)
        if chat is None:
            raise ValueError(f"no chat {chat_id}")
        if chat.migrated_to is not None:
            raise ValueError(f"chat {chat_id} was upgraded to supergroup {chat.migrated_to}")
        return chat

    def _ensure_can_send(self, chat: ChatState, user_id: int) -> None:
        member = self.member(chat, user_id)
        if member.status == "left":
            chat.members[user_id] = Member("member")
            member = chat.members[user_id]
        if member.status == "kicked":
            raise ValueError(f"user {user_id} is banned from chat {chat.id}")
        if member.status in ("creator", "administrator"):
            return
        allowed = member.rights if member.status == "restricted" else chat.permissions
        if not allowed.get("can_send_messages", True):
            raise ValueError(f"user {user_id} may not send messages in chat {chat.id}")

    def _stored(self, chat: ChatState, ref: int | JsonDict) -> StoredMessage:
        message_id = int(ref["message_id"]) if isinstance(ref, dict) else int(ref)
        stored = self.find_message(chat, message_id)
        if stored is None:
            raise ValueError(f"no message {message_id} in chat {chat.id}")
        return stored

    def _bot_sees(self, chat: ChatState, data: JsonDict) -> bool:
        """Telegram's delivery rules: membership and privacy mode."""
        if chat.is_private:
            return True
        if self.bot_member(chat).status in ("left", "kicked"):
            return False
        if self.can_read_all or self.bot_is_admin(chat):
            return True
        text = str(data.get("text") or data.get("caption") or "")
        if text.startswith("/"):
            command = text.split()[0]
            return "@" not in command or command.lower().endswith(f"@{BOT_USERNAME}")
        replied = data.get("reply_to_message") or {}
        if self.token is not None and replied.get("from", {}).get("id") == self.bot_id:
            return True
        return f"@{BOT_USERNAME}" in text.lower()

    def _content(
        self,
        text: str | None,
        media: str | None,
        caption: str | None,
        entities: list[JsonDict] | None,
    ) -> JsonDict:
        if media is not None:
            fields = media_fields(media, self.seq())
            if caption:
                fields["caption"] = caption
                found = (entities or []) + command_entities(caption)
                if found:
                    fields["caption_entities"] = found
            return fields
        if not text:
            raise ValueError("user_sends needs text or media")
        found = command_entities(text) + list(entities or [])
        return {"text": text, **({"entities": found} if found else {})}

    def user_sends(
        self,
        user_id: int,
        chat_id: int,
        text: str | None = None,
        *,
        date: When = None,
        reply_to: int | JsonDict | None = None,
        thread_id: int | None = None,
        media: str | None = None,
        caption: str | None = None,
        entities: list[JsonDict] | None = None,
        forward: bool = False,
    ) -> JsonDict:
        """The user sends a message (chat_id == user_id: private chat); queues `message`."""
        user = self.user(user_id)
        chat = self._user_chat(user_id, chat_id)
        if chat.is_private:
            user.started, user.blocked = True, False
        else:
            self._ensure_can_send(chat, user_id)
        replied = self._stored(chat, reply_to) if reply_to is not None else None
        if thread_id is None and replied is not None:
            thread_id = replied.data.get("message_thread_id")
        when = self._when(date)
        fields = self._content(text, media, caption, entities)
        if forward:
            origin = {"type": "user", "sender_user": self.user_dict(user_id), "date": when - 60}
            fields["forward_origin"] = origin
        message = self.add_message(
            chat,
            fields,
            sender=self.user_dict(user_id),
            date=when,
            place=Placement(thread_id, replied),
        )
        if self._bot_sees(chat, message.data):
            self.queue("message", message.data)
        return copy.deepcopy(message.data)

    def user_edits(
        self, user_id: int, chat_id: int, message_id: int, text: str, *, edit_date: When = None
    ) -> JsonDict:
        """The user edits their text message; queues `edited_message`."""
        chat = self._user_chat(user_id, chat_id)
        message = self._stored(chat, message_id)
        if message.from_bot or message.data.get("from", {}).get("id") != user_id:
            raise ValueError("users can only edit their own messages")
        message.data.pop("entities", None)
        message.data.update(self._content(text, None, None, None))
        message.data["edit_date"] = self._when(edit_date)
        if self._bot_sees(chat, message.data):
            self.queue("edited_message", message.data)
        return copy.deepcopy(message.data)

    def user_reacts(
        self, user_id: int, chat_id: int, message_id: int, emojis: list[str], *, date: When = None
    ) -> int:
        """The user sets their reactions on a message; queues `message_reaction`."""
        chat = self._user_chat(user_id, chat_id)
        self._stored(chat, message_id)
        key = (message_id, user_id)
        old = chat.reactions.get(key, [])
        chat.reactions[key] = list(emojis)
        return self.queue(
            "message_reaction",
            {
                "chat": dict(chat.data),
                "message_id": message_id,
                "user": self.user_dict(user_id),
                "date": self._when(date),
                "old_reaction": [{"type": "emoji", "emoji": e} for e in old],
                "new_reaction": [{"type": "emoji", "emoji": e} for e in emojis],
            },
        )

    def reaction_counts(
        self, chat_id: int, message_id: int, counts: dict[str, int], *, date: When = None
    ) -> int:
        """Anonymous reaction totals changed; queues `message_reaction_count`."""
        chat = self.chat(chat_id)
        reactions = [
            {"type": {"type": "emoji", "emoji": emoji}, "total_count": count}
            for emoji, count in counts.items()
            if count > 0
        ]
        return self.queue(
            "message_reaction_count",
            {
                "chat": dict(chat.data),
                "message_id": message_id,
                "date": self._when(date),
                "reactions": reactions,
            },
        )

    def user_presses(self, user_id: int, message: MessageRef, data: str) -> str:
        """The user presses an inline button; queues `callback_query`, returns its id."""
        if isinstance(message, dict):
            chat_id, message_id = int(message["chat"]["id"]), int(message["message_id"])
        else:
            chat_id, message_id = int(message[0]), int(message[1])
        chat = self.chat(chat_id)
        stored = self._stored(chat, message_id)
        buttons = stored.data.get("reply_markup", {}).get("inline_keyboard", [])
        if not any(b.get("callback_data") == data for row in buttons for b in row):
            raise ValueError(f"message {message_id} has no button with callback_data {data!r}")
        query_id = str(4382000000000000000 + self.seq())
        query: JsonDict = {
            "id": query_id,
            "from": self.user_dict(user_id),
            "message": copy.deepcopy(stored.data),
            "chat_instance": str(abs(chat_id) * 7 + 1234567890123),
            "data": data,
        }
        self.callback_queries[query_id] = {"query": query, "answer": None}
        self.queue("callback_query", query)
        return query_id

    def join_request(
        self, user_id: int, chat_id: int, *, date: When = None, bio: str | None = None
    ) -> JsonDict:
        """The user asks to join; queues `chat_join_request` (user_chat_id = user id)."""
        chat = self.chat(chat_id)
        when = self._when(date)
        chat.join_requests[user_id] = JoinRequest(user_id, when, bio)
        payload: JsonDict = {
            "chat": dict(chat.data),
            "from": self.user_dict(user_id),
            "user_chat_id": user_id,
            "date": when,
        }
        if bio:
            payload["bio"] = bio
        self.queue("chat_join_request", payload)
        return payload

    def member_update(
        self,
        /,
        chat_id: int,
        user_id: int,
        old_status: str,
        new_status: str,
        *,
        date: When = None,
        by: int | None = None,
        **rights: Any,
    ) -> JsonDict:
        """A membership change; queues `chat_member` (`my_chat_member` for the bot)."""
        chat = self._group_chat(chat_id)
        is_bot = self.token is not None and user_id == self.bot_id
        old = membership(old_status)
        new = membership(new_status, rights)
        if is_bot:
            chat.bot = new
        else:
            chat.members[user_id] = new
        user = self.user_dict(user_id)
        payload: JsonDict = {
            "chat": dict(chat.data),
            "from": self.user_dict(by if by is not None else user_id),
            "date": self._when(date),
            "old_chat_member": chat_member(chat, user, old),
            "new_chat_member": chat_member(chat, user, new),
        }
        self.queue("my_chat_member" if is_bot else "chat_member", payload)
        return payload

    def migrate_group(
        self,
        chat_id: int,
        *,
        by: int | None = None,
        date: When = None,
        new_chat_first: bool = False,
    ) -> int:
        """The basic group is upgraded (by `by`, else its creator or an admin) to a supergroup
        with a new -100… id, which is returned. As Telegram does, the old chat gets a service
        message with `migrate_to_chat_id` and the new chat its first message with
        `migrate_from_chat_id` (queued in that order; `new_chat_first` swaps them); calls to
        the old id then answer 400 with `migrate_to_chat_id`. Members, rights and message
        numbering carry over (so message ids never collide)."""
        old = self._group_chat(chat_id)
        if old.type != "group" or old.migrated_to is not None:
            raise ValueError(f"chat {chat_id} is not a basic group")
        new = self._supergroup_of(old)
        when = self._when(date)
        sent_to = self.add_message(
            old,
            {"migrate_to_chat_id": new.id},
            sender=self.user_dict(self._upgrader(old, by)),
            date=when,
        )
        new.next_message_id = old.next_message_id
        sent_from = self.add_message(
            new,
            {"sender_chat": chat_dict(new), "migrate_from_chat_id": old.id},
            sender=dict(GROUP_ANONYMOUS_BOT),
            date=when,
        )
        old.migrated_to = new.id
        if self.bot_member(new).status not in ("left", "kicked"):
            pair = [("message", sent_to.data), ("message", sent_from.data)]
            for kind, data in reversed(pair) if new_chat_first else pair:
                self.queue(kind, data)
        return new.id

    def _supergroup_of(self, old: ChatState) -> ChatState:
        new_id = SUPERGROUP_BASE - self._next_chat_no
        self._next_chat_no += 1
        new = ChatState(
            data={"id": new_id, "type": "supergroup", "title": old.data.get("title", "")},
            permissions=dict(old.permissions),
            members=dict(old.members),
            bot=copy.deepcopy(old.bot),
        )
        self.chats[new_id] = new
        return new

    def _upgrader(self, chat: ChatState, by: int | None) -> int:
        if by is not None:
            return by
        for status in ("creator", "administrator"):
            for user_id, member in chat.members.items():
                if member.status == status:
                    return user_id
        raise ValueError(f"chat {chat.id} has no creator or admin: say who upgrades it (by=)")

    def user_votes(
        self, user_id: int, chat_id: int, message_id: int, option_ids: list[int]
    ) -> JsonDict:
        """The user (re)votes in the bot's poll (`[]` retracts); queues `poll` and, for a
        non-anonymous poll, `poll_answer`. Returns the poll as it is now."""
        chat = self._user_chat(user_id, chat_id)
        stored = self._stored(chat, message_id)
        poll = stored.data.get("poll")
        if poll is None or poll["is_closed"]:
            raise ValueError(f"message {message_id} is not an open poll")
        count = len(poll["options"])
        if any(not 0 <= i < count for i in option_ids) or len(set(option_ids)) != len(option_ids):
            raise ValueError(f"option ids {option_ids} out of range 0..{count - 1}")
        if len(option_ids) > 1 and not poll["allows_multiple_answers"]:
            raise ValueError("this poll allows one answer")
        for index in stored.votes.pop(user_id, []):
            poll["options"][index]["voter_count"] -= 1
        if option_ids:
            stored.votes[user_id] = list(option_ids)
        for index in option_ids:
            poll["options"][index]["voter_count"] += 1
        poll["total_voter_count"] = len(stored.votes)
        self.queue("poll", poll)
        if not poll["is_anonymous"]:
            answer = {
                "poll_id": poll["id"],
                "user": self.user_dict(user_id),
                "option_ids": list(option_ids),
                "option_persistent_ids": [poll["options"][i]["persistent_id"] for i in option_ids],
            }
            self.queue("poll_answer", answer)
        return copy.deepcopy(poll)

    def push_update(self, raw: JsonDict) -> int:
        """Queue a raw update; a given update_id is kept (re-delivery), else assigned."""
        return self.updates.push(raw)
