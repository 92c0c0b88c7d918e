"""SandboxClient: the scripting API of a simulator running in another process."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any, Self, cast

import aiohttp

from sandbox.clock import to_unix
from sandbox.models import Call, JsonDict

When = datetime | float | None


class SandboxControlError(Exception):
    """A control route answered ok=false."""

    def __init__(self, error_code: int, description: str) -> None:
        super().__init__(description)
        self.error_code = error_code
        self.description = description


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return to_unix(value)
    if isinstance(value, dict):
        return {key: _encode(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    return value


def _call_from(data: JsonDict) -> Call:
    return Call(
        method=data["method"],
        params=data["params"],
        time=datetime.fromtimestamp(data["time"], UTC),
        ok=data["ok"],
        error_code=data["error_code"],
        description=data["description"],
        result=data["result"],
    )


class SandboxClient:
    """Talks to `POST {base_url}/_sandbox/{action}`; same method names as the simulator."""

    def __init__(self, base_url: str, *, timeout: float = 30.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(self, *_exc_info: object) -> None:
        await self.close()

    async def close(self) -> None:
        """Close the HTTP session."""
        if self._session is not None:
            session, self._session = self._session, None
            await session.close()

    async def call(self, action: str, wait: float = 0.0, **kwargs: Any) -> Any:
        """Run any whitelisted scripting action; returns its JSON result."""
        if self._session is None:
            self._session = aiohttp.ClientSession()
        timeout = aiohttp.ClientTimeout(total=self.timeout + wait)
        url = f"{self.base_url}/_sandbox/{action}"
        async with self._session.post(url, json=_encode(kwargs), timeout=timeout) as resp:
            body = await resp.json()
        if not body.get("ok"):
            raise SandboxControlError(int(body.get("error_code", 0)), str(body.get("description")))
        return body["result"]

    # -- setup ---------------------------------------------------------------

    async def now(self) -> datetime:
        """The simulator's current time."""
        return datetime.fromtimestamp(float(await self.call("now")), UTC)

    async def set_time(self, when: datetime | float) -> None:
        """Freeze the simulator clock."""
        await self.call("set_time", when=when)

    async def advance(self, seconds: float) -> datetime:
        """Move the frozen clock forward."""
        return datetime.fromtimestamp(float(await self.call("advance", seconds=seconds)), UTC)

    async def add_user(
        self,
        first_name: str,
        *,
        language_code: str = "fi",
        username: str | None = None,
        last_name: str | None = None,
        user_id: int | None = None,
    ) -> JsonDict:
        """See BotApiSimulator.add_user."""
        return cast(
            JsonDict,
            await self.call(
                "add_user",
                first_name=first_name,
                language_code=language_code,
                username=username,
                last_name=last_name,
                user_id=user_id,
            ),
        )

    async def add_chat(
        self,
        title: str,
        *,
        type: str = "supergroup",
        is_forum: bool = False,
        chat_id: int | None = None,
        username: str | None = None,
    ) -> JsonDict:
        """See BotApiSimulator.add_chat."""
        return cast(
            JsonDict,
            await self.call(
                "add_chat",
                title=title,
                type=type,
                is_forum=is_forum,
                chat_id=chat_id,
                username=username,
            ),
        )

    async def add_member(self, chat_id: int, user_id: int, status: str = "member") -> JsonDict:
        """See BotApiSimulator.add_member."""
        return cast(
            JsonDict,
            await self.call("add_member", chat_id=chat_id, user_id=user_id, status=status),
        )

    async def set_admin(self, chat_id: int, user_id: int, **rights: bool) -> JsonDict:
        """See BotApiSimulator.set_admin."""
        return cast(
            JsonDict, await self.call("set_admin", chat_id=chat_id, user_id=user_id, **rights)
        )

    async def set_creator(self, chat_id: int, user_id: int) -> JsonDict:
        """See BotApiSimulator.set_creator."""
        return cast(JsonDict, await self.call("set_creator", chat_id=chat_id, user_id=user_id))

    async def set_bot_rights(self, chat_id: int, **rights: bool) -> None:
        """See BotApiSimulator.set_bot_rights."""
        await self.call("set_bot_rights", chat_id=chat_id, **rights)

    async def set_bot_status(self, chat_id: int, status: str = "member") -> None:
        """See BotApiSimulator.set_bot_status."""
        await self.call("set_bot_status", chat_id=chat_id, status=status)

    async def set_privacy_mode(self, enabled: bool) -> None:
        """See BotApiSimulator.set_privacy_mode."""
        await self.call("set_privacy_mode", enabled=enabled)

    async def set_rate_limits(
        self,
        *,
        bot_per_second: int | None = None,
        group_per_minute: int | None = None,
        chat_per_second: int | None = None,
    ) -> None:
        """See BotApiSimulator.set_rate_limits."""
        await self.call(
            "set_rate_limits",
            bot_per_second=bot_per_second,
            group_per_minute=group_per_minute,
            chat_per_second=chat_per_second,
        )

    async def block_bot(self, user_id: int, blocked: bool = True) -> None:
        """See BotApiSimulator.block_bot."""
        await self.call("block_bot", user_id=user_id, blocked=blocked)

    async def start_bot(self, user_id: int) -> None:
        """See BotApiSimulator.start_bot."""
        await self.call("start_bot", user_id=user_id)

    # -- user actions ----------------------------------------------------------

    async def user_sends(
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
        """See BotApiSimulator.user_sends."""
        return cast(
            JsonDict,
            await self.call(
                "user_sends",
                user_id=user_id,
                chat_id=chat_id,
                text=text,
                date=date,
                reply_to=reply_to,
                thread_id=thread_id,
                media=media,
                caption=caption,
                entities=entities,
                forward=forward,
            ),
        )

    async def user_edits(
        self, user_id: int, chat_id: int, message_id: int, text: str, *, edit_date: When = None
    ) -> JsonDict:
        """See BotApiSimulator.user_edits."""
        return cast(
            JsonDict,
            await self.call(
                "user_edits",
                user_id=user_id,
                chat_id=chat_id,
                message_id=message_id,
                text=text,
                edit_date=edit_date,
            ),
        )

    async def user_reacts(
        self, user_id: int, chat_id: int, message_id: int, emojis: list[str], *, date: When = None
    ) -> int:
        """See BotApiSimulator.user_reacts."""
        return int(
            await self.call(
                "user_reacts",
                user_id=user_id,
                chat_id=chat_id,
                message_id=message_id,
                emojis=emojis,
                date=date,
            )
        )

    async def reaction_counts(
        self, chat_id: int, message_id: int, counts: dict[str, int], *, date: When = None
    ) -> int:
        """See BotApiSimulator.reaction_counts."""
        return int(
            await self.call(
                "reaction_counts", chat_id=chat_id, message_id=message_id, counts=counts, date=date
            )
        )

    async def user_presses(
        self, user_id: int, message: JsonDict | tuple[int, int] | list[int], data: str
    ) -> str:
        """See BotApiSimulator.user_presses."""
        return str(await self.call("user_presses", user_id=user_id, message=message, data=data))

    async def join_request(
        self, user_id: int, chat_id: int, *, date: When = None, bio: str | None = None
    ) -> JsonDict:
        """See BotApiSimulator.join_request."""
        return cast(
            JsonDict,
            await self.call("join_request", user_id=user_id, chat_id=chat_id, date=date, bio=bio),
        )

    async def member_update(
        self,
        chat_id: int,
        user_id: int,
        old_status: str,
        new_status: str,
        *,
        date: When = None,
        by: int | None = None,
        **rights: Any,
    ) -> JsonDict:
        """See BotApiSimulator.member_update."""
        return cast(
            JsonDict,
            await self.call(
                "member_update",
                chat_id=chat_id,
                user_id=user_id,
                old_status=old_status,
                new_status=new_status,
                date=date,
                by=by,
                **rights,
            ),
        )

    async def migrate_group(
        self,
        chat_id: int,
        *,
        by: int | None = None,
        date: When = None,
        new_chat_first: bool = False,
    ) -> int:
        """See BotApiSimulator.migrate_group."""
        return int(
            await self.call(
                "migrate_group",
                chat_id=chat_id,
                by=by,
                date=date,
                new_chat_first=new_chat_first,
            )
        )

    async def push_update(self, raw: JsonDict) -> int:
        """See BotApiSimulator.push_update."""
        return int(await self.call("push_update", raw=raw))

    # -- inspection ------------------------------------------------------------

    async def calls(self, method: str | None = None) -> list[Call]:
        """See BotApiSimulator.calls."""
        return [_call_from(item) for item in await self.call("calls", method=method)]

    async def sent_messages(
        self, chat_id: int | None = None, *, include_deleted: bool = False
    ) -> list[JsonDict]:
        """See BotApiSimulator.sent_messages."""
        result = await self.call("sent_messages", chat_id=chat_id, include_deleted=include_deleted)
        return cast(list[JsonDict], result)

    async def message(self, chat_id: int, message_id: int) -> JsonDict | None:
        """See BotApiSimulator.message."""
        return cast(
            JsonDict | None, await self.call("message", chat_id=chat_id, message_id=message_id)
        )

    async def deleted_messages(self, chat_id: int) -> list[int]:
        """See BotApiSimulator.deleted_messages."""
        return cast(list[int], await self.call("deleted_messages", chat_id=chat_id))

    async def documents(self, chat_id: int | None = None) -> list[JsonDict]:
        """See BotApiSimulator.documents (bytes decoded back from base64)."""
        docs = cast(list[JsonDict], await self.call("documents", chat_id=chat_id))
        for doc in docs:
            doc["bytes"] = base64.b64decode(doc["bytes"])
        return docs

    async def pinned(self, chat_id: int) -> list[int]:
        """See BotApiSimulator.pinned."""
        return cast(list[int], await self.call("pinned", chat_id=chat_id))

    async def permissions(self, chat_id: int) -> dict[str, bool]:
        """See BotApiSimulator.permissions."""
        return cast(dict[str, bool], await self.call("permissions", chat_id=chat_id))

    async def member_status(self, chat_id: int, user_id: int) -> str:
        """See BotApiSimulator.member_status."""
        return str(await self.call("member_status", chat_id=chat_id, user_id=user_id))

    async def callback_answer(self, query_id: str) -> JsonDict | None:
        """See BotApiSimulator.callback_answer."""
        return cast(JsonDict | None, await self.call("callback_answer", query_id=query_id))

    async def too_many_requests(self) -> int:
        """See BotApiSimulator.too_many_requests."""
        return int(await self.call("too_many_requests"))

    async def rate_limit_hits(self) -> dict[str, int]:
        """See BotApiSimulator.rate_limit_hits."""
        return {str(k): int(v) for k, v in (await self.call("rate_limit_hits")).items()}

    async def pending_updates(self) -> int:
        """See BotApiSimulator.pending_updates."""
        return int(await self.call("pending_updates"))

    async def confirmed_offset(self) -> int:
        """See BotApiSimulator.confirmed_offset (a method here, a property there)."""
        return int(await self.call("confirmed_offset"))

    async def last_update_id(self) -> int:
        """See BotApiSimulator.last_update_id (a method here, a property there)."""
        return int(await self.call("last_update_id"))

    async def wait_for_call(
        self, method: str, timeout: float = 5.0, *, match: JsonDict | None = None
    ) -> Call:
        """See BotApiSimulator.wait_for_call (predicates do not cross processes; use match)."""
        data = await self.call(
            "wait_for_call", wait=timeout, method=method, timeout=timeout, match=match
        )
        return _call_from(data)

    async def wait_until_confirmed(self, update_id: int, timeout: float = 5.0) -> None:
        """See BotApiSimulator.wait_until_confirmed."""
        await self.call("wait_until_confirmed", wait=timeout, update_id=update_id, timeout=timeout)

    # -- failures and reset ----------------------------------------------------

    async def fail_next(
        self,
        method: str,
        error_code: int = 500,
        description: str | None = None,
        retry_after: int | None = None,
        times: int = 1,
        match: JsonDict | None = None,
    ) -> None:
        """See BotApiSimulator.fail_next."""
        await self.call(
            "fail_next",
            method=method,
            error_code=error_code,
            description=description,
            retry_after=retry_after,
            times=times,
            match=match,
        )

    async def set_down(self, down: bool = True) -> None:
        """See BotApiSimulator.set_down."""
        await self.call("set_down", down=down)

    async def reset(self) -> None:
        """See BotApiSimulator.reset."""
        await self.call("reset")
