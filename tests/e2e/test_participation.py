"""Issue 15 parts 2–4 end to end: the "Pyydä apua" directory and help requests, quick polls
tied to the open window's theme, and a member's private voice between session days."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.e2e.members_support import World, running_world

THANKS = {"fi": "Kiitos viestistäsi!", "en": "Thank you for your message!"}
DIRECTORY_SERVICE = {"fi": "Kasvatus- ja perheneuvola", "sv": "Uppfostrings- och familjeråd"}


def member_speaking(world: World, language: str) -> int:
    """A group member in `language` who has started the bot."""
    person = world.person("Aino", language)
    world.sim.add_member(world.chat, person)
    world.sim.start_bot(person)
    return person


@pytest.mark.parametrize("language", ["fi", "sv"])
async def test_help_directory_request_and_handling(database_url: str, language: str) -> None:
    """/apua opens the directory privately in the member's language; the contact button
    alerts staff without any message text and records a request that staff mark handled."""
    async with running_world(database_url) as world:
        member = member_speaking(world, language)
        world.sim.start_bot(world.staff)
        await world.say(member, "Hei kaikki")
        await world.private_command(member, "/start")
        assert "hp:dir" in world.buttons(world.last_private(member))

        await world.private_command(member, "/apua" if language == "fi" else "/hjalp")
        directory = world.last_private(member)
        assert "116 111" in directory["text"] and "112" in directory["text"]
        assert DIRECTORY_SERVICE[language] in directory["text"]
        await world.press(member, directory, "hp:ask")

        alert = world.last_private(world.staff)["text"]
        assert "Aino" in alert and "Hei kaikki" not in alert
        assert await world.rows("SELECT user_id, status FROM help_requests") == [(member, "open")]
        await world.private_command(world.staff, "/apupyynnot")
        listing = world.last_private(world.staff)
        await world.press(world.staff, listing, "hp:done:1")
        assert await world.rows("SELECT status, handled_by FROM help_requests") == [
            ("handled", world.staff)
        ]
        assert await world.rows(
            "SELECT count(*) FROM contributions WHERE chat_id = :m", m=member
        ) == [(0,)]


async def test_help_in_the_group_links_to_a_private_chat(database_url: str) -> None:
    """/apua in the group answers with a link that opens the directory privately."""
    async with running_world(database_url) as world:
        await world.say(world.members[0], "/apua")
        reply = world.sim.sent_messages(world.chat)[-1]
        assert any(b.endswith("?start=apua") for b in world.buttons(reply))


@pytest.mark.parametrize(
    ("language", "flag", "anonymous", "closing"),
    [("fi", "", True, "/sulje_kysely"), ("en", " --ei-anonyymi", False, "/close")],
)
async def test_quick_poll_counts_and_closing(
    database_url: str, language: str, flag: str, anonymous: bool, closing: str
) -> None:
    """/kysely posts a poll tied to the open window's theme; votes arrive as counts (never
    voters); /sulje_kysely or the window's end closes it with the final counts."""
    async with running_world(database_url, group={"language": language}) as world:
        await world.say(world.staff, "/kysely Sopiiko ilta? | Kyllä | Ei")
        assert await world.rows("SELECT count(*) FROM polls") == [(0,)]

        await world.say(world.staff, "/open kiusaaminen")
        await world.bot.tick()
        links = [b for m in world.sim.sent_messages(world.chat) for b in world.buttons(m)]
        assert any(link.endswith("?start=apua") for link in links)
        await world.say(world.staff, f"/kysely Sopiiko ilta? | Kyllä | Ei{flag}")
        poll_message = world.sim.sent_messages(world.chat)[-1]
        assert poll_message["poll"]["is_anonymous"] is anonymous
        for voter, option in zip(world.members, (0, 0, 1), strict=True):
            world.sim.user_votes(voter, world.chat, int(poll_message["message_id"]), [option])
        await world.bot.settle()
        assert await world.rows("SELECT theme_key, counts, closed_at FROM polls") == [
            ("kiusaaminen", "[2, 1]", None)
        ]
        world.clock.set(world.clock() + timedelta(minutes=5))
        await world.say(world.staff, closing)
        await world.bot.tick()
        await world.bot.settle()
        assert world.current(poll_message)["poll"]["is_closed"] is True
        rows = await world.rows("SELECT counts, closed_at IS NOT NULL FROM polls")
        assert [(counts, bool(closed)) for counts, closed in rows] == [("[2, 1]", True)]


async def test_a_member_may_not_post_a_poll(database_url: str) -> None:
    """A member's /kysely is refused and audited."""
    async with running_world(database_url) as world:
        await world.say(world.staff, "/open kiusaaminen")
        await world.bot.tick()
        await world.say(world.members[0], "/kysely Mitä? | A | B")
        assert await world.rows("SELECT count(*) FROM polls") == [(0,)]
        assert [row[2] for row in await world.audit("kysely")] == ["refused"]


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_a_private_voice_between_session_days(database_url: str, language: str) -> None:
    """While the group is locked, a member's private message is kept as a private
    contribution and thanked; a matching message is also marked sensitive."""
    locked = {"lock_between_sessions": True}
    async with running_world(database_url, group=locked) as world:
        member = member_speaking(world, language)
        world.sim.start_bot(world.staff)
        await world.say(member, "Hei")
        await world.private_command(member, "Toivoisin iltaisin vertaisryhmää")
        assert world.last_private(member)["text"].startswith(THANKS[language])
        await world.private_command(member, "mua lyödään kotona")
        rows = await world.rows(
            "SELECT text, private, sensitive FROM contributions WHERE chat_id = :m ORDER BY id",
            m=member,
        )
        assert [(t, bool(p), bool(s)) for t, p, s in rows] == [
            ("Toivoisin iltaisin vertaisryhmää", True, False),
            ("mua lyödään kotona", True, True),
        ]
        assert "116 111" in str(world.private(member))
        await world.private_command(world.staff, "/stats")
        stats = world.last_private(world.staff)["text"]
        assert "Yksityisviestit keskustelupäivien välillä: 2" in stats  # staff speak Finnish


async def test_private_voice_can_be_turned_off_per_group(database_url: str) -> None:
    """With `private_voice = false` the group's members' private messages are not kept."""
    group = {"lock_between_sessions": True, "private_voice": False}
    async with running_world(database_url, group=group) as world:
        member = member_speaking(world, "fi")
        await world.say(member, "Hei")
        await world.private_command(member, "Toivoisin iltaisin vertaisryhmää")
        assert await world.rows("SELECT count(*) FROM contributions WHERE private") == [(0,)]
        assert world.private(member) == []
