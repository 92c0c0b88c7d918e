"""A simulated month through the sandbox: two session days × three windows, end to end."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date, datetime

import pytest

from bot.clock import ManualClock
from demo.harness import InProcessBot
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import at, clocked_sim, group_world, parents_group, started_bot

DAYS = {date(2026, 12, 8): "kiusaaminen", date(2026, 12, 22): "eroasiat"}
PROMPT_MARK = "Keskustelu on auki klo"
CLOSE_MARK = "Kiitos! Keskustelu aiheesta"


class World:
    """The sandbox, a parents' group and a bot instance on one simulated clock."""

    def __init__(
        self, sim: BotApiSimulator, bot: InProcessBot, chat_id: int, staff: int, parents: list[int]
    ) -> None:
        self.sim, self.bot, self.chat_id, self.staff, self.parents = (
            sim,
            bot,
            chat_id,
            staff,
            parents,
        )

    def bot_texts(self, mark: str) -> list[str]:
        return [
            m["text"] for m in self.sim.sent_messages(self.chat_id) if mark in m.get("text", "")
        ]

    async def at(self, instant: datetime) -> None:
        self.bot.clock.set(instant)
        await self.bot.tick()


@pytest.fixture
async def world(database_url: str) -> AsyncIterator[World]:
    """A running bot with the group declared in settings and reminders off."""
    sim, clock = clocked_sim()
    staff, chat_id, parents = group_world(sim, members=4)
    async with started_bot(sim, clock, database_url, staff, parents_group(chat_id)) as bot:
        yield World(sim, bot, chat_id, staff, parents)


async def test_month_runs_each_window_once_across_crash_and_429(world: World) -> None:
    """Six windows give six prompts and six closes, despite a 429 and a crash mid-window."""
    sim = world.sim
    for day, theme in DAYS.items():
        sim.user_sends(world.staff, world.chat_id, f"/plan {day.isoformat()} {theme}")
    await world.bot.settle()
    sim.fail_next("sendMessage", error_code=429, retry_after=1, match={"chat_id": world.chat_id})

    for day in DAYS:
        for start, end in ((8, 10), (14, 16), (20, 22)):
            await world.at(at(day, start))
            assert sim.permissions(world.chat_id)["can_send_messages"] is True
            world.bot.clock.set(at(day, start, 30))
            sim.user_sends(world.parents[0], world.chat_id, "Hyvä aihe.")
            sim.user_sends(world.parents[1], world.chat_id, "Samaa mieltä.")
            await world.bot.settle()
            if (day, start) == (date(2026, 12, 22), 14):
                await world.bot.crash()
                world.bot.clock.set(at(day, start, 45))  # the dead holder's lease has lapsed
                await world.bot.start()
                await world.bot.tick()
            await world.at(at(day, end))
            assert sim.permissions(world.chat_id)["can_send_messages"] is False

    prompts, closes = world.bot_texts(PROMPT_MARK), world.bot_texts(CLOSE_MARK)
    assert len(prompts) == 6 and len(closes) == 6
    assert all("Puheenvuoroja tässä keskustelussa: 2, osallistujia: 2." in c for c in closes)
    continues = ["Keskustelu jatkuu tänään klo 14–16.", "Keskustelu jatkuu tänään klo 20–22.", ""]
    for close, expected in zip(closes, continues * 2, strict=True):
        assert expected in close and close.count("jatkuu") == (1 if expected else 0)
    assert all("auki klo 10 asti" in p or "auki klo 16 asti" in p or "auki klo 22 asti" in p
               for p in prompts)  # fmt: skip
    assert any(c.error_code == 429 for c in sim.calls("sendMessage"))
    assert sim.pinned(world.chat_id) == []


async def test_later_prompts_reply_to_the_first(world: World) -> None:
    """The afternoon prompt replies to the morning prompt, keeping the day's thread together."""
    day = date(2026, 12, 8)
    world.sim.user_sends(world.staff, world.chat_id, f"/plan {day.isoformat()} kiusaaminen")
    await world.bot.settle()
    await world.at(at(day, 8))
    await world.at(at(day, 14))
    morning, afternoon = [
        m for m in world.sim.sent_messages(world.chat_id) if PROMPT_MARK in m.get("text", "")
    ]
    assert afternoon["reply_to_message"]["message_id"] == morning["message_id"]


async def test_missing_pin_right_is_reported_and_window_runs(world: World) -> None:
    """Without the pin right the prompt is still posted and staff hear which right is missing."""
    day = date(2026, 12, 8)
    world.sim.set_bot_rights(world.chat_id, can_restrict_members=True, can_pin_messages=False)
    world.sim.start_bot(world.staff)
    world.sim.user_sends(world.staff, world.chat_id, f"/plan {day.isoformat()} kiusaaminen")
    await world.bot.settle()
    await world.at(at(day, 8))
    assert len(world.bot_texts(PROMPT_MARK)) == 1
    notes = [m["text"] for m in world.sim.sent_messages(world.staff)]
    assert any("kiinnittää viestejä" in note for note in notes)


async def test_plan_refusals(world: World) -> None:
    """Unknown themes get the closest keys; past dates and non-staff are refused."""
    sim, chat = world.sim, world.chat_id
    sim.user_sends(world.staff, chat, "/plan 2026-12-08 kiusaamnen")
    sim.user_sends(world.staff, chat, "/plan 2026-11-30 kiusaaminen")
    sim.user_sends(world.parents[0], chat, "/plan 2026-12-08 kiusaaminen")
    await world.bot.settle()
    unknown, past, refused = [m["text"] for m in sim.sent_messages(chat)][-3:]
    assert unknown.startswith("Teemaa kiusaamnen ei löydy. Tarkoititko: kiusaaminen")
    assert "on jo mennyt" in past
    assert refused == "Valitettavasti vain hankkeen työntekijät voivat käyttää tätä komentoa."


async def test_forum_group_posts_each_theme_in_its_topic(database_url: str) -> None:
    """In a forum group a theme gets one topic, and every window of it posts there."""
    sim = BotApiSimulator()
    day = date(2026, 12, 8)
    clock = ManualClock(at(date(2026, 12, 1), 9))
    sim.set_clock(clock)
    staff = int(sim.add_user("Sanna")["id"])
    chat_id = int(sim.add_chat("Foorumi", is_forum=True)["id"])
    sim.set_bot_rights(
        chat_id, can_restrict_members=True, can_pin_messages=True, can_manage_topics=True
    )
    sim.set_admin(chat_id, staff)
    async with started_bot(sim, clock, database_url, staff) as bot:
        sim.user_sends(staff, chat_id, "/setup parents")
        sim.user_sends(staff, chat_id, f"/plan {day.isoformat()} kiusaaminen")
        await bot.settle()
        for hour in (8, 10, 14, 16):
            clock.set(at(day, hour))
            await bot.tick()
    (topic,) = [c for c in sim.calls("createForumTopic") if c.ok]
    thread = topic.result["message_thread_id"]
    posts = [
        m
        for m in sim.sent_messages(chat_id)
        if PROMPT_MARK in m.get("text", "") or CLOSE_MARK in m.get("text", "")
    ]
    assert len(posts) == 4
    assert {m.get("message_thread_id") for m in posts} == {thread}


async def test_plan_buttons_pick_a_theme(world: World) -> None:
    """/plan alone lists coming days as buttons; picking a day then a theme plans it."""
    sim, chat = world.sim, world.chat_id
    sim.user_sends(world.staff, chat, "/plan 2026-12-08 vapaa")
    await world.bot.settle()
    sim.user_sends(world.staff, chat, "/plan")
    await world.bot.settle()
    listing = sim.sent_messages(chat)[-1]
    sim.user_presses(world.staff, listing, "plan:2026-12-08")
    await world.bot.settle()
    themes = sim.sent_messages(chat)[-1]
    assert themes["text"] == "Valitse teema päivälle 8.12.2026:"
    sim.user_presses(world.staff, themes, "plan:2026-12-08:eroasiat")
    await world.bot.settle()
    assert (
        sim.sent_messages(chat)[-1]["text"] == "8.12.2026 on keskustelupäivä, teemana ”Eroasiat”."
    )


async def test_adhoc_open_and_close(world: World) -> None:
    """/open posts the prompt at once (via the reconciler); /close ends it with the summary."""
    sim, chat = world.sim, world.chat_id
    world.bot.clock.set(at(date(2026, 12, 3), 12))
    sim.user_sends(world.staff, chat, "/open palvelut until 13:30")
    await world.bot.settle()
    await world.bot.tick()
    (prompt,) = world.bot_texts(PROMPT_MARK)
    assert "klo 13.30 asti" in prompt
    world.bot.clock.set(at(date(2026, 12, 3), 12, 20))
    sim.user_sends(world.parents[0], chat, "Palvelut ovat hajallaan.")
    sim.user_sends(world.staff, chat, "/close")
    await world.bot.settle()
    await world.bot.tick()
    (close,) = world.bot_texts(CLOSE_MARK)
    assert "Puheenvuoroja tässä keskustelussa: 1, osallistujia: 1." in close


async def test_non_staff_refusal_is_audited(world: World) -> None:
    """A member trying a staff command is refused and the attempt lands in the audit log."""
    from sqlalchemy import text

    world.sim.user_sends(world.parents[0], world.chat_id, "/open vapaa")
    await world.bot.settle()
    assert world.bot.app is not None
    async with world.bot.app.sessions() as db:
        statement = text("SELECT action, actor_user_id, outcome FROM moderation_actions")
        rows = [tuple(row) for row in (await db.execute(statement)).all()]
    assert rows == [("open", world.parents[0], "refused")]
