"""The safeguarding path end to end: the message stays, help in private, staff alerted
without the text, the contribution marked sensitive, and staff clear the mark."""

from __future__ import annotations

import pytest

from bot.links import message_link
from tests.e2e.members_support import World, running_world

HELP_LINE = "116 111"


async def sensitive(world: World, message_id: int) -> list[bool]:
    """The stored contribution's sensitive mark (empty if not stored)."""
    rows = await world.rows(
        "SELECT sensitive FROM contributions WHERE message_id = :message", message=message_id
    )
    return [bool(row[0]) for row in rows]


def young_person(world: World, name: str, language: str) -> int:
    """A youth in the group who has started the bot (so it may write to them)."""
    person = world.person(name, language)
    world.sim.add_member(world.chat, person)
    world.sim.start_bot(person)
    return person


@pytest.mark.parametrize(
    ("language", "text"),
    [("fi", "mua lyödään kotona"), ("en", "My dad hits me when he is drunk")],
)
async def test_a_youth_asking_for_help_gets_help_and_staff_are_alerted(
    database_url: str, language: str, text: str
) -> None:
    """The message stays, the writer gets 116 111 privately, staff get a link and no text,
    the contribution is sensitive, and the audit log has the match without the text."""
    async with running_world(database_url, audience="youth") as world:
        young = young_person(world, "Nuori", language)
        world.sim.start_bot(world.staff)
        message_id = await world.say(young, text)

        assert world.sim.deleted_messages(world.chat) == []
        assert world.sim.member_status(world.chat, young) == "member"
        assert HELP_LINE in world.last_private(young)["text"]
        alert = world.last_private(world.staff)["text"]
        link = message_link(world.chat, message_id)
        assert link is not None and link in alert
        assert text not in alert
        assert await sensitive(world, message_id) == [True]
        assert [row[1:3] for row in await world.audit("safeguarding-match")] == [(young, "done")]
        assert [row[2] for row in await world.audit("safeguarding-alert")] == ["done"]
        assert text not in str(await world.rows("SELECT * FROM moderation_actions"))
        assert world.group_texts() == []


async def test_a_call_for_help_removed_for_personal_data_still_reaches_help(
    database_url: str,
) -> None:
    """A call for help that also holds a phone number is removed from the group by the privacy
    guard, yet the writer still gets the help contacts and staff the alert (without the text)."""
    async with running_world(database_url, audience="youth") as world:
        young = young_person(world, "Nuori", "fi")
        world.sim.start_bot(world.staff)
        text = "mua lyödään kotona, soita 040 123 4567"
        message_id = await world.say(young, text)

        assert message_id in world.sim.deleted_messages(world.chat)
        assert any(HELP_LINE in m["text"] for m in world.private(young))
        alert = world.last_private(world.staff)["text"]
        assert "040" not in alert and text not in alert
        assert [row[1:3] for row in await world.audit("safeguarding-match")] == [(young, "done")]


@pytest.mark.parametrize(
    "text",
    [
        "kiusaaminen lyö ilmat pihalle",
        'Yle: "Isä lyö minua" – uutinen kertoi kiusaamisesta https://yle.fi/a/1',
    ],
)
async def test_idioms_and_quoted_news_do_nothing(database_url: str, text: str) -> None:
    """An idiom or a quoted headline is neither marked nor alerted."""
    async with running_world(database_url, audience="youth") as world:
        young = young_person(world, "Nuori", "fi")
        world.sim.start_bot(world.staff)
        message_id = await world.say(young, text)
        assert await sensitive(world, message_id) == [False]
        assert world.private(young) == [] and world.private(world.staff) == []
        assert await world.audit("safeguarding-match") == []


async def test_unreachable_writer_gets_nothing_posted_in_the_group(database_url: str) -> None:
    """A writer the bot cannot write to privately is not named or helped in the group."""
    async with running_world(database_url) as world:
        author = world.members[0]  # never started the bot
        world.sim.start_bot(world.staff)
        message_id = await world.say(author, "mua lyödään kotona")
        assert world.group_texts() == []
        assert world.sim.deleted_messages(world.chat) == []
        assert await sensitive(world, message_id) == [True]
        assert [row[3] for row in await world.audit("safeguarding-alert")] == [
            "writer unreachable, staff 1"
        ]


async def test_a_private_message_to_the_bot_gets_help_and_alerts_staff(
    database_url: str,
) -> None:
    """A private message that matches gets the help contacts; staff get an alert."""
    async with running_world(database_url) as world:
        young = world.person("Nuori")
        world.sim.start_bot(world.staff)
        await world.private_command(young, "en uskalla mennä kotiin")
        assert HELP_LINE in world.last_private(young)["text"]
        alert = world.last_private(world.staff)["text"]
        assert "en uskalla mennä kotiin" not in alert
        assert [row[1] for row in await world.audit("safeguarding-match")] == [young]


async def test_staff_clear_the_mark_with_turvallinen(database_url: str) -> None:
    """/turvallinen as a reply by staff clears the mark; a member may not use it."""
    async with running_world(database_url) as world:
        author = world.members[0]
        message_id = await world.say(author, "mua lyödään kotona")
        await world.say(author, "/turvallinen", reply_to=message_id)
        assert await sensitive(world, message_id) == [True]
        await world.say(world.staff, "/turvallinen", reply_to=message_id)
        assert await sensitive(world, message_id) == [False]
        assert [row[0] for row in await world.audit("safeguarding-clear")] == [world.staff]
