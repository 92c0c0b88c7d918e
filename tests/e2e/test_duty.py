"""Issue 15 parts 5–7 through the sandbox: staff on duty, prompts edited from the chat,
holidays and the calendar file, in Finnish and one other language each."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date, datetime
from typing import Any

from demo.harness import InProcessBot
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import at, clocked_sim, group_world, parents_group, started_bot

DAY = date(2026, 12, 8)  # a Tuesday, no holiday


class Scene:
    """A parents' group in `language`, its staff member (who has started the bot) and a bot."""

    def __init__(
        self, sim: BotApiSimulator, bot: InProcessBot, chat_id: int, staff: int, parent: int
    ) -> None:
        self.sim, self.bot, self.chat_id, self.staff, self.parent = (
            sim,
            bot,
            chat_id,
            staff,
            parent,
        )

    async def staff_says(self, text: str, reply_to: int | None = None) -> dict[str, Any]:
        sent = self.sim.user_sends(self.staff, self.chat_id, text, reply_to=reply_to)
        await self.bot.settle()
        return sent

    async def at(self, instant: datetime) -> None:
        self.bot.clock.set(instant)
        await self.bot.tick()

    def texts(self, chat_id: int, mark: str) -> list[str]:
        return [m["text"] for m in self.sim.sent_messages(chat_id) if mark in m.get("text", "")]

    def last(self, chat_id: int) -> dict[str, Any]:
        return self.sim.sent_messages(chat_id)[-1]

    async def plan_independence_day(self, button: int) -> str:
        """Staff /plan 6.12.2026 and press `button` (0 yes, 1 no) under the bot's holiday
        question; the question's text as asked."""
        await self.staff_says("/plan 2026-12-06 kiusaaminen")
        question = self.last(self.chat_id)
        asked = str(question["text"])
        pressed = question["reply_markup"]["inline_keyboard"][0][button]
        self.sim.user_presses(self.staff, question, pressed["callback_data"])
        await self.bot.settle()
        return asked


@asynccontextmanager
async def scene(database_url: str, language: str, **group: Any) -> AsyncIterator[Scene]:
    """The group (reminders off unless `group` says otherwise) on 1.12.2026 at 9:00."""
    sim, clock = clocked_sim()
    staff, chat_id, parents = group_world(sim, members=2)
    declared = parents_group(chat_id, language=language, **group)
    async with started_bot(sim, clock, database_url, staff, declared) as bot:
        sim.user_sends(staff, staff, "/start")
        await bot.settle()
        yield Scene(sim, bot, chat_id, staff, parents[0])


async def test_duty_reminds_names_and_nudges_in_finnish(database_url: str) -> None:
    """/vuoro … nimellä: a private reminder 15 minutes before, the prompt names the staff
    member, and a window nobody took gets one private nudge two days before."""
    async with scene(database_url, "fi") as world:
        await world.staff_says(f"/plan {DAY.isoformat()} kiusaaminen")
        await world.staff_says(f"/vuoro {DAY.isoformat()} 8-10 nimellä")
        assert "Olet vuorossa 8.12.2026 klo 08-10" in world.last(world.chat_id)["text"]

        nudge = "ei ole vielä ketään vuorossa"
        await world.at(at(date(2026, 12, 6), 14, 30))
        await world.at(at(date(2026, 12, 6), 15))
        assert len(world.texts(world.staff, nudge)) == 1
        assert "/vuoro 2026-12-08 14-16" in world.texts(world.staff, nudge)[0]

        reminder = "Muistutus: olet vuorossa"
        await world.at(at(DAY, 7, 44))
        assert world.texts(world.staff, reminder) == []
        await world.at(at(DAY, 7, 46))
        await world.at(at(DAY, 7, 50))
        assert len(world.texts(world.staff, reminder)) == 1

        await world.at(at(DAY, 8))
        prompt = world.texts(world.chat_id, "Keskustelu on auki klo")[0]
        assert "Paikalla tässä keskusteluikkunassa: Sanna" in prompt


async def test_duty_given_up_in_english_leaves_the_prompt_unnamed(database_url: str) -> None:
    """/duty DATE 1 name then /duty DATE 1 off: no reminder, no name in the prompt."""
    async with scene(database_url, "en") as world:
        await world.staff_says(f"/plan {DAY.isoformat()} kiusaaminen")
        await world.staff_says(f"/duty {DAY.isoformat()} 1 name")
        assert "You are on duty on 8.12.2026 at 08-10" in world.last(world.chat_id)["text"]
        await world.staff_says(f"/duty {DAY.isoformat()} 1 off")
        assert "no longer on duty" in world.last(world.chat_id)["text"]
        await world.at(at(DAY, 7, 50))
        await world.at(at(DAY, 8))
        assert world.texts(world.staff, "Reminder: you are on duty") == []
        prompt = world.texts(world.chat_id, "The discussion is open until")[0]
        assert "On duty in this window" not in prompt


async def edit_prompt(world: Scene, command: str, text: str) -> None:
    """`command` for DAY, then the staff member's reply to the bot's answer with `text`."""
    await world.staff_says(f"/{command} {DAY.isoformat()}")
    shown = world.last(world.chat_id)
    await world.staff_says(text, reply_to=int(shown["message_id"]))


async def test_prompt_edited_from_the_chat_in_finnish(database_url: str) -> None:
    """/teksti shows the catalog prompt; a staff reply replaces it (too long is refused), the
    /plan listing marks the day, and the window opens with staff's text."""
    async with scene(database_url, "fi") as world:
        await world.staff_says(f"/plan {DAY.isoformat()} kiusaaminen")
        await world.staff_says(f"/teksti {DAY.isoformat()}")
        assert "(teemaluettelosta)" in world.last(world.chat_id)["text"]
        await edit_prompt(world, "teksti", "x" * 5000)
        assert "Aloitustekstissä saa olla" in world.last(world.chat_id)["text"]
        await edit_prompt(world, "teksti", "Miten koulussa puututaan kiusaamiseen?")
        assert "Tallennettu" in world.last(world.chat_id)["text"]

        await world.staff_says("/plan")
        listing = world.last(world.chat_id)
        rows = listing["reply_markup"]["inline_keyboard"]
        assert rows[0][0]["text"].endswith("✎")

        await world.at(at(DAY, 8))
        prompt = world.texts(world.chat_id, "Keskustelu on auki klo")[0]
        assert "Miten koulussa puututaan kiusaamiseen?" in prompt
        assert "Kiusaaminen" in prompt  # the theme's title stays


async def test_prompt_edited_from_the_chat_in_swedish(database_url: str) -> None:
    """/text (sv) shows the prompt; a member's reply changes nothing, a staff reply does."""
    async with scene(database_url, "sv") as world:
        await world.staff_says(f"/plan {DAY.isoformat()} kiusaaminen")
        await world.staff_says(f"/text {DAY.isoformat()}")
        shown = world.last(world.chat_id)
        assert "Inledningstexten för 8.12.2026" in shown["text"]
        world.sim.user_sends(world.parent, world.chat_id, "Min text!", reply_to=shown)
        await world.bot.settle()
        assert world.texts(world.chat_id, "Sparat") == []
        await world.staff_says("Hur tar skolan itu med mobbning?", reply_to=shown["message_id"])
        assert "Sparat" in world.last(world.chat_id)["text"]
        await world.at(at(DAY, 8))
        prompt = world.texts(world.chat_id, "Hur tar skolan itu med mobbning?")
        assert len(prompt) == 1 and "Min text!" not in prompt[0]


async def test_holidays_and_calendar_in_finnish(database_url: str) -> None:
    """A day rule falling on Christmas Eve is skipped with one note to staff, /plan on
    Independence Day asks first, /kalenteri sends the windows as .ics events with stable
    UIDs, and the evening reminder names the day's three times."""
    async with scene(
        database_url, "fi", day_rules=("4th Thursday",), remind_evening_at="18:00"
    ) as world:
        await world.at(at(date(2026, 12, 1), 9, 1))
        await world.at(at(date(2026, 12, 1), 9, 2))
        notes = world.texts(world.staff, "on yleinen vapaapäivä (Jouluaatto)")
        assert len(notes) == 1 and "/plan 2026-12-24" in notes[0]

        assert "Itsenäisyyspäivä" in await world.plan_independence_day(button=0)
        assert "6.12.2026 on keskustelupäivä" in world.last(world.chat_id)["text"]

        await world.staff_says("/kalenteri")
        ics = world.sim.documents(world.chat_id)[-1]
        body = ics["bytes"].decode()
        assert ics["filename"].endswith(".ics")
        assert body.count("BEGIN:VEVENT") == 6  # 6.12 and the rule's 28.1 (24.12 skipped)
        assert "20261224" not in body
        assert "UID:neuvo-parents-2026-12-06-0@neuvo" in body
        assert "DTSTART;TZID=Europe/Helsinki:20261206T080000" in body
        await world.staff_says("/kalenteri")
        again = world.sim.documents(world.chat_id)[-1]["bytes"].decode()
        assert "UID:neuvo-parents-2026-12-06-0@neuvo" in again

        await world.at(at(date(2026, 12, 5), 18))
        reminder = world.texts(world.chat_id, "Huomenna klo")[0]
        assert "Auki klo 8–10, 14–16 ja 20–22." in reminder


async def test_holidays_and_calendar_in_english(database_url: str) -> None:
    """/plan on Independence Day asks; "No" plans nothing; /calendar sends the planned day."""
    async with scene(database_url, "en") as world:
        assert "Independence Day" in await world.plan_independence_day(button=1)
        assert world.last(world.chat_id)["text"] == "Not planned."
        await world.staff_says(f"/plan {DAY.isoformat()} kiusaaminen")
        await world.staff_says("/calendar")
        body = world.sim.documents(world.chat_id)[-1]["bytes"].decode()
        assert body.count("BEGIN:VEVENT") == 3
        assert "UID:neuvo-parents-2026-12-08-2@neuvo" in body
        assert "20261206" not in body
