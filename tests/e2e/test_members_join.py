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
        notice = await world.ask_to_join(applicant)
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
        notice = await world.ask_to_join(applicant)

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
        notice = await world.ask_to_join(applicant)
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
        notice = await world.ask_to_join(applicant)
        data = world.buttons(notice)[0]
        query = world.sim.user_presses(other, notice, data)
        await world.bot.settle()
        assert world.sim.callback_answer(query) is not None
        assert world.sim.pending_join_requests(world.chat) == [applicant]
        assert world.buttons(notice) == world.buttons(world.current(notice))


async def test_youth_under_the_minimum_age_is_declined_kindly(database_url: str) -> None:
    """In a youth group "under 16" declines the request and points to the other channels."""
    channels = "Instagram @lape_nuoret tai nuoret@example.fi"
    async with running_world(
        database_url, audience="youth", youth_other_channels=channels
    ) as world:
        young = world.person("Nella")
        notice = await world.ask_to_join(young)
        await world.press(young, notice, ":a")
        assert world.current(notice)["text"] == tr(
            "How old are you? This group is for young people aged {min} or over, and they "
            "give this consent themselves.",
            "fi",
        ).format(min=16)
        labels = [b["text"] for row in world.current(notice)["reply_markup"]["inline_keyboard"]
                  for b in row]  # fmt: skip
        assert labels == ["Alle 16", "16–17", "18 tai vanhempi"]
        await world.press(young, notice, ":g:u16")
        assert world.sim.pending_join_requests(world.chat) == []
        assert world.sim.member_status(world.chat, young) == "left"
        text = world.current(notice)["text"]
        assert text.startswith(
            tr(
                "Thank you for your interest! This group is for young people aged {min} or "
                "over, because Telegram's terms require it.",
                "fi",
            ).format(min=16)
        )
        assert text.endswith(
            tr("You can still take part in other ways: {channels}", "fi").format(channels=channels)
        )
        assert await world.rows(
            "SELECT count(*) FROM members WHERE user_id = :user", user=young
        ) == [(0,)]
        assert [a[3] for a in await world.audit("join-declined")] == ["under 16"]


async def test_youth_of_the_minimum_age_joins_with_age_band(database_url: str) -> None:
    """A young person of 16–17 consents themselves; the band is stored with the member and
    with the consent record."""
    async with running_world(database_url, audience="youth") as world:
        young = world.person("Onni")
        notice = await world.ask_to_join(young)
        await world.press(young, notice, ":a")
        await world.press(young, notice, ":g:16-17")
        await world.press(young, notice, ":m:n")
        assert world.sim.member_status(world.chat, young) == "member"
        assert await world.rows(
            "SELECT age_band, municipality, consent FROM members WHERE user_id = :user", user=young
        ) == [("16-17", None, "given")]
        assert await world.rows("SELECT decision, age_band FROM consent_records") == [
            ("given", "16-17")
        ]


@pytest.mark.parametrize(
    ("min_age", "bands"), [(13, ["u13", "13-17", "18+"]), (18, ["u18", "18+"])]
)
async def test_youth_age_bands_follow_the_minimum_age(
    database_url: str, min_age: int, bands: list[str]
) -> None:
    """The age buttons are "under {min}", "{min}–17" (unless the minimum is 18) and "18+"."""
    async with running_world(database_url, audience="youth", youth_min_age=min_age) as world:
        young = world.person("Iida", "en")
        notice = await world.ask_to_join(young)
        await world.press(young, notice, ":a")
        assert [data.rsplit(":", 1)[1] for data in world.buttons(notice)] == bands


async def test_staff_declining_first_ends_the_dialogue_kindly(database_url: str) -> None:
    """If the request is gone when the applicant finishes, they are told to ask again."""
    async with running_world(database_url) as world:
        applicant = world.person("Kaisa")
        notice = await world.ask_to_join(applicant)
        await world.press(applicant, notice, ":a")
        world.sim.chats[world.chat].join_requests.clear()  # handled by an admin meanwhile
        await world.press(applicant, notice, ":m:o")
        assert world.current(notice)["text"] == tr(
            "Your request to join is no longer open. Please ask to join again.", "fi"
        )
        assert await world.rows("SELECT count(*) FROM consent_records") == [(0,)]
        assert [a[2] for a in await world.audit("join-approved")] == ["failed"]
