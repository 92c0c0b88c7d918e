"""Scripting API, part 3: inspecting what the bot did, and waiting for it."""

from __future__ import annotations

import copy
from collections.abc import Callable

from sandbox.core import SimulatorCore
from sandbox.methods.meta import commands_key
from sandbox.models import Call, JsonDict, params_match


class InspectionMixin(SimulatorCore):
    """Read-only views of the simulator state plus async waits."""

    def calls(self, method: str | None = None) -> list[Call]:
        """Every Bot API call so far (failed ones too), optionally of one method."""
        if method is None:
            return list(self.call_log)
        return [call for call in self.call_log if call.method.lower() == method.lower()]

    def sent_messages(
        self, chat_id: int | None = None, *, include_deleted: bool = False
    ) -> list[JsonDict]:
        """The bot's messages in their current state (service messages excluded)."""
        chats = [self.chat(chat_id)] if chat_id is not None else list(self.chats.values())
        return [
            copy.deepcopy(message.data)
            for chat in chats
            for message in chat.messages.values()
            if message.from_bot
            and not message.service
            and (include_deleted or not message.deleted)
        ]

    def message(self, chat_id: int, message_id: int) -> JsonDict | None:
        """Any stored message (bot's or user's, deleted too) by id."""
        stored = self.chat(chat_id).messages.get(message_id)
        return None if stored is None else copy.deepcopy(stored.data)

    def deleted_messages(self, chat_id: int) -> list[int]:
        """Ids of messages the bot deleted in a chat."""
        return [mid for mid, msg in self.chat(chat_id).messages.items() if msg.deleted]

    def documents(self, chat_id: int | None = None) -> list[JsonDict]:
        """Files the bot sent: filename, bytes, mime_type, caption, file_id, ..."""
        return [d.to_dict() for d in self.uploads if chat_id is None or d.chat_id == chat_id]

    def pinned(self, chat_id: int) -> list[int]:
        """Pinned message ids, oldest pin first."""
        return list(self.chat(chat_id).pinned)

    def permissions(self, chat_id: int) -> dict[str, bool]:
        """The chat's default member permissions."""
        return dict(self.chat(chat_id).permissions)

    def member_status(self, chat_id: int, user_id: int) -> str:
        """creator, administrator, member, restricted, left or kicked."""
        chat = self.chat(chat_id)
        if self.token is not None and user_id == self.bot_id:
            return self.bot_member(chat).status
        return self.member(chat, user_id).status

    def member_until(self, chat_id: int, user_id: int) -> int:
        """until_date of a restriction or ban (0 = forever / none)."""
        return self.member(self.chat(chat_id), user_id).until_date

    def pending_join_requests(self, chat_id: int) -> list[int]:
        """User ids with unprocessed join requests."""
        return list(self.chat(chat_id).join_requests)

    def callback_answer(self, query_id: str) -> JsonDict | None:
        """How the bot answered a callback query (None = not yet)."""
        query = self.callback_queries.get(query_id)
        return None if query is None else copy.deepcopy(query["answer"])

    def bot_commands(
        self, scope: JsonDict | None = None, language_code: str | None = None
    ) -> list[JsonDict]:
        """Commands set with setMyCommands for a scope and language."""
        return copy.deepcopy(self.commands.get(commands_key(scope, language_code), []))

    def webhook_url(self) -> str | None:
        """The webhook URL, or None while the bot polls."""
        hook = self.updates.webhook
        return None if hook is None else hook.url

    def too_many_requests(self) -> int:
        """How many 429 answers the emulated rate limits gave (see set_rate_limits)."""
        return self.limiter.answered

    def rate_limit_hits(self) -> dict[str, int]:
        """429 answers per limit exceeded: bot, group, chat (one answer may exceed several)."""
        return dict(self.limiter.hits)

    def pending_updates(self) -> int:
        """Unconfirmed deliverable updates (delivered-but-unconfirmed and undelivered)."""
        return self.updates.pending()

    @property
    def last_update_id(self) -> int:
        """The update_id most recently assigned (0 before any update)."""
        return self.updates.next_id - 1

    @property
    def confirmed_offset(self) -> int:
        """Every update below this id has been confirmed (getUpdates offset or webhook 2xx)."""
        return self.updates.confirmed_offset

    async def wait_for_call(
        self,
        method: str,
        predicate: Callable[[Call], bool] | None = None,
        timeout: float = 5.0,
        *,
        match: JsonDict | None = None,
    ) -> Call:
        """The earliest matching call not yet returned by wait_for_call (waits for it)."""
        found: list[Call] = []

        def check() -> bool:
            for index, call in enumerate(self.call_log):
                if index in self._consumed_calls or call.method.lower() != method.lower():
                    continue
                if not params_match(call.params, match):
                    continue
                if predicate is None or predicate(call):
                    self._consumed_calls.add(index)
                    found.append(call)
                    return True
            return False

        if not await self.calls_changed.wait_until(check, timeout):
            seen = [c.method for c in self.call_log]
            raise TimeoutError(f"no {method} call within {timeout}s; calls so far: {seen}")
        return found[0]

    async def wait_until_confirmed(self, update_id: int, timeout: float = 5.0) -> None:
        """Wait until the bot confirmed `update_id` (offset past it or webhook 2xx)."""
        queue = self.updates
        if not await queue.changed.wait_until(lambda: queue.confirmed_offset > update_id, timeout):
            raise TimeoutError(
                f"update {update_id} not confirmed within {timeout}s "
                f"(confirmed offset {queue.confirmed_offset})"
            )
