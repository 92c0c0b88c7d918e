"""Capacity, the waiting list and offers of freed places, through the sandbox."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.e2e.members_support import HELSINKI, running_world, tr

FULL = "The group “{title}” is full at the moment. You are number {position} in line."
OFFER = "Good news! A place has opened in the group “{title}”."


async def test_full_group_waitlists_then_offers_the_freed_place(database_url: str) -> None:
    """A full group queues the applicant; when a member leaves, the place is offered to them."""
    async with running_world(database_url, members=3, group={"capacity": 3}) as world:
        applicant = world.person("Anni")
        world.sim.join_request(applicant, world.chat)
        await world.bot.settle()
        (note,) = world.private(applicant)
        assert note["text"].startswith(tr(FULL, "fi").format(title="Neuvonantajat", position=1))
        assert "1.1.2027" in note["text"]
        assert world.buttons(note) == ["https://t.me/neuvo_test_bot?start=wait-neuvo"]
        assert world.sim.pending_join_requests(world.chat) == []

        await world.private_command(applicant, "/start wait-neuvo")
        world.sim.member_update(world.chat, world.members[0], "member", "left")
        await world.bot.settle()
        offer = world.last_private(applicant)["text"]
        assert offer.startswith(tr(OFFER, "fi").format(title="Neuvonantajat"))

        late = world.person("Bertta")
        world.sim.join_request(late, world.chat)
        await world.bot.settle()
        assert world.last_private(late)["text"].startswith(
            tr(FULL, "fi").format(title="Neuvonantajat", position=2)
        ), "the offered place is held for the first in line"

        await world.join(applicant)
        assert world.sim.member_status(world.chat, applicant) == "member"
        assert await world.rows("SELECT user_id FROM waiting_list") == [(late,)]


async def test_waiting_shows_places_and_queue_to_staff(database_url: str) -> None:
    """/waiting lists the places and each person in line with their state."""
    async with running_world(database_url, members=2, group={"capacity": 2}) as world:
        first, second = await world.requests_to_join("Eka", "Toka")
        await world.say(world.staff, "/waiting")
        listing = world.group_texts()[-1]
        assert "2/2" in listing
        assert listing.count(tr("waiting", "fi")) >= 2
        assert f"tg://user?id={first}" not in listing  # links are entities, not text
        reply = world.sim.sent_messages(world.chat)[-1]
        links = [e["url"] for e in reply.get("entities", []) if e["type"] == "text_link"]
        assert links == [f"tg://user?id={first}", f"tg://user?id={second}"]


async def test_unreachable_people_are_skipped_until_the_refill_date(database_url: str) -> None:
    """Someone the bot cannot write to is skipped; at the next refill date they are tried again."""
    async with running_world(database_url, members=3, group={"capacity": 3}) as world:
        silent, eager = await world.requests_to_join("Hiljainen", "Innokas")
        await world.private_command(eager, "/start wait-neuvo")

        world.sim.member_update(world.chat, world.members[0], "member", "left")
        await world.bot.settle()
        assert world.last_private(eager)["text"].startswith(
            tr(OFFER, "fi").format(title="Neuvonantajat")
        )
        assert [a[1:3] for a in await world.audit("place-offer")] == [
            (silent, "unreachable"),
            (eager, "done"),
        ]

        world.sim.start_bot(silent)
        world.sim.member_update(world.chat, world.members[1], "member", "left")
        await world.bot.settle()
        assert len(await world.audit("place-offer")) == 2, "skipped until the next refill date"

        world.clock.set(datetime(2027, 1, 1, 0, 5, tzinfo=HELSINKI).astimezone(UTC))
        assert await world.jobs.refill(world.clock()) == 1
        assert world.last_private(silent)["text"].startswith(
            tr(OFFER, "fi").format(title="Neuvonantajat")
        )
