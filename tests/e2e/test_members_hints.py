"""Wrong-place hints: a known command sent where it does not work gets one line, not silence."""

from __future__ import annotations

from tests.e2e.members_support import running_world, tr

IN_PRIVATE = "Please send this command to me in a private chat."
IN_GROUP = "Please send this command in the advisory group."


async def test_private_only_command_in_the_group_points_to_private_chat(
    database_url: str,
) -> None:
    """/digest in the group gets the private-chat hint there, and no digest is sent."""
    async with running_world(database_url) as world:
        await world.say(world.staff, "/digest")
        assert world.group_texts()[-1] == tr(IN_PRIVATE, "fi")
        assert world.sim.documents() == []
        assert world.private(world.staff) == []


async def test_group_only_command_in_private_points_to_the_group(database_url: str) -> None:
    """/warn in a private chat gets the group hint, and nothing is warned or audited."""
    async with running_world(database_url) as world:
        member = world.members[0]
        await world.private_command(member, "/warn")
        assert world.last_private(member)["text"] == tr(IN_GROUP, "fi")
        assert await world.audit("warn") == []


async def test_unknown_commands_get_the_general_hint_other_bots_none(database_url: str) -> None:
    """An unknown command for this bot gets one general hint (issue 13: a command is answered
    or hinted, never logged); a command addressed to another bot is left alone."""
    async with running_world(database_url) as world:
        before = list(world.group_texts())
        await world.say(world.members[0], "/tuntematon")
        assert world.group_texts() == [
            *before,
            tr(
                "This command does not work here. Send /help to me in a private chat to see "
                "what I can do.",
                "fi",
            ),
        ]
        await world.say(world.members[0], "/mydata@toinen_bot")
        await world.private_command(world.members[1], "/plan@toinen_bot 2026-12-08 eroasiat")
        assert len(world.group_texts()) == len(before) + 1
        assert world.private(world.members[1]) == []
