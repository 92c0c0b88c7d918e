"""Inline buttons with garbage data: every press is answered, no update fails."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from aiogram import Router

from bot.filters import CallbackPrefix
from bot.routers import build_features
from tests.e2e.helpers import TOKEN
from tests.e2e.members_support import World, running_world

GARBAGE = (
    "",
    "²",
    "²:a",
    "١",
    "1:²",
    "1:a",
    "1:m:²",
    "1:g:²",
    ":",
    "::::",
    "-1",
    "9" * 30,
    "yes:no",
    "h:²",
    "h:1",
    "w:-1",
    "2026-13-45",
    "2026-12-08:²",
    "neuvo:²⁰²⁶-01",
    "neuvo:2026-12:exe",
    "neuvo:9999-99",
    "\x00",
)


def prefixes() -> list[str]:
    """Every callback prefix a handler is registered for."""

    def routers(router: Router) -> Iterator[Router]:
        yield router
        for child in router.sub_routers:
            yield from routers(child)

    return sorted(
        {
            f.callback.prefix
            for router in routers(build_features())
            for handler in router.callback_query.handlers
            for f in handler.filters or []
            if isinstance(f.callback, CallbackPrefix)
        }
    )


async def stale_buttons(world: World, chat_id: int, data: list[str]) -> dict[str, Any]:
    """A message of the bot in `chat_id` carrying a button for each callback data."""
    rows = [[{"text": str(n), "callback_data": d}] for n, d in enumerate(data)]
    answer = await world.sim.handle(
        TOKEN,
        "sendMessage",
        {"chat_id": chat_id, "text": "napit", "reply_markup": {"inline_keyboard": rows}},
    )
    assert answer.status == 200, answer.body
    result: dict[str, Any] = answer.body["result"]
    return result


async def test_every_button_press_with_garbage_is_answered(database_url: str) -> None:
    """Every registered prefix with malformed, non-ASCII-digit or unknown payloads is answered
    (a refusal or a plain acknowledgement), and no update fails."""
    found = prefixes()
    assert {"cj:", "cw:", "dg:", "dgf:", "fg:", "plan:", "rp:"} <= set(found)
    data = [p + g for p in found for g in GARBAGE if len((p + g).encode()) <= 64]
    data += ["zz:1", "²"]
    async with running_world(database_url) as world:
        member = world.members[0]
        world.sim.start_bot(member)
        world.sim.start_bot(world.staff)
        places = [(world.chat, world.staff), (world.chat, member), (member, member)]
        places.append((world.staff, world.staff))
        pressed = []
        for chat_id, user in places:
            for start in range(0, len(data), 50):
                message = await stale_buttons(world, chat_id, data[start : start + 50])
                for d in data[start : start + 50]:
                    pressed.append(world.sim.user_presses(user, message, d))
                await world.bot.settle()
        unanswered = [
            world.sim.callback_queries[q]["query"]["data"]
            for q in pressed
            if world.sim.callback_queries[q]["answer"] is None
        ]
        assert unanswered == []
        assert await world.rows("SELECT update_id FROM inbox_updates WHERE status <> 'done'") == []
