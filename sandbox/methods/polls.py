"""sendPoll and stopPoll: regular polls the bot posts; votes come from `user_votes`."""

from __future__ import annotations

from typing import Any

from sandbox.core import SimulatorCore
from sandbox.errors import bad_request
from sandbox.methods.common import send_as_bot, send_target, snapshot
from sandbox.methods.registry import api_method
from sandbox.models import JsonDict
from sandbox.params import Params

MAX_QUESTION = 300
MAX_OPTION = 100
OPTION_RANGE = (2, 12)


def _option_text(option: Any) -> str:
    text = option.get("text") if isinstance(option, dict) else option
    if not isinstance(text, str) or not 1 <= len(text) <= MAX_OPTION:
        raise bad_request("POLL_ANSWER_INVALID")
    return text


def _new_poll(sim: SimulatorCore, p: Params) -> JsonDict:
    question = p.req_str("question", "poll question must be non-empty")
    if len(question) > MAX_QUESTION:
        raise bad_request("POLL_QUESTION_INVALID")
    options = p.obj("options")
    if not isinstance(options, list) or not OPTION_RANGE[0] <= len(options) <= OPTION_RANGE[1]:
        raise bad_request("poll must have 2-12 options")
    if p.opt_str("type") not in (None, "regular"):
        raise bad_request("the sandbox answers only regular polls")
    number = sim.seq()
    return {
        "id": str(5100000000000000000 + number),
        "question": question,
        "options": [
            {"persistent_id": f"{number}-{index}", "text": _option_text(option), "voter_count": 0}
            for index, option in enumerate(options)
        ],
        "total_voter_count": 0,
        "is_closed": False,
        "is_anonymous": p.flag("is_anonymous", True),
        "type": "regular",
        "allows_multiple_answers": p.flag("allows_multiple_answers"),
        "allows_revoting": True,
        "members_only": False,
    }


@api_method("sendPoll", sends=True)
async def send_poll(sim: SimulatorCore, p: Params) -> Any:
    """Post a regular poll as the bot (anonymous unless is_anonymous is false)."""
    chat = send_target(sim, p.chat_id(), "can_send_polls", "polls")
    if chat.is_private and not p.flag("is_anonymous", True):
        raise bad_request("non-anonymous polls can't be sent to private chats")
    fields: JsonDict = {"poll": _new_poll(sim, p)}
    return snapshot(send_as_bot(sim, chat, p, fields))


@api_method("stopPoll")
async def stop_poll(sim: SimulatorCore, p: Params) -> Any:
    """Close the bot's poll; returns the final Poll and queues a `poll` update."""
    chat = sim.chat(p.chat_id())
    message = sim.find_message(
        chat, p.req_int("message_id", "message identifier is not specified")
    )
    if message is None or "poll" not in message.data:
        raise bad_request("message with poll to stop not found")
    if not message.from_bot:
        raise bad_request("message can't be edited")
    poll: JsonDict = message.data["poll"]
    if poll["is_closed"]:
        raise bad_request("poll has already been closed")
    poll["is_closed"] = True
    sim.queue("poll", poll)
    return dict(poll)
