"""SandboxClient: the scripting API of a simulator running in another process."""

from __future__ import annotations

import base64
import inspect
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime
from typing import Any, Concatenate, ParamSpec, Self, TypeVar, cast

import aiohttp

from sandbox.clock import to_unix
from sandbox.models import Call, JsonDict
from sandbox.simulator import BotApiSimulator as Sim

P = ParamSpec("P")
R = TypeVar("R")


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


def _keywords(
    method: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]
) -> JsonDict:
    """The arguments of a call to simulator `method` (without self), all by name."""
    signature = inspect.signature(method)
    bound = signature.bind(None, *args, **kwargs)
    named: JsonDict = {}
    for name, value in list(bound.arguments.items())[1:]:
        if signature.parameters[name].kind is inspect.Parameter.VAR_KEYWORD:
            named.update(value)
        else:
            named[name] = value
    return named


def _remote(
    method: Callable[Concatenate[Sim, P], R],
) -> Callable[Concatenate[SandboxClient, P], Coroutine[Any, Any, R]]:
    """A client method that runs the simulator's `method` (same signature; JSON-native result).

    A simulator method with `**kwargs` takes `self, /` so that its signature can be forwarded.
    """

    async def forward(client: SandboxClient, /, *args: P.args, **kwargs: P.kwargs) -> R:
        result = await client.post(method.__name__, _keywords(method, args, kwargs))
        return cast(R, result)

    forward.__name__ = method.__name__
    forward.__doc__ = f"See BotApiSimulator.{method.__name__}."
    return forward


class SandboxClient:
    """Talks to `POST {base_url}/_sandbox/{action}`; same methods as the simulator.

    Most methods take the simulator method's own arguments (see `_remote`); the rest decode
    what JSON cannot carry (times, calls, bytes) or wait longer than the HTTP timeout.
    """

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
        return await self.post(action, kwargs, wait)

    async def post(self, action: str, kwargs: JsonDict, wait: float = 0.0) -> Any:
        """POST one action with its keyword arguments; `wait` extends the HTTP timeout."""
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

    async def advance(self, seconds: float) -> datetime:
        """Move the frozen clock forward."""
        return datetime.fromtimestamp(float(await self.call("advance", seconds=seconds)), UTC)

    set_time = _remote(Sim.set_time)
    add_user = _remote(Sim.add_user)
    add_chat = _remote(Sim.add_chat)
    add_member = _remote(Sim.add_member)
    set_admin = _remote(Sim.set_admin)
    set_creator = _remote(Sim.set_creator)
    set_bot_rights = _remote(Sim.set_bot_rights)
    set_bot_status = _remote(Sim.set_bot_status)
    set_privacy_mode = _remote(Sim.set_privacy_mode)
    set_rate_limits = _remote(Sim.set_rate_limits)
    block_bot = _remote(Sim.block_bot)
    start_bot = _remote(Sim.start_bot)

    # -- user actions ----------------------------------------------------------

    user_sends = _remote(Sim.user_sends)
    user_edits = _remote(Sim.user_edits)
    user_reacts = _remote(Sim.user_reacts)
    reaction_counts = _remote(Sim.reaction_counts)
    user_presses = _remote(Sim.user_presses)
    join_request = _remote(Sim.join_request)
    member_update = _remote(Sim.member_update)
    migrate_group = _remote(Sim.migrate_group)
    push_update = _remote(Sim.push_update)

    # -- inspection ------------------------------------------------------------

    async def calls(self, method: str | None = None) -> list[Call]:
        """See BotApiSimulator.calls."""
        return [_call_from(item) for item in await self.call("calls", method=method)]

    async def documents(self, chat_id: int | None = None) -> list[JsonDict]:
        """See BotApiSimulator.documents (bytes decoded back from base64)."""
        docs = cast(list[JsonDict], await self.call("documents", chat_id=chat_id))
        for doc in docs:
            doc["bytes"] = base64.b64decode(doc["bytes"])
        return docs

    sent_messages = _remote(Sim.sent_messages)
    message = _remote(Sim.message)
    deleted_messages = _remote(Sim.deleted_messages)
    pinned = _remote(Sim.pinned)
    permissions = _remote(Sim.permissions)
    member_status = _remote(Sim.member_status)
    callback_answer = _remote(Sim.callback_answer)
    too_many_requests = _remote(Sim.too_many_requests)
    rate_limit_hits = _remote(Sim.rate_limit_hits)
    pending_updates = _remote(Sim.pending_updates)

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

    fail_next = _remote(Sim.fail_next)
    set_down = _remote(Sim.set_down)
    reset = _remote(Sim.reset)
