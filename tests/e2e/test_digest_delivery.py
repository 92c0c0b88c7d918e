"""Digests in Telegram: /digest for staff only, format buttons, /subscribe, the monthly job."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import date

import pytest
from pydantic import SecretStr

from bot.digest_ops import month_digest
from demo.harness import InProcessBot
from digest.render.csv import render_csv
from sandbox.simulator import BotApiSimulator
from storage import groups
from tests.e2e.helpers import at, clocked_sim, group_world, parents_group, started_bot


@dataclass
class Scene:
    sim: BotApiSimulator
    bot: InProcessBot
    chat: int
    staff: int
    parents: list[int]


@pytest.fixture
async def scene(database_url: str) -> AsyncIterator[Scene]:
    """A December session day with a few contributions; the clock then in January."""
    sim, clock = clocked_sim()
    staff, chat, parents = group_world(sim, members=3)
    sim.start_bot(staff)
    secret = SecretStr("digest-delivery-secret-0123")
    group = parents_group(chat)
    async with started_bot(sim, clock, database_url, staff, group, pseudonym_secret=secret) as bot:
        sim.user_sends(staff, chat, "/plan 2026-12-08 kiusaaminen")
        await bot.settle()
        clock.set(at(date(2026, 12, 8), 8))
        await bot.tick()
        for parent in parents:
            clock.set(at(date(2026, 12, 8), 8, 30))
            sim.user_sends(parent, chat, "Koulussa puututtiin nopeasti.")
        await bot.settle()
        clock.set(at(date(2027, 1, 2), 12))
        yield Scene(sim, bot, chat, staff, parents)


async def test_staff_get_html_and_pdf_then_csv_by_button(scene: Scene) -> None:
    """/digest sends the last full month as HTML and PDF; a button sends the CSV."""
    sim = scene.sim
    sim.user_sends(scene.staff, scene.staff, "/digest")
    await scene.bot.settle()
    names = [d["filename"] for d in sim.documents(scene.staff)]
    assert names == ["neuvo-parents-2026-12.html", "neuvo-parents-2026-12.pdf"]
    assert sim.documents(scene.staff)[1]["bytes"].startswith(b"%PDF")
    offer = next(m for m in sim.sent_messages(scene.staff) if m.get("reply_markup"))
    sim.user_presses(scene.staff, offer, "dgf:parents:2026-12:csv")
    await scene.bot.settle()
    csv = sim.documents(scene.staff)[-1]
    assert csv["filename"] == "neuvo-parents-2026-12.csv"
    assert csv["bytes"].startswith("\ufeffPuheenvuoron nro;Pseudonyymi;".encode())
    assert csv["bytes"] == await model_csv(scene)


async def model_csv(scene: Scene) -> bytes:
    """December's CSV in the excel dialect rendered from the month's digest model (what the
    export the bot sends must equal)."""
    app = scene.bot.app
    async with app.sessions() as db:
        digest = await month_digest(
            db, app.settings, app.catalog, group_key="parents", year=2026, month=12,
            now=app.clock(),
        )  # fmt: skip
    assert len(digest.rows) == len(scene.parents)  # the month's contributions are in it
    return render_csv(digest, dialect="excel")


async def test_anyone_else_is_refused(scene: Scene) -> None:
    """A member asking for the digest gets a refusal and no document."""
    parent = scene.parents[0]
    scene.sim.user_sends(parent, parent, "/digest 2026-12")
    await scene.bot.settle()
    assert scene.sim.documents(parent) == []
    (reply,) = scene.sim.sent_messages(parent)
    assert (
        reply["text"] == "Valitettavasti vain hankkeen työntekijät voivat käyttää tätä komentoa."
    )


async def test_monthly_digest_goes_once_to_subscribers(scene: Scene) -> None:
    """After /subscribe the monthly job sends last month's digest once, however often it runs."""
    sim = scene.sim
    sim.user_sends(scene.staff, scene.staff, "/subscribe")
    await scene.bot.settle()
    assert scene.bot.app is not None
    assert await scene.bot.app.monthly.run() == 1
    assert await scene.bot.app.monthly.run() == 0
    names = [d["filename"] for d in sim.documents(scene.staff)]
    assert names == ["neuvo-parents-2026-12.html", "neuvo-parents-2026-12.pdf"]


async def test_staff_get_the_regional_digest_with_all(scene: Scene) -> None:
    """/digest 2026-12 all sends configured staff the regional digest as HTML and PDF."""
    scene.sim.user_sends(scene.staff, scene.staff, "/digest 2026-12 all")
    await scene.bot.settle()
    names = [d["filename"] for d in scene.sim.documents(scene.staff)]
    assert names == ["neuvo-regional-2026-12.html", "neuvo-regional-2026-12.pdf"]
    assert "parents" in scene.sim.documents(scene.staff)[0]["bytes"].decode("utf-8")


async def test_admin_of_one_group_is_refused_the_regional_digest(scene: Scene) -> None:
    """A chat admin who may read only their own group gets a refusal and no document."""
    app = scene.bot.app
    assert app is not None
    async with app.sessions() as db, db.begin():
        await groups.register(db, key="youth", audience="youth", chat_id=-42, now=app.clock())
    admin = int(scene.sim.add_user("Aino")["id"])
    scene.sim.set_admin(scene.chat, admin)
    scene.sim.start_bot(admin)
    scene.sim.user_sends(admin, admin, "/digest 2026-12 all")
    await scene.bot.settle()
    assert scene.sim.documents(admin) == []
    assert scene.sim.sent_messages(admin)[-1]["text"] == (
        "Alueellisen koosteen saa vain projektityöntekijä, jolla on oikeus lukea kaikkien "
        "ryhmien koosteet."
    )
