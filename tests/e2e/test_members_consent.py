"""Members who joined before the bot: the pinned consent call, the deep link, withdrawal, rules."""

from __future__ import annotations

from bot import consent_notice as notice_texts
from tests.e2e.members_support import World, default_rules, rendered, running_world, tr

LINK = "https://t.me/neuvo_test_bot?start=consent-neuvo"


async def _consent_by_link(world: World, member: int, answer: str = ":a") -> dict[str, object]:
    await world.private_command(member, "/start consent-neuvo")
    notice = world.last_private(member)
    await world.press(member, notice, answer)
    return notice


async def test_consent_call_is_pinned_once_with_the_deep_link(database_url: str) -> None:
    """The job posts one pinned message per group whose button opens the consent deep link."""
    async with running_world(database_url) as world:
        assert await world.jobs.post_consent_calls(world.clock()) == 1
        assert await world.jobs.post_consent_calls(world.clock()) == 0
        (call,) = world.sim.sent_messages(world.chat)
        assert world.sim.pinned(world.chat) == [call["message_id"]]
        assert world.buttons(call) == [LINK]
        assert call["text"] == rendered(notice_texts.consent_call_text, "fi")


async def test_existing_member_gives_consent_through_the_link(database_url: str) -> None:
    """/start consent-KEY runs the notice and questions, then records consent (no approval)."""
    async with running_world(database_url) as world:
        member = world.members[0]
        await world.say(member, "Hyvä että tämä ryhmä on olemassa.")
        assert await world.rows(
            "SELECT consent FROM members WHERE user_id = :user", user=member
        ) == [("unknown",)]
        notice = await _consent_by_link(world, member)
        assert notice["text"].startswith(
            tr(
                "Hello! You are a member of the group “{title}”. Please read how your messages "
                "are handled and tell us whether you agree.",
                "fi",
            ).format(title="Neuvonantajat")
        )
        await world.press(member, notice, ":m:2")
        assert await world.rows(
            "SELECT consent, municipality, entered_at FROM members WHERE user_id = :user",
            user=member,
        ) == [("given", "Hollola", None)]
        assert await world.rows("SELECT decision FROM consent_records") == [("given",)]
        assert world.calls_made("approveChatJoinRequest") == 0


async def test_existing_member_who_declines_is_counted_never_quoted(database_url: str) -> None:
    """Declining records "declined"; the member's messages are still counted."""
    async with running_world(database_url) as world:
        member = world.members[1]
        await _consent_by_link(world, member, ":d")
        await world.say(member, "Minä en halua tulla lainatuksi.")
        assert await world.rows(
            "SELECT consent FROM members WHERE user_id = :user", user=member
        ) == [("declined",)]
        assert await world.rows("SELECT count(*) FROM contributions") == [(1,)]


async def test_the_link_is_only_for_members(database_url: str) -> None:
    """Someone outside the group is told to ask to join first."""
    async with running_world(database_url) as world:
        outsider = world.person("Ulla")
        await world.private_command(outsider, "/start consent-neuvo")
        assert world.last_private(outsider)["text"] == tr(
            "You are not a member of the group “{title}”. Ask to join it first.", "fi"
        ).format(title="Neuvonantajat")


async def test_withdrawing_consent_erases_the_texts_of_that_group(database_url: str) -> None:
    """Opening the link after consenting offers withdrawal, which erases texts and identity."""
    async with running_world(database_url) as world:
        member = world.members[0]
        notice = await _consent_by_link(world, member)
        await world.press(member, notice, ":m:0")
        await world.say(member, "Tämä poistetaan.")
        await world.private_command(member, "/start consent-neuvo")
        offer = world.last_private(member)
        assert "7.12.2026" in offer["text"]
        await world.press(member, offer, "cw:1")
        assert await world.rows("SELECT text FROM contributions") == [(None,)]
        assert await world.rows("SELECT user_id, forgotten, consent FROM members") == [
            (None, 1, "withdrawn")
        ]


async def test_member_added_without_request_gets_rules_and_link(database_url: str) -> None:
    """A member added by an admin gets the rules and the consent link privately."""
    async with running_world(database_url) as world:
        newcomer = world.person("Uusi")
        world.sim.start_bot(newcomer)
        world.sim.member_update(world.chat, newcomer, "left", "member", by=world.staff)
        await world.bot.settle()
        text = world.last_private(newcomer)["text"]
        assert text.startswith(default_rules("fi")) and LINK in text
        assert await world.rows(
            "SELECT entered_at IS NOT NULL FROM members WHERE user_id = :user", user=newcomer
        ) == [(1,)]


async def test_rules_default(database_url: str) -> None:
    """/rules shows the built-in rules when the group has none of its own."""
    async with running_world(database_url) as world:
        await world.say(world.members[0], "/rules")
        assert world.group_texts()[-1] == default_rules("fi")


async def test_rules_per_group(database_url: str) -> None:
    """/rules shows the group's own text in its language."""
    own = {"rules": {"fi": "Olemme ystävällisiä.", "en": "We are kind."}}
    async with running_world(database_url, group=own) as world:
        await world.say(world.members[0], "/rules")
        assert world.group_texts()[-1] == "Olemme ystävällisiä."
