"""Joining with consent through the sandbox: notice, answers, approval, refusals, time-out."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.e2e.members_support import running_world, tr

NOTICE_END = "Do you agree?"
WELCOME = "Thank you! Welcome to the group."
MUNICIPALITY_QUESTION = (
    "Which municipality do you live in? It is used only for anonymous figures; groups smaller "
    "than five people are never shown."
)


@pytest.mark.parametrize("language", ["fi", "en"])
async def test_join_request_consent_municipality_approve(database_url: str, language: str) -> None:
    """Request → private notice in the applicant's language → agree → municipality → approved."""
    async with running_world(database_url) as world:
        applicant = world.person("Liisa", language)
        world.sim.join_request(applicant, world.chat)
        await world.bot.settle()

        (notice,) = world.private(applicant)
        assert notice["text"].endswith(tr(NOTICE_END, language))
        assert (
            tr(
                "How long: the texts are erased after {months} months; only anonymous "
                "counts remain.",
                language,
            ).format(months=12)
            in notice["text"]
        )
        assert world.sim.pending_join_requests(world.chat) == [applicant]

        await world.press(applicant, notice, ":a")
        assert world.current(notice)["text"] == tr(MUNICIPALITY_QUESTION, language)
        assert len(world.buttons(notice)) == 5  # three municipalities, other, not said

        await world.press(applicant, notice, ":m:1")
        assert world.sim.member_status(world.chat, applicant) == "member"
        assert world.sim.pending_join_requests(world.chat) == []
        assert world.current(notice)["text"].startswith(tr(WELCOME, language))
        assert len(world.private(applicant)) == 1, "the dialogue edits its one message"

        member = await world.rows(
            "SELECT consent, municipality, language, entered_at IS NOT NULL FROM members "
            "WHERE user_id = :user",
            user=applicant,
        )
        assert member == [("given", "Heinola", language, 1)]
        (record,) = await world.rows(
            "SELECT decision, notice_version, language FROM consent_records"
        )
        assert record[0] == "given" and record[1].startswith("n1-") and record[2] == language
        assert await world.rows("SELECT count(*) FROM join_dialogues") == [(0,)]
        assert [a[1] for a in await world.audit("join-approved")] == [applicant]


async def test_declining_declines_the_request_and_keeps_nothing(database_url: str) -> None:
    """Pressing "no" declines the join request and stores no member or consent row."""
    async with running_world(database_url) as world:
        applicant = world.person("Ville")
        world.sim.join_request(applicant, world.chat)
        await world.bot.settle()
        notice = world.last_private(applicant)
        await world.press(applicant, notice, ":d")
        assert world.sim.pending_join_requests(world.chat) == []
        assert world.sim.member_status(world.chat, applicant) == "left"
        assert world.current(notice)["text"] == tr(
            "All right, you will not be added to the group and nothing about you was kept. "
            "You are welcome to ask again later.",
            "fi",
        )
        assert await world.rows(
            "SELECT count(*) FROM members WHERE user_id = :user", user=applicant
        ) == [(0,)]
        assert await world.rows("SELECT count(*) FROM consent_records") == [(0,)]


async def test_unanswered_request_is_declined_after_the_time_out(database_url: str) -> None:
    """A dialogue older than `join_timeout_minutes` is declined by the job and its note edited."""
    async with running_world(database_url, join_timeout_minutes=60) as world:
        applicant = world.person("Outi")
        world.sim.join_request(applicant, world.chat)
        await world.bot.settle()
        notice = world.last_private(applicant)

        assert await world.jobs.decline_expired(world.clock() + timedelta(minutes=59)) == 0
        assert world.sim.pending_join_requests(world.chat) == [applicant]
        world.clock.advance(timedelta(minutes=61))
        assert await world.jobs.decline_expired(world.clock()) == 1
        assert world.sim.pending_join_requests(world.chat) == []
        assert world.current(notice)["text"] == tr(
            "This request has expired because there was no answer in time. You can ask to join "
            "again whenever you like.",
            "fi",
        )
        assert world.buttons(notice) == []
        assert [a[1:3] for a in await world.audit("join-timeout")] == [(applicant, "done")]


async def test_request_approved_by_staff_by_hand_is_not_called_expired(database_url: str) -> None:
    """If staff approve the request themselves, the time-out leaves the applicant's note alone."""
    async with running_world(database_url, join_timeout_minutes=60) as world:
        applicant = world.person("Oona")
        world.sim.join_request(applicant, world.chat)
        await world.bot.settle()
        notice = world.last_private(applicant)
        before = world.current(notice)["text"]
        await world.bot.app.bot.approve_chat_join_request(chat_id=world.chat, user_id=applicant)
        world.clock.advance(timedelta(minutes=61))
        assert await world.jobs.decline_expired(world.clock()) == 1
        assert world.current(notice)["text"] == before
        assert world.sim.member_status(world.chat, applicant) == "member"
        assert [a[1:3] for a in await world.audit("join-handled-by-staff")] == [
            (applicant, "done")
        ]


async def test_buttons_of_someone_else_do_nothing(database_url: str) -> None:
    """Only the applicant can answer their own dialogue."""
    async with running_world(database_url) as world:
        applicant, other = world.person("Aino"), world.person("Eero")
        world.sim.join_request(applicant, world.chat)
        await world.bot.settle()
        notice = world.last_private(applicant)
        data = world.buttons(notice)[0]
        query = world.sim.user_presses(other, notice, data)
        await world.bot.settle()
        assert world.sim.callback_answer(query) is not None
        assert world.sim.pending_join_requests(world.chat) == [applicant]
        assert world.buttons(notice) == world.buttons(world.current(notice))


async def test_youth_under_13_is_declined_kindly(database_url: str) -> None:
    """In a youth group "under 13" declines the request and points to a guardian."""
    async with running_world(database_url, audience="youth") as world:
        young = world.person("Nella")
        world.sim.join_request(young, world.chat)
        await world.bot.settle()
        notice = world.last_private(young)
        await world.press(young, notice, ":a")
        assert world.current(notice)["text"] == tr(
            "How old are you? In Finland you can give this consent yourself from the age of 13.",
            "fi",
        )
        await world.press(young, notice, ":g:u13")
        assert world.sim.pending_join_requests(world.chat) == []
        assert world.sim.member_status(world.chat, young) == "left"
        assert world.current(notice)["text"] == tr(
            "Thank you for your interest! Under 13-year-olds cannot give this consent "
            "themselves. Ask your parent or guardian to contact the project workers: they will "
            "tell you how you can take part.",
            "fi",
        )
        assert await world.rows(
            "SELECT count(*) FROM members WHERE user_id = :user", user=young
        ) == [(0,)]
        assert [a[3] for a in await world.audit("join-declined")] == ["under 13"]


async def test_youth_13_or_older_joins_with_age_band(database_url: str) -> None:
    """A young person of 13–15 consents themselves; the age band is stored."""
    async with running_world(database_url, audience="youth") as world:
        young = world.person("Onni")
        world.sim.join_request(young, world.chat)
        await world.bot.settle()
        notice = world.last_private(young)
        await world.press(young, notice, ":a")
        await world.press(young, notice, ":g:13-15")
        await world.press(young, notice, ":m:n")
        assert world.sim.member_status(world.chat, young) == "member"
        assert await world.rows(
            "SELECT age_band, municipality, consent FROM members WHERE user_id = :user", user=young
        ) == [("13-15", None, "given")]


async def test_staff_declining_first_ends_the_dialogue_kindly(database_url: str) -> None:
    """If the request is gone when the applicant finishes, they are told to ask again."""
    async with running_world(database_url) as world:
        applicant = world.person("Kaisa")
        world.sim.join_request(applicant, world.chat)
        await world.bot.settle()
        notice = world.last_private(applicant)
        await world.press(applicant, notice, ":a")
        world.sim.chats[world.chat].join_requests.clear()  # handled by an admin meanwhile
        await world.press(applicant, notice, ":m:o")
        assert world.current(notice)["text"] == tr(
            "Your request to join is no longer open. Please ask to join again.", "fi"
        )
        assert await world.rows("SELECT count(*) FROM consent_records") == [(0,)]
        assert [a[2] for a in await world.audit("join-approved")] == ["failed"]
