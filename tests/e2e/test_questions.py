"""Questions answered back and the staff nudge, end to end through the sandbox."""

from __future__ import annotations

import pytest

from tests.e2e.members_support import World, at, running_world, tr

DAY = at(8, 0, days=1).date()  # the day after the world's start


async def plan_day(world: World) -> None:
    """Staff plan tomorrow as a session day on bullying."""
    await world.say(world.staff, f"/plan {DAY.isoformat()} kiusaaminen")


async def open_window(world: World, hour: int) -> None:
    """The clock reaches tomorrow's window at `hour` and the reconciler acts."""
    world.clock.set(at(hour, 0, days=1))
    await world.bot.tick()
    await world.bot.settle()


async def states(world: World) -> list[str]:
    """Every question's state, by number."""
    return [row[0] for row in await world.rows("SELECT state FROM questions ORDER BY id")]


def boards(world: World, language: str) -> list[str]:
    """The "answers to earlier questions" posts in the group."""
    heading = tr("Answers to earlier questions", language)
    return [text for text in world.group_texts() if heading in text]


@pytest.mark.parametrize(
    ("language", "ask", "answer"), [("fi", "kysy", "vastaa"), ("sv", "fraga", "svara")]
)
async def test_questions_are_answered_privately_and_posted_once_at_the_next_opening(
    database_url: str, language: str, ask: str, answer: str
) -> None:
    """A question asked in the group and one asked privately are answered by staff (command and
    button), reach their askers privately at once, and are posted once, anonymously, at the
    next window opening."""
    async with running_world(database_url, group={"language": language}) as world:
        first, second = world.members[0], world.members[1]
        for person in (first, second, world.staff):
            world.sim.start_bot(person)
        await world.say(second, "Hei kaikki")  # seen in the group: a member
        await plan_day(world)
        await world.say(first, f"/{ask} Milloin seuraava tapaaminen on?")
        await world.private_command(second, f"/{ask} Miten kiusaamiseen puututaan?")
        assert await states(world) == ["open", "open"]

        await world.say(first, f"/{answer} 1 Ei näin")
        assert await states(world) == ["open", "open"]

        await world.say(world.staff, f"/{answer} 1 Ensi kuussa.")
        await world.say(world.staff, "/kysymykset")
        listing = world.sim.sent_messages(world.chat)[-1]
        await world.press(world.staff, listing, "qa:ans:2")
        prompt = world.sim.sent_messages(world.chat)[-1]
        world.sim.user_sends(world.staff, world.chat, "Kouluilla on suunnitelma.", reply_to=prompt)
        await world.bot.settle()

        assert "Ensi kuussa." in world.last_private(first)["text"]
        assert "Kouluilla on suunnitelma." in world.last_private(second)["text"]
        assert await states(world) == ["answered", "answered"]
        assert boards(world, language) == []

        await open_window(world, 8)
        await open_window(world, 14)
        posted = boards(world, language)
        assert len(posted) == 1
        assert "Ensi kuussa." in posted[0] and "Miten kiusaamiseen puututaan?" in posted[0]
        assert "Jäsen" not in posted[0]
        assert await states(world) == ["published", "published"]


async def test_staff_take_up_a_question_mark_message_and_others_are_refused(
    database_url: str,
) -> None:
    """/kysymys as a reply turns a member's "…?" sent in a window into a question once; a
    member using it is refused."""
    async with running_world(database_url) as world:
        await plan_day(world)
        await open_window(world, 8)
        question = await world.say(world.members[0], "Onko tästä tutkimusta?")
        await world.say(world.members[1], "/kysymys", reply_to=question)
        assert await states(world) == []
        await world.say(world.staff, "/kysymys", reply_to=question)
        await world.say(world.staff, "/question", reply_to=question)
        assert await states(world) == ["open"]
        assert [row[2] for row in await world.audit("kysymys")] == ["refused"]


async def test_a_question_with_a_phone_number_is_not_stored(database_url: str) -> None:
    """The privacy guard's rule: a question holding a phone number is removed, not stored, and
    the asker is told why privately."""
    async with running_world(database_url) as world:
        world.sim.start_bot(world.members[0])
        await world.say(world.members[0], "/kysy Voiko soittaa numeroon 040 123 4567?")
        assert await states(world) == []
        assert "040" not in world.last_private(world.members[0])["text"]


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_staff_are_nudged_once_after_the_session_day(
    database_url: str, language: str
) -> None:
    """After the day's last window closes staff get one private summary with the windows'
    figures and the open questions, however often the reconciler runs."""
    async with running_world(database_url, group={"language": language}) as world:
        world.sim.start_bot(world.staff)
        await plan_day(world)
        await open_window(world, 8)
        await world.say(world.members[0], "Kiusaamiseen pitää puuttua heti.")
        await world.say(world.members[0], "/kysy Onko koululla kiusaamissuunnitelma?")
        for hour in (10, 14, 16, 20):
            await open_window(world, hour)
        before = len(world.private(world.staff))
        await open_window(world, 22)
        world.clock.set(at(22, 5, days=1))
        await world.bot.tick()
        await world.bot.settle()
        nudges = world.private(world.staff)[before:]
        assert len(nudges) == 1
        text = nudges[0]["text"]
        assert "08-10: 1" in text and "14-16: 0" in text
        assert (
            tr("Questions waiting for an answer: {count} (/kysymykset)", language).format(count=1)
            in text
        )
        waiting = tr("Help requests waiting for contact: {count} (/apupyynnot)", language)
        assert waiting.format(count=0) in text
