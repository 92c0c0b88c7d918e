"""A group upgraded to a supergroup keeps its registration, plan and history under the new id."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.clock import ManualClock
from demo.harness import InProcessBot
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import at as helsinki
from tests.e2e.helpers import parents_group, plan_and_open, started_bot

DAY = date(2026, 12, 8)
CLOSE_MARK = "Kiitos! Keskustelu aiheesta"


def at(hour: int, minute: int = 0, day: date = DAY) -> datetime:
    return helsinki(day, hour, minute)


@dataclass
class Upgrade:
    """The running bot, a basic group with a planned day and two contributions in its window."""

    sim: BotApiSimulator
    bot: InProcessBot
    old_chat: int
    staff: int
    parents: list[int]

    async def rows(self, sql: str, /, **params: object) -> list[tuple[object, ...]]:
        assert self.bot.app is not None
        async with self.bot.app.sessions() as db:
            return [tuple(row) for row in (await db.execute(text(sql), params)).all()]


def basic_group(sim: BotApiSimulator) -> tuple[int, int, list[int]]:
    """A basic group (not yet a supergroup): the bot a full admin, staff its creator, parents."""
    staff = int(sim.add_user("Sanna")["id"])
    chat = int(sim.add_chat("Neuvonantajat", type="group")["id"])
    sim.set_bot_rights(
        chat, can_delete_messages=True, can_restrict_members=True, can_pin_messages=True
    )
    sim.set_creator(chat, staff)
    parents = [int(sim.add_user(f"Vanhempi{n}")["id"]) for n in range(3)]
    for parent in parents:
        sim.add_member(chat, parent)
    return staff, chat, parents


@pytest.fixture
async def upgrade(database_url: str) -> AsyncIterator[Upgrade]:
    """DAY planned on bullying, the 08–10 window open and two parents heard in the old chat."""
    sim = BotApiSimulator()
    clock = ManualClock(at(7, day=DAY - timedelta(days=1)))
    sim.set_clock(clock)
    staff, chat, parents = basic_group(sim)
    group = parents_group(chat, lock_between_sessions=False)
    async with started_bot(sim, clock, database_url, staff, group) as bot:
        await plan_and_open(sim, bot, clock, staff, chat, DAY)
        clock.set(at(8, 10))
        for parent in parents[:2]:
            sim.user_sends(parent, chat, "kiusaamisesta puhutaan liian vähän")
        await bot.settle()
        yield Upgrade(sim, bot, chat, staff, parents)


@pytest.mark.parametrize("new_chat_first", [False, True])
async def test_upgraded_group_moves_once_with_its_history(
    upgrade: Upgrade, new_chat_first: bool
) -> None:
    """Both service messages (in either order) move the group once: the old contributions are
    under the new chat id, and the audit log has one `group-migrated` entry with both ids."""
    new_chat = upgrade.sim.migrate_group(upgrade.old_chat, new_chat_first=new_chat_first)
    await upgrade.bot.settle()
    assert await upgrade.rows("SELECT chat_id FROM groups WHERE key = 'parents'") == [(new_chat,)]
    assert await upgrade.rows("SELECT chat_id, count(*) FROM contributions GROUP BY chat_id") == [
        (new_chat, 2)
    ]
    assert await upgrade.rows(
        "SELECT reason FROM moderation_actions WHERE action = 'group-migrated'"
    ) == [(f"chat {upgrade.old_chat} -> {new_chat}",)]


async def test_upgraded_group_goes_on_in_the_new_chat(upgrade: Upgrade) -> None:
    """After the upgrade a member's message in the new chat is logged under the day's theme,
    /setup there is answered as for a registered group, and the window closes there."""
    sim, bot = upgrade.sim, upgrade.bot
    new_chat = sim.migrate_group(upgrade.old_chat)
    await bot.settle()
    bot.clock.set(at(8, 30))
    said = sim.user_sends(upgrade.parents[2], new_chat, "minäkin olen nähnyt kiusaamista")
    sim.user_sends(upgrade.staff, new_chat, "/setup parents")
    await bot.settle()
    assert await upgrade.rows(
        "SELECT theme_key, window_label FROM contributions WHERE chat_id = :chat"
        " AND message_id = :message",
        chat=new_chat,
        message=said["message_id"],
    ) == [("kiusaaminen", "08-10")]
    replies = [str(m.get("text")) for m in sim.sent_messages(new_chat)]
    assert any("rekisteröity tunnuksella parents" in reply for reply in replies)
    bot.clock.set(at(10))
    await bot.tick()
    (close,) = [m["text"] for m in sim.sent_messages(new_chat) if CLOSE_MARK in m.get("text", "")]
    assert "Puheenvuoroja tässä keskustelussa: 3, osallistujia: 3." in close
