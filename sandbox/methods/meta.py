"""getMe, logOut/close, bot commands and callback query answers."""

from __future__ import annotations

import json
import re
from typing import Any

from sandbox.core import SimulatorCore
from sandbox.errors import bad_request
from sandbox.methods.registry import api_method
from sandbox.params import Params

_COMMAND_RE = re.compile(r"^[a-z0-9_]{1,32}$")
QUERY_INVALID = "query is too old and response timeout expired or query ID is invalid"


def commands_key(scope: Any, language_code: str | None) -> str:
    """Storage key of a (scope, language) command list."""
    scope_part = json.dumps(scope or {"type": "default"}, sort_keys=True)
    return f"{scope_part}|{language_code or ''}"


@api_method("getMe")
async def get_me(sim: SimulatorCore, p: Params) -> Any:
    """The bot user."""
    return sim.bot_user()


@api_method("logOut")
async def log_out(sim: SimulatorCore, p: Params) -> Any:
    """Always succeeds."""
    return True


@api_method("close")
async def close(sim: SimulatorCore, p: Params) -> Any:
    """Always succeeds."""
    return True


@api_method("setMyCommands")
async def set_my_commands(sim: SimulatorCore, p: Params) -> Any:
    """Store the command list for a scope and language."""
    commands = p.obj("commands")
    if not isinstance(commands, list):
        raise bad_request("commands is empty")
    if len(commands) > 100:
        raise bad_request("too many commands")
    cleaned = []
    for item in commands:
        if not isinstance(item, dict) or not _COMMAND_RE.match(str(item.get("command", ""))):
            raise bad_request("BOT_COMMAND_INVALID")
        cleaned.append({"command": item["command"], "description": item.get("description", "")})
    sim.commands[commands_key(p.obj("scope"), p.opt_str("language_code"))] = cleaned
    return True


@api_method("deleteMyCommands")
async def delete_my_commands(sim: SimulatorCore, p: Params) -> Any:
    """Forget the command list for a scope and language."""
    sim.commands.pop(commands_key(p.obj("scope"), p.opt_str("language_code")), None)
    return True


@api_method("getMyCommands")
async def get_my_commands(sim: SimulatorCore, p: Params) -> Any:
    """The command list for a scope and language."""
    return sim.commands.get(commands_key(p.obj("scope"), p.opt_str("language_code")), [])


@api_method("answerCallbackQuery")
async def answer_callback_query(sim: SimulatorCore, p: Params) -> Any:
    """Answer a callback query once."""
    query_id = p.req_str("callback_query_id", QUERY_INVALID)
    query = sim.callback_queries.get(query_id)
    if query is None or query.get("answer") is not None:
        raise bad_request(QUERY_INVALID)
    query["answer"] = {
        "text": p.opt_str("text"),
        "show_alert": p.flag("show_alert"),
        "url": p.opt_str("url"),
        "cache_time": p.opt_int("cache_time") or 0,
    }
    return True
