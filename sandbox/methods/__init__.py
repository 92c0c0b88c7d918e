"""Bot API method handlers; importing this package fills the method table."""

from sandbox.methods import chats, members, messages, meta, pins, polling, polls
from sandbox.methods.registry import HANDLERS, Handler, lookup

__all__ = [
    "HANDLERS",
    "Handler",
    "chats",
    "lookup",
    "members",
    "messages",
    "meta",
    "pins",
    "polling",
    "polls",
]
