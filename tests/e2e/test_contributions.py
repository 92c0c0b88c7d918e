"""The contribution log end to end: attribution by own time, edits, duplicates, staff, media."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from bot.clock import ManualClock
from bot.membership_jobs import MembershipJobs
from demo.harness import InProcessBot
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import at as helsinki
from tests.e2e.helpers import group_world, parents_group, plan_and_open, started_bot

DAY = date(2026, 12, 8)


def at(hour: int, minute: int = 0, second: int = 0, day: date = DAY) -> datetime:
    return helsinki(day, hour, minute, second)


class Log:
    """The running bot, its sandbox and a window on its database."""

    def __init__(
        self,
        sim: BotApiSimulator,
        bot: InProcessBot,
        db: Path,
        chat: int,
        staff: int,
        parents: list[int],
    ) -> None:
        self.sim, self.bot, self.db, self.chat, self.staff, self.parents = (
            sim,
            bot,
            db,
            chat,
            staff,
            parents,
        )

    async def rows(self, sql: str) -> list[tuple[object, ...]]:
        assert self.bot.app is not None
        async with self.bot.app.sessions() as db:
            return [tuple(row) for row in (await db.execute(text(sql))).all()]

    async def contribution(self, message_id: int) -> dict[str, object]:
        assert self.bot.app is not None
        async with self.bot.app.sessions() as db:
            row = (
                await db.execute(
                    text("SELECT * FROM contributions WHERE message_id = :m"), {"m": message_id}
                )
            ).first()
        assert row is not None, f"message {message_id} was not stored"
        return dict(row._mapping)

    def send(self, user: int, text: str | None = None, **kw: object) -> int:
        message = self.sim.user_sends(user, self.chat, text, **kw)  # type: ignore[arg-type]
        return int(message["message_id"])


@pytest.fixture
async def log(database_url: str) -> AsyncIterator[Log]:
    """A parents' group with DAY planned on bullying; the clock at 08:00 that day."""
    sim = BotApiSimulator()
    clock = ManualClock(at(7, 0, day=DAY - timedelta(days=1)))
    sim.set_clock(clock)
    staff, chat, parents = group_world(sim, members=3)
    db = Path("unused")
    group = parents_group(chat, lock_between_sessions=False)
    async with started_bot(sim, clock, database_url, staff, group) as bot:
        await plan_and_open(sim, bot, clock, staff, chat, DAY)
        yield Log(sim, bot, db, chat, staff, parents)


async def test_border_message_counts_by_its_own_time(log: Log) -> None:
    """Sent at 09:59:58 and handled after 10:00, a message belongs to the 08–10 window."""
    log.bot.clock.set(at(10, 0, 5))
    inside = log.send(log.parents[0], "juuri ennen loppua", date=at(9, 59, 58))
    outside = log.send(log.parents[0], "liian myöhään", date=at(10, 0, 0))
    await log.bot.settle()
    assert (await log.contribution(inside))["window_label"] == "08-10"
    assert (await log.contribution(inside))["theme_key"] == "kiusaaminen"
    assert (await log.contribution(outside))["theme_key"] is None


async def test_edits_keep_history_and_never_duplicate(log: Log) -> None:
    """An edit replaces the text, keeps the old one, and is not a second contribution."""
    log.bot.clock.set(at(8, 10))
    message_id = log.send(log.parents[0], "ensimmäinen versio")
    await log.bot.settle()
    log.sim.user_edits(log.parents[0], log.chat, message_id, "korjattu versio")
    await log.bot.settle()
    assert (await log.contribution(message_id))["text"] == "korjattu versio"
    assert await log.rows("SELECT previous_text FROM contribution_edits") == [
        ("ensimmäinen versio",)
    ]
    assert await log.rows("SELECT count(*) FROM contributions WHERE NOT is_staff") == [(1,)]


async def test_a_members_themed_message_gets_its_subtopic_scores_when_the_window_closes(
    log: Log,
) -> None:
    """Logging leaves the scores for later (off the ingest path); once the window has closed
    a member's similarity to the theme's questions is kept (so digests need not score the
    text again); staff and unthemed messages have none, and an edit clears them."""
    log.bot.clock.set(at(8, 12))
    member = log.send(log.parents[0], "Opettaja puuttui kiusaamiseen heti välitunnilla.")
    by_staff = log.send(log.staff, "Kiitos!")
    unthemed = log.send(log.parents[1], "ennen avausta", date=at(7, 50))
    await log.bot.settle()
    assert (await log.contribution(member))["subtopic_scores"] is None
    log.bot.clock.set(at(10, 0, 1))
    await log.bot.tick()  # the 08-10 window closes
    scores = str((await log.contribution(member))["subtopic_scores"])
    assert len(scores.split(":")[1].split(",")) >= 2
    assert (await log.contribution(by_staff))["subtopic_scores"] is None
    assert (await log.contribution(unthemed))["subtopic_scores"] is None
    log.sim.user_edits(log.parents[0], log.chat, member, "Korjattu teksti")
    await log.bot.settle()
    assert (await log.contribution(member))["subtopic_scores"] is None


async def test_the_daily_job_scores_texts_still_without_scores(log: Log) -> None:
    """What no window close has scored yet (or rows from before the scores were kept) gets
    its scores from the daily job."""
    log.bot.clock.set(at(8, 12))
    member = log.send(log.parents[0], "Opettaja puuttui kiusaamiseen heti välitunnilla.")
    await log.bot.settle()
    assert log.bot.app is not None
    jobs: MembershipJobs = log.bot.app.dispatcher["membership_jobs"]
    await jobs.daily()
    assert str((await log.contribution(member))["subtopic_scores"]).count(",") >= 1


async def test_redelivered_updates_are_stored_once(log: Log) -> None:
    """The same update twice, or the same message under a new update_id, is one contribution."""
    log.bot.clock.set(at(8, 15))
    message = log.sim.user_sends(log.parents[1], log.chat, "kerran vain")
    await log.bot.settle()
    update = {"message": message}
    log.sim.push_update({**update, "update_id": 900_001})
    log.sim.push_update({**update, "update_id": 900_001})
    log.sim.push_update({**update, "update_id": 900_002})
    await log.bot.settle()
    assert await log.rows(
        f"SELECT count(*) FROM contributions WHERE message_id = {message['message_id']}"
    ) == [(1,)]


async def test_staff_media_and_unthemed(log: Log) -> None:
    """Staff messages are flagged; media is logged as metadata; off-window talk is unthemed."""
    log.bot.clock.set(at(8, 20))
    by_staff = log.send(log.staff, "Kiitos kaikille!")
    photo = log.send(log.parents[2], media="photo", caption="kuva piirustuksesta")
    voice = log.send(log.parents[2], media="voice")
    log.bot.clock.set(at(11, 0))
    later = log.send(log.parents[2], "iltapäivällä jatketaan?")
    await log.bot.settle()
    assert (await log.contribution(by_staff))["is_staff"] == 1
    assert (
        (await log.contribution(photo))["media_kind"],
        (await log.contribution(photo))["text"],
    ) == (
        "photo",
        "kuva piirustuksesta",
    )
    assert (await log.contribution(voice))["media_kind"] == "voice"
    assert (await log.contribution(later))["theme_key"] is None


async def test_late_reply_to_prompt_counts_for_its_theme(log: Log) -> None:
    """A reply to the 08–10 prompt after 10:00 counts for bullying, flagged late."""
    prompt = next(m for m in log.sim.sent_messages(log.chat) if "auki klo" in m.get("text", ""))
    log.bot.clock.set(at(10, 0))
    await log.bot.tick()
    log.bot.clock.set(at(12, 30))
    reply = log.send(log.parents[0], "vielä vastaus", reply_to=int(prompt["message_id"]))
    await log.bot.settle()
    stored = await log.contribution(reply)
    assert (stored["theme_key"], stored["window_label"], stored["late"]) == (
        "kiusaaminen",
        "08-10",
        1,
    )


async def test_reactions_are_stored_per_message(log: Log) -> None:
    """Member reactions are kept per user and replaced when they change."""
    log.bot.clock.set(at(8, 30))
    message_id = log.send(log.parents[0], "hyvä pointti")
    await log.bot.settle()
    log.sim.user_reacts(log.parents[1], log.chat, message_id, ["👍"])
    log.sim.user_reacts(log.parents[2], log.chat, message_id, ["❤"])
    log.sim.user_reacts(log.parents[2], log.chat, message_id, ["👍"])
    await log.bot.settle()
    rows = await log.rows(
        f"SELECT emoji, count(*) FROM reactions WHERE message_id = {message_id} GROUP BY emoji"
    )
    assert rows == [("👍", 2)]


async def test_hide_deletes_and_marks_hidden(log: Log) -> None:
    """Staff /hide as a reply deletes the message in the chat and marks it hidden."""
    log.bot.clock.set(at(8, 40))
    message_id = log.send(log.parents[0], "poistettava viesti")
    await log.bot.settle()
    log.send(log.staff, "/hide", reply_to=message_id)
    await log.bot.settle()
    assert message_id in log.sim.deleted_messages(log.chat)
    assert (await log.contribution(message_id))["hidden"] == 1


async def test_highlight_marks_for_the_digest(log: Log) -> None:
    """Staff /highlight as a reply marks the contribution as a highlight, also after the window."""
    log.bot.clock.set(at(8, 45))
    message_id = log.send(log.parents[1], "tärkeä havainto")
    await log.bot.settle()
    log.bot.clock.set(at(11, 0))
    log.send(log.staff, "/highlight", reply_to=message_id)
    await log.bot.settle()
    assert (await log.contribution(message_id))["highlighted"] == 1
    assert log.sim.sent_messages(log.chat)[-1]["text"] == "Nostettu koosteeseen."


async def test_no_message_text_in_logs_at_info(log: Log, caplog: pytest.LogCaptureFixture) -> None:
    """Member texts never reach the log at INFO or above, even when handling fails."""
    secret_text = "salainen-lause-9f3a"
    with caplog.at_level(logging.INFO):
        log.bot.clock.set(at(8, 50))
        log.send(log.parents[0], secret_text)
        log.sim.push_update(
            {"update_id": 990_001, "message": {"message_id": 1, "bad": secret_text}}
        )
        await log.bot.settle()
    assert caplog.records, "the bot logged nothing at all"
    assert not [r for r in caplog.records if secret_text in r.getMessage()]


async def test_bot_commands_are_never_contributions(log: Log) -> None:
    """Commands in the group (ours, unknown, not allowed, or for another bot) are not logged;
    one of ours gets an answer or a hint, another bot's is left alone, plain "/" text is."""
    log.bot.clock.set(at(8, 30))
    me = log.sim.bot_user()["username"]
    before = len(log.sim.sent_messages(log.chat))
    commands = [
        log.send(log.parents[0], "/help"),
        log.send(log.parents[0], f"/help@{me}"),
        log.send(log.parents[0], "/plan 2026-12-09 eroasiat"),
        log.send(log.parents[1], "/eikomentoa mitä tämä on"),
        log.send(log.parents[1], "/help@toinenbot"),
    ]
    slash = log.send(log.parents[2], "/ kauttaviiva alussa ei ole komento")
    await log.bot.settle()
    assert (
        await log.rows(
            "SELECT message_id FROM contributions WHERE message_id IN "
            f"({', '.join(map(str, commands))})"
        )
        == []
    )
    assert (await log.contribution(slash))["theme_key"] == "kiusaaminen"
    answered = [m for m in log.sim.sent_messages(log.chat)[before:] if "reply_to_message" in m]
    assert sorted(m["reply_to_message"]["message_id"] for m in answered) == commands[:4]
