"""The router tree: plain member messages skip the command routers, and no handler is lost."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from aiogram import Router
from aiogram.filters import Command
from aiogram.types import Chat, Message

from bot.access import IsStaff, refuse
from bot.filters import LooksLikeCommand, NotACommand
from bot.instructions import Instructions, ToTheBot
from bot.routers import build_features, build_routers


def descendants(router: Router) -> Iterator[Router]:
    """The router and every router included in it."""
    yield router
    for child in router.sub_routers:
        yield from descendants(child)


def test_every_message_handler_behind_the_command_gate_is_a_command() -> None:
    """The features router admits only command-like messages, so each of its message handlers
    must have a Command filter (else that handler would never see its messages)."""
    handlers = [
        (router.name, handler)
        for router in descendants(build_features())
        for handler in router.message.handlers
    ]
    assert handlers
    for name, handler in handlers:
        kinds = [f.callback for f in handler.filters or []]
        assert any(isinstance(kind, Command) for kind in kinds), (name, handler.callback)


def test_plain_messages_skip_the_features_and_commands_reach_the_log_after_them() -> None:
    """Plain messages go to the group traffic first (its gate lets no command-looking message
    in); command-looking ones go to the features, then to a second group traffic router (an
    unknown command is still guarded and logged). In each: a group's upgrade and staff replies
    (an answer to a question, a day's prompt) behind one gate, the filters, the contribution
    log, and the private safeguarding path last."""
    plain, features, commands = build_routers()
    assert [plain.name, features.name, commands.name] == [
        "group_traffic",
        "features",
        "group_commands",
    ]
    assert [type(f.callback) for f in plain.message._handler.filters or []] == [NotACommand]
    assert [type(f.callback) for f in features.message._handler.filters or []] == [
        LooksLikeCommand
    ]
    assert not commands.message._handler.filters
    for traffic in (plain, commands):
        handlers = traffic.message.handlers
        assert [h.callback.__module__ for h in handlers] == [
            "bot.instructions",
            "bot.routers.guard",
            "bot.routers.contributions",
            "bot.routers.safeguarding",
        ]
        instructions = handlers[0].callback.__self__
        assert isinstance(instructions, Instructions)
        assert [h.callback.__module__ for h in instructions] == [
            "bot.routers.migration",
            "bot.routers.questions",
            "bot.prompt_edits",
        ]
        assert [type(f.callback) for f in handlers[0].filters or []] == [ToTheBot]
    flood_counters = {
        id(f.callback.flood)
        for traffic in (plain, commands)
        for handler in traffic.message.handlers
        for f in handler.filters or []
        if hasattr(f.callback, "flood")
    }
    assert len(flood_counters) == 1, "both group traffic routers count floods together"


@pytest.mark.parametrize(
    ("text", "caption", "expected"),
    [
        ("/stats", None, True),
        ("  /plan 2026-12-08 eroasiat", None, True),
        ("/help@neuvo_bot", None, True),
        (None, "/report kuva", True),
        ("Kiusaaminen alkoi / loppui", None, False),
        ("moi /stats", None, False),
        (None, None, False),
    ],
)
async def test_command_gate(text: str | None, caption: str | None, expected: bool) -> None:
    """Text or caption that aiogram's Command filter could parse passes; anything else not."""
    message = Message.model_validate(
        {
            "message_id": 1,
            "date": 1796710200,
            "chat": Chat(id=-100, type="supergroup"),
            "text": text,
            "caption": caption,
        }
    )
    assert await LooksLikeCommand()(message) is expected


def test_every_staff_command_is_refused_after_its_handler() -> None:
    """Each message handler behind `IsStaff` is followed in its router by the audited refusal
    for the same commands, so a member is refused, never silently ignored."""
    checked = 0
    for router in descendants(build_features()):
        handlers = router.message.handlers
        for index, handler in enumerate(handlers):
            kinds = [f.callback for f in handler.filters or []]
            if not any(isinstance(kind, IsStaff) for kind in kinds):
                continue
            command = next(kind for kind in kinds if isinstance(kind, Command))
            refused = {
                name
                for later in handlers[index + 1 :]
                if later.callback is refuse
                for f in later.filters or []
                if isinstance(f.callback, Command)
                for name in f.callback.commands
            }
            assert set(command.commands) <= refused, (router.name, handler.callback)
            checked += 1
    assert checked >= 14  # the staff commands of today, at least
