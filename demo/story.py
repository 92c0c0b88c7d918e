"""`neuvo demo`: a simulated session day, offline, against the sandbox, with the real bot.

The sandbox and the bot share a simulated clock: the script moves it through the evening
before, the three windows and a late reply, and the bot's reconciler acts at each step.
Along the day a parent's question is answered back, the parents vote in a quick poll and a
parent asks for help; on 1 January staff take December's digest and a console link.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import socket
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from pydantic import SecretStr

from bot.app import App
from bot.clock import ManualClock
from bot.digest_ops import month_digest, write_formats
from bot.web import WebServer
from config import Settings
from demo.harness import InProcessBot
from demo.participation import (
    answer_question,
    ask_for_help,
    ask_question,
    quick_poll,
    show_poll,
)
from demo.stage import SESSION_DAY, Demo, Person, at, user_id
from demo.world import advisory_group
from digest.render import FORMATS
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from storage import contributions, groups

DEMO_TOKEN = "4242:demo-token-not-for-telegram"
SERVE_FOR = 60.0
LINK_RE = re.compile(r"https?://\S+/console/login\?t=\S+")
DIGEST_DAY = date(2027, 1, 1)
VOTES = (("Aino", 2), ("Mikko", 2), ("Leena", 0), ("Jussi", 2), ("Anni", 1))


def free_port() -> int:
    """A local TCP port free right now (for the console's address)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def console_link(sim: BotApiSimulator, staff_id: int) -> str | None:
    """The newest console sign-in link the bot sent this person privately."""
    for message in reversed(sim.sent_messages(staff_id)):
        found = LINK_RE.search(str(message.get("text", "")))
        if found:
            return found.group(0)
    return None


def digest_time(settings: Settings) -> datetime:
    """When staff take December's digest: 1 January, or later if the quote review (the days
    authors have to withdraw a quote, `quote_review_days`) were still running then."""
    review = timedelta(days=settings.quote_review_days)
    after_review = at(8, 0, SESSION_DAY + timedelta(days=1)) + review
    return max(at(8, 0, DIGEST_DAY), after_review)


@dataclass
class Cast:
    """The project worker, the group and its parents (Aino, Mikko, Leena, Jussi, Anni)."""

    staff: Person
    chat_id: int
    parents: list[Person]

    def parent(self, name: str) -> Person:
        """A parent by first name."""
        return next(p for p in self.parents if p["first_name"] == name)


async def run_demo(output: Path, *, serve: bool = False) -> None:
    """Run the whole demo and print the transcript, the figures and a console link; with
    `serve`, keep the console up for a minute (wall-clock time) to click through."""
    output.mkdir(parents=True, exist_ok=True)
    database = output / "neuvo-demo.db"
    for stale in output.glob("neuvo-demo.db*"):
        stale.unlink()
    clock = ManualClock(at(9, 0, SESSION_DAY - timedelta(days=7)))
    sim = BotApiSimulator()
    sim.set_clock(clock)
    port = free_port()
    async with SandboxServer(sim) as server:
        staff = sim.add_user("Sanna", username="sanna_lape")
        settings = Settings(
            bot_token=SecretStr(DEMO_TOKEN),
            telegram_api_url=server.base_url,
            database_url=f"sqlite+aiosqlite:///{database}",
            staff_ids=(int(staff["id"]),),
            pseudonym_secret=SecretStr(secrets.token_hex(16)),
            municipalities=("Lahti", "Heinola", "Orimattila"),
            polling_timeout=1,
            console_url=f"http://127.0.0.1:{port}",
        )
        bot = InProcessBot(sim, settings, clock)
        app = await bot.start()
        demo = Demo(sim, bot)
        try:
            await script(demo, staff)
            await print_figures(app)
            clock.set(digest_time(settings))
            await write_digest(app, settings, output)
            await open_console(demo, staff, port, serve=serve)
        finally:
            await bot.stop()
    print(f"\nDatabase: {database}")


async def open_console(demo: Demo, staff: Person, port: int, *, serve: bool) -> None:
    """Sanna asks for a console link; the console is served while the link is shown."""
    assert demo.bot.app is not None
    server = WebServer(demo.bot.app, secret=None)
    await server.start("127.0.0.1", port)
    try:
        print("\n— The web console —")
        await demo.say(staff, user_id(staff), "/web")
        link = console_link(demo.sim, user_id(staff))
        print(f"\nConsole sign-in link for Sanna (works once, 10 minutes): {link}")
        if serve:
            print(f"Serving the console for {SERVE_FOR:.0f} s (neuvo demo --serve)…")
            await asyncio.sleep(SERVE_FOR)
        else:
            print("Run `neuvo demo --serve` to keep the console up for a minute and open it.")
    finally:
        await server.stop()


async def script(demo: Demo, staff: Person) -> None:
    """One session day of a parents' advisory group, from setup to the last window."""
    cast = await set_up(demo, staff)
    await morning(demo, cast)
    print("\n— Between the windows: the project worker answers the question —")
    demo.clock.set(at(11, 30))
    await answer_question(demo, cast.staff)
    await afternoon(demo, cast)
    await evening(demo, cast)


async def set_up(demo: Demo, staff: Person) -> Cast:
    """Sanna registers the group; every parent consents (so their words may be quoted); a
    newcomer joins through a join request; the session day is planned."""
    sim = demo.sim
    print("— A project worker starts the bot and sets up the parents' group —")
    await demo.say(staff, user_id(staff), "/start")
    chat_id = advisory_group(sim, "LAPE Päijät-Häme · neuvonantajavanhemmat", user_id(staff))
    parents = [sim.add_user(name) for name in ("Aino", "Mikko", "Leena", "Jussi")]
    for parent in parents:
        sim.add_member(chat_id, user_id(parent))
    await demo.say(staff, chat_id, "/setup parents")

    print("\n— Parents give their consent (so they can be quoted); a newcomer asks to join —")
    for parent in parents:
        await demo.say(parent, user_id(parent), "/start consent-parents")
        await demo.press_through(parent)
    newcomer = sim.add_user("Anni")
    sim.join_request(user_id(newcomer), chat_id)
    await demo.settle()
    await demo.press_through(newcomer)
    await demo.say(staff, chat_id, f"/plan {SESSION_DAY.isoformat()} kiusaaminen")
    await demo.say(staff, chat_id, "/schedule")
    return Cast(staff, chat_id, [*parents, newcomer])


async def morning(demo: Demo, cast: Cast) -> None:
    """The evening before, the morning window, and a parent's question to the staff."""
    chat_id, aino, mikko = cast.chat_id, cast.parent("Aino"), cast.parent("Mikko")
    print("\n— The evening before and the morning window —")
    await demo.at(at(18, 0, SESSION_DAY - timedelta(days=1)))
    await demo.at(at(7, 45))
    await demo.at(at(8, 0))
    demo.clock.set(at(8, 12))
    first = await demo.say(
        aino, chat_id, "Meillä kiusaaminen huomattiin vasta kun lapsi ei halunnut kouluun."
    )
    demo.clock.set(at(8, 20))
    await demo.say(mikko, chat_id, "Koulu reagoi nopeasti, kun otimme yhteyttä opettajaan.")
    demo.clock.set(at(8, 31))
    await demo.say(
        cast.staff,
        chat_id,
        "Kiitos! Mikä olisi auttanut huomaamaan asian aiemmin?",
        reply_to=int(first["message_id"]),
    )
    demo.clock.set(at(9, 5))
    await demo.say(
        aino, chat_id, "Säännöllinen kysely oppilaille ja matala kynnys ottaa yhteyttä."
    )
    print("\n— A parent asks the project workers a question —")
    demo.clock.set(at(9, 30))
    await ask_question(demo, cast.parent("Leena"), chat_id)
    await demo.at(at(10, 0))


async def afternoon(demo: Demo, cast: Cast) -> None:
    """The answer is posted at the opening; a quick poll closes with the window."""
    chat_id = cast.chat_id
    print("\n— The afternoon window opens with the answer; a quick poll —")
    await demo.at(at(14, 0))
    demo.clock.set(at(14, 10))
    votes = [(cast.parent(name), option) for name, option in VOTES]
    poll_message = await quick_poll(demo, cast.staff, chat_id, votes)
    demo.clock.set(at(14, 40))
    await demo.say(
        cast.parent("Leena"), chat_id, "Toivoisin vanhempainiltoja kiusaamisen ehkäisystä."
    )
    demo.clock.set(at(14, 55))
    await demo.say(
        cast.parent("Anni"),
        chat_id,
        "Voisiko koulukuraattorin tavata helpommin? Soita 040 123 4567.",
    )
    await demo.at(at(16, 0))
    show_poll(demo, poll_message)


async def evening(demo: Demo, cast: Cast) -> None:
    """A parent asks for help privately; the evening window and a late reply."""
    chat_id, jussi, mikko = cast.chat_id, cast.parent("Jussi"), cast.parent("Mikko")
    print("\n— The evening window; a parent asks for help —")
    await demo.at(at(20, 0))
    demo.clock.set(at(20, 25))
    await ask_for_help(demo, jussi, chat_id)
    demo.clock.set(at(21, 10))
    await demo.say(jussi, chat_id, "Iltaisin on helpompi osallistua, kiitos tästä ajasta.")
    sent = at(21, 59) + timedelta(seconds=58)
    demo.clock.set(at(22, 0) + timedelta(seconds=5))
    await demo.say(
        mikko,
        chat_id,
        "Vielä yksi ajatus: kaveritaitoja voisi harjoitella koulussa.",
        date=int(sent.timestamp()),
    )
    await demo.at(at(22, 0) + timedelta(seconds=10))


async def write_digest(app: App, settings: Settings, output: Path) -> None:
    """December's digest in every format, as staff would download it on 1 January."""
    async with app.sessions() as db:
        digest = await month_digest(
            db, settings, app.catalog, group_key="parents", year=2026, month=12, now=app.clock()
        )
    print("\nThe month's digest (pseudonymised, redacted):")
    for path in write_formats(digest, FORMATS, output):
        print(f"  {path}")


async def print_figures(app: App) -> None:
    """The stored counts per theme and window, as project workers will see them."""
    async with app.sessions() as db:
        (group,) = await groups.all_groups(db)
        assert group.id is not None
        rows = await contributions.counts_by_window(
            db,
            group_id=group.id,
            start=at(0, 0, SESSION_DAY),
            end=at(0, 0, SESSION_DAY + timedelta(days=1)),
        )
    print("\nStored member contributions (theme, window, count):")
    for theme, window, count in rows:
        print(f"  {theme or 'unthemed':<14} {window or '-':<6} {count}")
