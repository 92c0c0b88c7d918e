"""`neuvo demo`: a simulated session day, offline, against the sandbox, with the real bot.

The sandbox and the bot share a simulated clock: the script moves it through the evening
before, the three windows and a late reply, and the bot's reconciler acts at each step.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import socket
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from pydantic import SecretStr

from bot.app import App
from bot.clock import ManualClock
from bot.digest_ops import month_digest, write_formats
from bot.web import WebServer
from config import Settings
from demo.harness import InProcessBot
from demo.world import advisory_group
from digest.render import FORMATS
from sandbox.server import SandboxServer
from sandbox.simulator import BotApiSimulator
from storage import contributions, groups

HELSINKI = ZoneInfo("Europe/Helsinki")
SESSION_DAY = date(2026, 12, 8)
DEMO_TOKEN = "4242:demo-token-not-for-telegram"
SERVE_FOR = 60.0
LINK_RE = re.compile(r"https?://\S+/console/login\?t=\S+")


def free_port() -> int:
    """A local TCP port free right now (for the console's address)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def console_link(sim: BotApiSimulator, user_id: int) -> str | None:
    """The newest console sign-in link the bot sent this person privately."""
    for message in reversed(sim.sent_messages(user_id)):
        found = LINK_RE.search(str(message.get("text", "")))
        if found:
            return found.group(0)
    return None


def at(hour: int, minute: int = 0, day: date = SESSION_DAY) -> datetime:
    """A Helsinki wall-clock time on the demo's session day, as aware UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI).astimezone(UTC)


@dataclass
class Transcript:
    """Prints what people and the bot say, in order, with local times."""

    sim: BotApiSimulator
    names: dict[int, str] = field(default_factory=dict)
    shown: set[tuple[int, int]] = field(default_factory=set)

    def line(self, when: datetime, who: str, text: str) -> None:
        stamp = when.astimezone(HELSINKI).strftime("%a %d.%m. %H:%M")
        first, *rest = text.splitlines() or [""]
        print(f"{stamp}  {who:<14} {first}")
        for more in rest:
            print(f"{'':<28} {more}")

    def bot_messages(self) -> None:
        for message in self.sim.sent_messages():
            key = (message["chat"]["id"], message["message_id"])
            if key in self.shown:
                continue
            self.shown.add(key)
            chat = message["chat"]
            where = "privately" if chat["type"] == "private" else "in group"
            when = datetime.fromtimestamp(message["date"], UTC)
            self.line(when, f"Neuvo ({where})", shorten(message.get("text", "[document]")))


def shorten(text: str, lines: int = 4, width: int = 110) -> str:
    """Long bot texts (consent notice, prompts) trimmed for the transcript."""
    kept = [line if len(line) <= width else line[: width - 1] + "…" for line in text.splitlines()]
    kept = [line for line in kept if line.strip()]
    return "\n".join(kept[:lines] + (["…"] if len(kept) > lines else []))


class Demo:
    """The scripted people, the simulated clock and the transcript."""

    def __init__(self, sim: BotApiSimulator, bot: InProcessBot) -> None:
        self.sim, self.bot, self.clock = sim, bot, bot.clock
        self.transcript = Transcript(sim)

    async def settle(self) -> None:
        """Wait for the bot, then print what it said."""
        await self.bot.settle()
        self.transcript.bot_messages()

    async def say(
        self, user: dict[str, object], chat_id: int, text: str, **kw: object
    ) -> dict[str, object]:
        """A person writes; the transcript shows it with its own time."""
        message = self.sim.user_sends(int(str(user["id"])), chat_id, text, **kw)  # type: ignore[arg-type]
        when = datetime.fromtimestamp(int(str(message["date"])), UTC)
        self.transcript.line(when, str(user["first_name"]), text)
        await self.settle()
        return message

    async def press_through(self, user: dict[str, object], limit: int = 4) -> None:
        """The person answers a button dialogue by pressing the first button each time."""
        user_id = int(str(user["id"]))
        for _ in range(limit):
            offers = [m for m in self.sim.sent_messages(user_id) if m.get("reply_markup")]
            if not offers:
                return
            button = offers[-1]["reply_markup"]["inline_keyboard"][0][0]
            self.transcript.line(self.clock(), str(user["first_name"]), f"[{button['text']}]")
            self.sim.user_presses(user_id, offers[-1], button["callback_data"])
            await self.settle()
            if not any(m.get("reply_markup") for m in self.sim.sent_messages(user_id)):
                return

    async def at(self, instant: datetime) -> None:
        """Move the clock and let the scheduler act."""
        self.clock.set(instant)
        await self.bot.tick()
        self.transcript.bot_messages()


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
        try:
            await script(Demo(sim, bot), staff)
            await print_figures(app)
            clock.set(at(8, 0, date(2027, 1, 1)))
            await write_digest(app, settings, output)
            await open_console(Demo(sim, bot), staff, port, serve=serve)
        finally:
            await bot.stop()
    print(f"\nDatabase: {database}")


async def open_console(demo: Demo, staff: dict[str, object], port: int, *, serve: bool) -> None:
    """Sanna asks for a console link; the console is served while the link is shown."""
    assert demo.bot.app is not None
    server = WebServer(demo.bot.app, secret=None)
    await server.start("127.0.0.1", port)
    try:
        print("\n— The web console —")
        await demo.say(staff, int(str(staff["id"])), "/web")
        link = console_link(demo.sim, int(str(staff["id"])))
        print(f"\nConsole sign-in link for Sanna (works once, 10 minutes): {link}")
        if serve:
            print(f"Serving the console for {SERVE_FOR:.0f} s (neuvo demo --serve)…")
            await asyncio.sleep(SERVE_FOR)
        else:
            print("Run `neuvo demo --serve` to keep the console up for a minute and open it.")
    finally:
        await server.stop()


async def script(demo: Demo, staff: dict[str, object]) -> None:
    """One session day of a parents' advisory group."""
    sim = demo.sim
    print("— A project worker starts the bot and sets up the parents' group —")
    await demo.say(staff, int(str(staff["id"])), "/start")
    chat_id = advisory_group(
        sim, "LAPE Päijät-Häme · neuvonantajavanhemmat", int(str(staff["id"]))
    )
    parents = [sim.add_user(name) for name in ("Aino", "Mikko", "Leena", "Jussi")]
    for parent in parents:
        sim.add_member(chat_id, int(parent["id"]))
    await demo.say(staff, chat_id, "/setup parents")

    print("\n— Parents confirm their consent; a new parent joins through a join request —")
    for parent in parents[:2]:
        await demo.say(parent, int(parent["id"]), "/start consent-parents")
        await demo.press_through(parent)
    newcomer = sim.add_user("Anni")
    sim.join_request(int(newcomer["id"]), chat_id)
    await demo.settle()
    await demo.press_through(newcomer)
    parents.append(newcomer)
    await demo.say(staff, chat_id, f"/plan {SESSION_DAY.isoformat()} kiusaaminen")
    await demo.say(staff, chat_id, "/schedule")

    print("\n— The evening before and the morning window —")
    await demo.at(at(18, 0, SESSION_DAY - timedelta(days=1)))
    await demo.at(at(7, 45))
    await demo.at(at(8, 0))
    aino, mikko, leena, jussi, anni = parents
    demo.clock.set(at(8, 12))
    first = await demo.say(
        aino, chat_id, "Meillä kiusaaminen huomattiin vasta kun lapsi ei halunnut kouluun."
    )
    demo.clock.set(at(8, 20))
    await demo.say(mikko, chat_id, "Koulu reagoi nopeasti, kun otimme yhteyttä opettajaan.")
    demo.clock.set(at(8, 31))
    await demo.say(
        staff,
        chat_id,
        "Kiitos! Mikä olisi auttanut huomaamaan asian aiemmin?",
        reply_to=int(str(first["message_id"])),
    )
    demo.clock.set(at(9, 5))
    await demo.say(
        aino, chat_id, "Säännöllinen kysely oppilaille ja matala kynnys ottaa yhteyttä."
    )
    await demo.at(at(10, 0))

    print("\n— Afternoon and evening windows —")
    await demo.at(at(14, 0))
    demo.clock.set(at(14, 40))
    await demo.say(leena, chat_id, "Toivoisin vanhempainiltoja kiusaamisen ehkäisystä.")
    demo.clock.set(at(14, 55))
    await demo.say(anni, chat_id, "Voisiko koulukuraattorin tavata helpommin? Soita 040 123 4567.")
    await demo.at(at(16, 0))
    await demo.at(at(20, 0))
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
