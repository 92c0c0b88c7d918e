"""The Bot API method table: canonical names to handlers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any, NamedTuple

from sandbox.core import SimulatorCore
from sandbox.params import Params

Handler = Callable[[SimulatorCore, Params], Awaitable[Any]]


class Method(NamedTuple):
    """One Bot API method: its canonical name, its handler, and whether it is a send."""

    name: str
    handler: Handler
    #: It posts a new message into a chat: what Telegram's flood limits count (edits,
    #: pins, deletions, callback answers and reads do not).
    sends: bool


HANDLERS: dict[str, Method] = {}


def api_method(name: str, *, sends: bool = False) -> Callable[[Handler], Handler]:
    """Register a handler under its Bot API name (looked up case-insensitively)."""

    def register(handler: Handler) -> Handler:
        HANDLERS[name.lower()] = Method(name, handler, sends)
        return handler

    return register


def lookup(name: str) -> Method | None:
    """The method of a name in any letter case."""
    return HANDLERS.get(name.lower())
