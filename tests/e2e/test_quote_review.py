"""Authors confirm their quotes; staff notes and moves, end to end through the sandbox."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.digest_ops import month_digest
from digest.model import Digest
from tests.e2e.members_support import World, at, running_world, tr

DAY = at(8, 0, days=1).date()  # the day after the world's start
SECRET = "quote-review-secret-0123456789"
WORDS = (
    "Kiusaamiseen pitää puuttua heti koulussa.",
    "Opettajan pitäisi kertoa vanhemmille nopeammin.",
    "Välitunnilla tarvitaan enemmän aikuisia.",
)


async def tick_to(world: World, when: object) -> None:
    """The clock reaches `when` and the reconciler acts."""
    world.clock.set(when)  # type: ignore[arg-type]
    await world.bot.tick()
    await world.bot.settle()


async def digest_of(world: World) -> Digest:
    """The month's digest as staff would get it now."""
    app = world.bot.app
    assert app is not None
    async with app.sessions() as db:
        return await month_digest(
            db, app.settings, app.catalog, group_key="neuvo", year=DAY.year, month=DAY.month,
            now=app.clock(),
        )  # fmt: skip


def quoted(digest: Digest) -> list[str]:
    """Every quoted text of the digest."""
    return [
        item.quote.text
        for theme in digest.themes
        for subtopic in theme.subtopics
        for item in subtopic.items
    ]


@pytest.mark.parametrize("language", ["fi", "sv"])
async def test_an_author_withdraws_one_quote_and_the_rest_wait_for_the_deadline(
    database_url: str, language: str
) -> None:
    """After the session day the author gets one private list; the item withdrawn is never
    quoted, the others are left out until `quote_review_days` have passed, then quoted."""
    async with running_world(
        database_url, group={"language": language}, pseudonym_secret=SECRET
    ) as world:
        author = world.person("Kirjoittaja", language)
        world.sim.start_bot(author)
        await world.join(author)
        await world.say(world.staff, f"/plan {DAY.isoformat()} kiusaaminen")
        await tick_to(world, at(8, 0, days=1))
        for text in WORDS:
            await world.say(author, text)
        before = len(world.private(author))
        for hour in (10, 14, 16, 20, 22):
            await tick_to(world, at(hour, 0, days=1))
        await tick_to(world, at(22, 5, days=1))
        lists = world.private(author)[before:]
        assert len(lists) == 1
        listing = lists[0]
        assert all(text in listing["text"] for text in WORDS)
        assert quoted(await digest_of(world)) == []  # all pending

        first = listing_button(world, listing, 1)
        await world.press(author, listing, first)
        edited = world.current(listing)
        assert tr("withdrawn, not quoted", language) in edited["text"]
        assert first not in world.buttons(listing)  # the other two and "all" are left
        assert len(world.buttons(listing)) == 3
        assert [row[2] for row in await world.audit("withdraw_quote")] == ["done"]

        await tick_to(world, at(22, 5, days=1) + timedelta(days=3, minutes=1))
        assert sorted(quoted(await digest_of(world))) == sorted(WORDS[1:])


def listing_button(world: World, listing: dict[str, object], number: int) -> str:
    """The callback data of the withdraw button of item `number` (1-based)."""
    return world.buttons(listing)[number - 1]


@pytest.mark.parametrize(("note", "move"), [("nostot", "alateema"), ("takeaways", "subtopic")])
async def test_staff_note_shows_first_and_a_moved_contribution_stays_moved(
    database_url: str, note: str, move: str
) -> None:
    """The staff note is the theme's note in the digest, and a contribution moved with a reply
    command appears under the chosen question."""
    async with running_world(database_url, quote_review_days=0, pseudonym_secret=SECRET) as world:
        author = world.person("Kirjoittaja")
        world.sim.start_bot(author)
        await world.join(author)
        await world.say(world.staff, f"/plan {DAY.isoformat()} kiusaaminen")
        await tick_to(world, at(8, 0, days=1))
        moved = await world.say(author, WORDS[0])
        await world.say(world.staff, f"/{move} 3", reply_to=moved)
        month = f"{DAY.year:04d}-{DAY.month:02d}"
        await world.say(world.staff, f"/{note} {month} kiusaaminen Puututaan heti.")
        (theme,) = [t for t in (await digest_of(world)).themes if t.key == "kiusaaminen"]
        assert theme.note == "Puututaan heti."
        (placed,) = [s for s in theme.subtopics if s.contributions]
        assert placed.index == 2
        assert [row[2] for row in await world.audit("move_subtopic")] == ["done"]
