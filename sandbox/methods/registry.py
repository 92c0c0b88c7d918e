"""The Bot API method table: canonical names to handlers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from sandbox.core import SimulatorCore
from sandbox.params import Params

Handler = Callable[[SimulatorCore, Params], Awaitable[Any]]

HANDLERS: dict[str, tuple[str, Handler]] = {}


def api_method(name: str) -> Callable[[Handler], Handler]:
    """Register a handler under its Bot API name (looked up case-insensitively)."""

    def register(handler: Handler) -> Handler:
        HANDLERS[name.lower()] = (name, handler)
        return handler

    return register


def lookup(name: str) -> tuple[str, Handler] | None:
    """(canonical name, handler) for a method name in any letter case."""
    return HANDLERS.get(name.lower())
