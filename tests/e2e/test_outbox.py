"""Replies leave through the outbox: one chat's pace, 429 or a crash never stalls the rest."""

from __future__ import annotations

from datetime import timedelta

from bot.guard_checks import Violation
from bot.routers.guard import group_note
from tests.e2e.helpers import eventually, until
from tests.e2e.members_support import World, rendered, running_world


async def stored(world: World, message_id: int) -> bool:
    """Whether the group message was committed as a contribution."""
    found = await world.rows(
        "SELECT 1 FROM contributions WHERE message_id = :message", message=message_id
    )
    return bool(found)


def replies(world: World, user: int) -> int:
    """Messages the bot has delivered to `user` so far."""
    calls = world.sim.calls("sendMessage")
    return len([c for c in calls if c.ok and c.params.get("chat_id") == user])


async def test_a_stranger_spamming_start_does_not_delay_group_messages(
    database_url: str,
) -> None:
    """While a stranger's 30 /start replies wait for their chat's pace, a group message is
    committed before the fifth of them is sent."""
    async with running_world(database_url) as world:
        world.sim.set_rate_limits(chat_per_second=1)
        stranger = world.person("Outo")
        for _ in range(30):
            world.sim.user_sends(stranger, stranger, "/start")
        message = world.sim.user_sends(world.members[0], world.chat, "Hyvä keskustelu tänään")
        message_id = int(message["message_id"])
        await until(lambda: stored(world, message_id))
        assert replies(world, stranger) < 5
        await eventually(lambda: replies(world, stranger) >= 1)


async def test_a_429_on_one_chat_delays_only_that_chat(database_url: str) -> None:
    """A 429 with retry_after=120 on one private chat holds back only that chat's reply: a
    group message is stored and another chat's reply is sent meanwhile."""
    async with running_world(database_url) as world:
        slow, other = world.person("Hidas"), world.person("Toinen")
        match = {"chat_id": slow}
        world.sim.fail_next("sendMessage", error_code=429, retry_after=120, match=match)
        world.sim.user_sends(slow, slow, "/start")
        await eventually(lambda: any(not c.ok for c in world.sim.calls("sendMessage")))
        message = world.sim.user_sends(world.members[0], world.chat, "Tämä tallentuu heti")
        world.sim.user_sends(other, other, "/start")
        await until(lambda: stored(world, int(message["message_id"])))
        await eventually(lambda: replies(world, other) == 1)
        assert replies(world, slow) == 0


async def test_queued_replies_survive_a_crash(database_url: str) -> None:
    """A reply whose sending was cut by a crash is sent once after the restart."""
    async with running_world(database_url) as world:
        user = world.person("Kärsivällinen")
        world.sim.fail_next("sendMessage", error_code=500, times=100, match={"chat_id": user})
        world.sim.user_sends(user, user, "/start")
        await eventually(lambda: any(c.params.get("chat_id") == user for c in world.sim.calls()))
        await world.bot.crash()
        assert await world.rows("SELECT state FROM outbox WHERE chat_id = :u", u=user) == [
            ("claimed",)
        ]
        world.sim.faults.clear()
        world.clock.advance(timedelta(minutes=6))  # the dead instance's claim goes stale
        await world.bot.start()
        await eventually(lambda: replies(world, user) == 1)
        await world.bot.settle()
        assert replies(world, user) == 1


async def test_anonymous_group_note_is_deleted_after_a_minute(database_url: str) -> None:
    """When the author cannot be written to, the group gets one anonymous sentence, deleted
    after a minute of simulated time."""
    async with running_world(database_url) as world:
        author = world.members[0]  # has never started the bot: no private chat
        await world.say(author, "Soittakaa minulle 040 123 4567 illalla.")
        note = rendered(group_note, "fi", Violation("privacy", "phone"))
        sent = [m for m in world.sim.sent_messages(world.chat) if m.get("text") == note]
        assert len(sent) == 1
        note_id = int(sent[0]["message_id"])
        assert note_id not in world.sim.deleted_messages(world.chat)
        world.clock.advance(timedelta(seconds=59))
        await world.bot.settle()
        assert note_id not in world.sim.deleted_messages(world.chat)
        world.clock.advance(timedelta(seconds=2))
        await eventually(lambda: note_id in world.sim.deleted_messages(world.chat))
