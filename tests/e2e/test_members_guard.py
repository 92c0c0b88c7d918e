"""The group filters end to end: privacy guard, blocklist, newcomers' links, flood."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.guard_checks import Violation
from bot.routers.guard import explanation
from config import Settings
from tests.e2e.members_support import World, rendered, running_world, sample_group, tr

PERSONAL = [
    ("identity_code", "Poikani hetu on 131052-308T, voiko sen kertoa?"),
    ("phone", "Soittakaa minulle 040 123 4567 illalla."),
    ("phone", "Numeroni on +358 50 765 4321."),
    ("email", "Kirjoita osoitteeseen liisa.virtanen@example.fi"),
    ("street_address", "Asumme osoitteessa Mannerheimintie 12 B 5."),
]
HARMLESS = [
    "Tapaaminen oli 12.10.2024 koululla.",
    "Kerho maksaa 25,50 € kuussa.",
    "Tilausnumero #123456789 ei vieläkään ole tullut.",
    "Lukuvuonna 2017–2018 kiusaaminen väheni.",
    "Kello 08-10 ja 14-16 sopivat meille.",
]


async def stored(world: World, message_id: int) -> bool:
    """Whether the message was stored as a contribution."""
    found = await world.rows(
        "SELECT 1 FROM contributions WHERE message_id = :message", message=message_id
    )
    return bool(found)


@pytest.mark.parametrize(("kind", "text"), PERSONAL)
async def test_personal_data_is_deleted_and_explained(
    database_url: str, kind: str, text: str
) -> None:
    """A message with personal data is deleted, not stored, audited, and its author told why."""
    async with running_world(database_url) as world:
        author = world.members[0]
        world.sim.start_bot(author)
        message_id = await world.say(author, text)
        assert message_id in world.sim.deleted_messages(world.chat)
        assert not await stored(world, message_id)
        assert await world.audit("filter-privacy") == [(None, author, "done", kind)]
        expected = rendered(
            explanation, "fi", Violation("privacy", kind), sample_group(), Settings(), "fi"
        )
        assert world.last_private(author)["text"] == expected
        assert text not in str(await world.rows("SELECT * FROM moderation_actions"))


@pytest.mark.parametrize("text", HARMLESS)
async def test_dates_prices_order_numbers_and_years_pass(database_url: str, text: str) -> None:
    """Dates, prices, order numbers, year ranges and times are not personal data."""
    async with running_world(database_url) as world:
        message_id = await world.say(world.members[0], text)
        assert world.sim.deleted_messages(world.chat) == []
        assert await stored(world, message_id)


async def test_author_who_never_started_the_bot_gets_a_group_note(database_url: str) -> None:
    """If the author cannot be told privately, a neutral note without names goes to the group."""
    async with running_world(database_url) as world:
        await world.say(world.members[0], "Soita 040 123 4567")
        assert world.group_texts()[-1] == tr(
            "A message was removed because it contained personal data. Please do not share "
            "identity codes, phone numbers, e-mail or home addresses here.",
            "fi",
        )


async def test_staff_are_not_filtered(database_url: str) -> None:
    """Project workers may share the project's phone number."""
    async with running_world(database_url) as world:
        message_id = await world.say(world.staff, "Projektin puhelin 040 123 4567.")
        assert world.sim.deleted_messages(world.chat) == []
        assert await stored(world, message_id)


async def test_edit_that_adds_personal_data_hides_the_message(database_url: str) -> None:
    """An edit adding a phone number deletes the message and marks its contribution hidden."""
    async with running_world(database_url) as world:
        author = world.members[0]
        message_id = await world.say(author, "Soittakaa minulle.")
        world.sim.user_edits(author, world.chat, message_id, "Soittakaa minulle 040 123 4567.")
        await world.bot.settle()
        assert message_id in world.sim.deleted_messages(world.chat)
        assert await world.rows("SELECT hidden, text FROM contributions") == [
            (1, "Soittakaa minulle.")
        ]


async def test_blocklist_matches_whole_words_and_inflections(database_url: str) -> None:
    """A blocklisted stem with * catches inflected forms but not other words."""
    rules = {"blocklist": ("tyhmä*", "idiot")}
    async with running_world(database_url, moderation=rules) as world:
        author = world.members[0]
        bad = await world.say(author, "Olipa TYHMÄÄ touhua.")
        fine = await world.say(author, "Tyhjä sali ja idiotismi-sana.")
        assert world.sim.deleted_messages(world.chat) == [bad]
        assert await stored(world, fine) and not await stored(world, bad)
        assert await world.audit("filter-blocklist") == [
            (None, author, "done", "blocklisted word")
        ]


async def test_newcomers_links_wait_a_day(database_url: str) -> None:
    """A member who joined through the bot cannot post links for 24 h; older members can."""
    async with running_world(database_url) as world:
        newcomer = world.person("Uusi")
        await world.join(newcomer)
        early = await world.say(newcomer, "Katsokaa www.esimerkki.fi")
        old = await world.say(world.members[0], "Katsokaa https://thl.fi/lape")
        assert world.sim.deleted_messages(world.chat) == [early]
        assert await stored(world, old)
        world.clock.advance(timedelta(hours=25))
        later = await world.say(newcomer, "Katsokaa www.esimerkki.fi")
        assert await stored(world, later)


async def test_flood_deletes_the_excess_and_pauses_the_author(database_url: str) -> None:
    """More than five messages in ten seconds: the sixth is deleted and the author paused."""
    async with running_world(database_url) as world:
        author = world.members[0]
        ids = [await world.say(author, f"Viesti {n}") for n in range(6)]
        assert world.sim.deleted_messages(world.chat) == [ids[5]]
        assert all([await stored(world, message_id) for message_id in ids[:5]])
        assert world.sim.member_status(world.chat, author) == "restricted"
        assert await world.audit("filter-flood") == [(None, author, "done", "")]


async def test_flood_rule_waits_for_open_windows_in_a_locked_group(database_url: str) -> None:
    """In a group locked between sessions, flood control acts only inside windows."""
    async with running_world(database_url, group={"lock_between_sessions": True}) as world:
        ids = [await world.say(world.members[0], f"Viesti {n}") for n in range(7)]
        assert world.sim.deleted_messages(world.chat) == []
        assert all([await stored(world, message_id) for message_id in ids])


async def test_a_failing_update_in_the_batch_does_not_make_spaced_messages_a_flood(
    database_url: str,
) -> None:
    """A batch redone one by one after a failing update counts each message once, by its own
    date: eight messages twenty seconds apart are all stored and nobody is muted."""
    async with running_world(database_url) as world:
        author = world.members[0]
        await world.say(world.members[1], "Hei kaikki")  # the admins are read and cached
        world.sim.fail_next(
            "sendMessage",
            400,
            "Bad Request: message to be replied not found",
            times=2,
            match={"chat_id": world.chat},
        )
        ids = []
        for n in range(8):
            ids.append(int(world.sim.user_sends(author, world.chat, f"Viesti {n}")["message_id"]))
            world.clock.advance(timedelta(seconds=20))
        world.sim.user_sends(world.staff, world.chat, "/stats")  # answered directly: it fails
        await world.bot.settle()
        assert await world.rows("SELECT status FROM inbox_updates WHERE status = 'failed'")
        assert world.sim.deleted_messages(world.chat) == []
        assert all([await stored(world, message_id) for message_id in ids])
        assert world.sim.member_status(world.chat, author) == "member"
        assert await world.audit("filter-flood") == []
