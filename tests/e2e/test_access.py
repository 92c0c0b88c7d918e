"""Who may read which group's digest and figures, checked at sending time on every path."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from pydantic import SecretStr
from sqlalchemy import text

from demo.harness import InProcessBot
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import (
    clocked_sim,
    december_session_spoken,
    group_world,
    parents_group,
    sandbox_settings,
)
from tests.e2e.members_support import tr

REFUSAL = "Sorry, only the project's staff can use this command."
SETUP_REFUSAL = (
    "Only the project's staff can register a group. A group's administrators can register "
    "it only if the setting allow_admin_setup is on."
)
NOT_REGISTERED = "This chat is not a registered advisory group, so it has no figures."
PARENTS_FILES = ["neuvo-parents-2026-12.html", "neuvo-parents-2026-12.pdf"]


@dataclass
class Scene:
    """The declared parents' group with December's contributions, its staff, a second admin of
    it (Aino, not in staff_ids), and a stranger who owns a group of their own with the bot."""

    sim: BotApiSimulator
    bot: InProcessBot
    chat: int
    staff: int
    aino: int
    stranger: int
    own_chat: int

    async def send(self, user: int, chat: int, text: str) -> None:
        """`user` writes `text` in `chat` and the bot handles it."""
        self.sim.user_sends(user, chat, text)
        await self.bot.settle()

    async def monthly(self) -> int:
        """One run of the monthly digest job."""
        assert self.bot.app is not None
        return await self.bot.app.monthly.run()

    async def refusals(self, action: str) -> list[tuple[Any, ...]]:
        """(actor, reason) of the audited refusals of `action`."""
        assert self.bot.app is not None
        async with self.bot.app.sessions() as db:
            result = await db.execute(
                text(
                    "SELECT actor_user_id, reason FROM moderation_actions "
                    "WHERE action = :action AND outcome = 'refused' ORDER BY id"
                ),
                {"action": action},
            )
            return [tuple(row) for row in result.all()]

    def names(self, user: int) -> list[str]:
        """File names of the documents `user` received."""
        return [d["filename"] for d in self.sim.documents(user)]

    def texts(self, chat: int) -> list[str]:
        """Texts the bot wrote in `chat`."""
        return [m.get("text", "") for m in self.sim.sent_messages(chat)]


@asynccontextmanager
async def scene_with(database_url: str, **settings: Any) -> AsyncIterator[Scene]:
    """A December session day in the parents' group; the clock then on 2 January."""
    sim, clock = clocked_sim()
    staff, chat, parents = group_world(sim, members=2)
    aino = int(sim.add_user("Aino")["id"])
    sim.set_admin(chat, aino)
    stranger = int(sim.add_user("Outsider")["id"])
    own_chat = int(sim.add_chat("Oma ryhmä")["id"])
    sim.set_bot_rights(own_chat, can_delete_messages=True, can_invite_users=True)
    sim.set_creator(own_chat, stranger)
    for person in (staff, aino, stranger):
        sim.start_bot(person)
    async with SandboxServer(sim) as server:
        config = sandbox_settings(
            server.base_url,
            database_url,
            staff,
            pseudonym_secret=SecretStr("access-rule-secret-0123456"),
            groups=(parents_group(chat),),
            **settings,
        )
        bot = InProcessBot(sim, config, clock)
        await bot.start()
        scene = Scene(sim, bot, chat, staff, aino, stranger, own_chat)
        await scene.send(staff, chat, "/plan 2026-12-08 kiusaaminen")
        await december_session_spoken(sim, bot, clock, chat, parents)
        try:
            yield scene
        finally:
            await bot.stop()


async def test_a_strangers_setup_is_refused_by_default(database_url: str) -> None:
    """A chat admin outside staff_ids cannot register their chat; the refusal says why."""
    async with scene_with(database_url) as scene:
        await scene.send(scene.stranger, scene.own_chat, "/setup parents somekey")
        assert scene.texts(scene.own_chat)[-1] == tr(SETUP_REFUSAL, "fi")
        await scene.send(scene.stranger, scene.stranger, "/subscribe")
        assert await scene.monthly() == 0
        assert scene.sim.documents(scene.stranger) == []


async def test_an_admin_registered_group_gets_only_its_own_digest(database_url: str) -> None:
    """With allow_admin_setup the stranger registers their chat, and the monthly job sends them
    nothing of the parents' group, while configured staff get the parents' digest."""
    async with scene_with(database_url, allow_admin_setup=True) as scene:
        await scene.send(scene.stranger, scene.own_chat, "/setup parents somekey")
        assert "somekey" in scene.texts(scene.own_chat)[-1]
        await scene.send(scene.stranger, scene.stranger, "/subscribe")
        await scene.send(scene.staff, scene.staff, "/subscribe")
        await scene.monthly()
        assert not any("parents" in name for name in scene.names(scene.stranger))
        assert not any("parents" in text for text in scene.texts(scene.stranger))
        assert scene.names(scene.staff)[:2] == PARENTS_FILES


async def test_revoked_admin_gets_no_monthly_digest(database_url: str) -> None:
    """An admin who subscribed and then lost their rights receives nothing at the next run,
    and the refusal is audited once."""
    async with scene_with(database_url) as scene:
        await scene.send(scene.aino, scene.aino, "/subscribe")
        await scene.send(scene.staff, scene.staff, "/subscribe")
        scene.sim.add_member(scene.chat, scene.aino)  # rights revoked
        assert await scene.monthly() == 1
        assert scene.names(scene.staff) == PARENTS_FILES
        assert scene.sim.documents(scene.aino) == []
        assert await scene.monthly() == 0
        assert await scene.refusals("monthly-digest") == [(scene.aino, "may read no group")]


async def test_stats_in_an_unregistered_group_shows_nothing(database_url: str) -> None:
    """/stats by the admin of an unregistered chat says so and shows no group's figures."""
    async with scene_with(database_url) as scene:
        await scene.send(scene.stranger, scene.own_chat, "/stats")
        assert scene.texts(scene.own_chat)[-1] == tr(NOT_REGISTERED, "fi")


async def test_stats_in_private_shows_only_readable_groups(database_url: str) -> None:
    """In private /stats shows one refusal line to a person who may read no group, an admin
    only their own group, and configured staff every group, each by its title."""
    async with scene_with(database_url, allow_admin_setup=True) as scene:
        await scene.send(scene.stranger, scene.stranger, "/stats")
        assert scene.texts(scene.stranger)[-1] == tr(REFUSAL, "fi")
        await scene.send(scene.stranger, scene.own_chat, "/setup parents somekey")
        await scene.send(scene.stranger, scene.stranger, "/stats")
        figures = scene.texts(scene.stranger)[-1]
        own_title, parents_title = "Oma ryhmä", "parents"  # declared without a title: its key
        assert own_title in figures and parents_title not in figures
        assert "somekey" not in figures  # keys stay out of what people read
        await scene.send(scene.aino, scene.aino, "/stats")
        own = scene.texts(scene.aino)[-1]
        assert parents_title in own and own_title not in own
        await scene.send(scene.staff, scene.staff, "/stats")
        everything = scene.texts(scene.staff)[-1]
        assert own_title in everything and parents_title in everything


async def test_digest_and_format_button_refused_after_rights_revoked(database_url: str) -> None:
    """Once Aino is no longer an admin, /digest and a format button she got earlier refuse."""
    async with scene_with(database_url) as scene:
        sim = scene.sim
        await scene.send(scene.aino, scene.aino, "/digest 2026-12")
        assert scene.names(scene.aino) == PARENTS_FILES
        offer = next(m for m in sim.sent_messages(scene.aino) if m.get("reply_markup"))
        sim.add_member(scene.chat, scene.aino)  # rights revoked
        await scene.send(scene.aino, scene.aino, "/digest 2026-12 parents")
        assert scene.texts(scene.aino)[-1] == tr(REFUSAL, "fi")
        query = sim.user_presses(scene.aino, offer, "dgf:parents:2026-12:csv")
        await scene.bot.settle()
        assert scene.names(scene.aino) == PARENTS_FILES
        answer = sim.callback_answer(query)
        assert answer is not None and answer.get("text") == tr(REFUSAL, "fi")
