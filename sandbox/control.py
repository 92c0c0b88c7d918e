"""Control routes: the scripting API over HTTP for other processes."""

from __future__ import annotations

import base64
import inspect
from datetime import datetime
from typing import Any

from sandbox.models import Call
from sandbox.simulator import BotApiSimulator

ACTIONS = frozenset(
    {
        "now",
        "set_time",
        "advance",
        "add_user",
        "add_chat",
        "add_member",
        "set_admin",
        "set_creator",
        "set_bot_rights",
        "set_bot_status",
        "set_privacy_mode",
        "set_rate_limits",
        "block_bot",
        "start_bot",
        "chat_info",
        "user_sends",
        "user_edits",
        "user_reacts",
        "reaction_counts",
        "user_presses",
        "join_request",
        "member_update",
        "migrate_group",
        "push_update",
        "calls",
        "sent_messages",
        "message",
        "deleted_messages",
        "documents",
        "pinned",
        "permissions",
        "member_status",
        "member_until",
        "pending_join_requests",
        "callback_answer",
        "bot_commands",
        "webhook_url",
        "pending_updates",
        "too_many_requests",
        "rate_limit_hits",
        "confirmed_offset",
        "last_update_id",
        "wait_for_call",
        "wait_until_confirmed",
        "fail_next",
        "set_down",
        "reset",
    }
)


def jsonable(value: Any) -> Any:
    """Make scripting results JSON-safe (Call → dict, bytes → base64, datetime → Unix)."""
    if isinstance(value, Call):
        return value.to_dict()
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {key: jsonable(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [jsonable(item) for item in value]
    return value


async def run_action(sim: BotApiSimulator, action: str, kwargs: dict[str, Any]) -> Any:
    """Call a whitelisted scripting method with keyword arguments."""
    if action not in ACTIONS:
        raise LookupError(f"unknown sandbox action {action!r}")
    if "predicate" in kwargs:
        raise TypeError("predicate cannot cross processes; use match={...}")
    attr = getattr(sim, action)
    if not callable(attr):
        return jsonable(attr)
    result = attr(**kwargs)
    if inspect.isawaitable(result):
        result = await result
    return jsonable(result)
