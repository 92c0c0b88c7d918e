"""The demo's stage: the simulated clock, the scripted people's actions and the transcript.

People act through the sandbox exactly as Telegram users would (write, press a button,
follow a link, vote); after each action the bot is left to settle and whatever it said is
printed, in order, with Helsinki wall-clock times.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from demo.harness import InProcessBot
from sandbox.simulator import BotApiSimulator

HELSINKI = ZoneInfo("Europe/Helsinki")
SESSION_DAY = date(2026, 12, 8)
WHO_WIDTH = 18
INDENT = " " * (len("Tue 08.12. 08:00  ") + WHO_WIDTH + 1)

Person = dict[str, Any]


def at(hour: int, minute: int = 0, day: date = SESSION_DAY) -> datetime:
    """A Helsinki wall-clock time on the demo's session day, as aware UTC."""
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI).astimezone(UTC)


def shorten(text: str, lines: int = 4, width: int = 110) -> str:
    """Long bot texts (consent notice, prompts, the help directory) trimmed for the
    transcript."""
    kept = [line if len(line) <= width else line[: width - 1] + "…" for line in text.splitlines()]
    kept = [line for line in kept if line.strip()]
    return "\n".join(kept[:lines] + (["…"] if len(kept) > lines else []))


def poll_text(poll: dict[str, Any]) -> str:
    """A poll as the group sees it: the question, then each option with its votes."""
    closed = " (suljettu)" if poll.get("is_closed") else ""
    options = [f"  ○ {o['text']} — {o['voter_count']}" for o in poll["options"]]
    return "\n".join([f"📊 {poll['question']}{closed}", *options])


def message_text(message: dict[str, Any]) -> str:
    """What a bot message shows: its text, caption, poll or document name."""
    if "poll" in message:
        return poll_text(message["poll"])
    if "text" in message:
        return str(message["text"])
    document = message.get("document", {})
    caption = message.get("caption", "")
    return f"[{document.get('file_name', 'document')}] {caption}".strip()


@dataclass
class Transcript:
    """Prints what people and the bot say, in order, with local times."""

    sim: BotApiSimulator
    shown: set[tuple[int, int]] = field(default_factory=set)

    def line(self, when: datetime, who: str, text: str) -> None:
        """One entry: time, speaker, the first line; further lines indented below."""
        stamp = when.astimezone(HELSINKI).strftime("%a %d.%m. %H:%M")
        first, *rest = text.splitlines() or [""]
        print(f"{stamp}  {who:<{WHO_WIDTH}} {first}")
        for more in rest:
            print(f"{INDENT}{more}")

    def bot_messages(self) -> None:
        """Every bot message not printed yet (in its current state)."""
        for message in self.sim.sent_messages():
            key = (message["chat"]["id"], message["message_id"])
            if key in self.shown:
                continue
            self.shown.add(key)
            private = message["chat"]["type"] == "private"
            name = message["chat"].get("first_name", "")
            who = f"Neuvo → {name}" if private else "Neuvo (group)"
            when = datetime.fromtimestamp(message["date"], UTC)
            self.line(when, who, shorten(message_text(message)))


def user_id(person: Person) -> int:
    """The scripted person's Telegram id."""
    return int(person["id"])


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
        self, person: Person, chat_id: int, text: str, *, shown: str | None = None, **kw: Any
    ) -> dict[str, Any]:
        """A person writes (`shown`: how the transcript shows it, e.g. a followed link)."""
        message = self.sim.user_sends(user_id(person), chat_id, text, **kw)
        when = datetime.fromtimestamp(int(message["date"]), UTC)
        self.transcript.line(when, str(person["first_name"]), shown or text)
        await self.settle()
        return message

    async def press(self, person: Person, message: dict[str, Any], data: str) -> None:
        """The person presses the button with `data` under `message`."""
        current = self.sim.message(int(message["chat"]["id"]), int(message["message_id"]))
        assert current is not None
        rows = current["reply_markup"]["inline_keyboard"]
        label = next(b["text"] for row in rows for b in row if b.get("callback_data") == data)
        self.transcript.line(self.clock(), str(person["first_name"]), f"[{label}]")
        self.sim.user_presses(user_id(person), current, data)
        await self.settle()

    async def press_through(self, person: Person, limit: int = 4) -> None:
        """The person answers a button dialogue by pressing the first button each time."""
        for _ in range(limit):
            offers = [m for m in self.sim.sent_messages(user_id(person)) if m.get("reply_markup")]
            if not offers:
                return
            first = offers[-1]["reply_markup"]["inline_keyboard"][0][0]
            await self.press(person, offers[-1], first["callback_data"])
            if not any(m.get("reply_markup") for m in self.sim.sent_messages(user_id(person))):
                return

    async def follow_start_link(self, person: Person, message: dict[str, Any]) -> None:
        """The person taps a `t.me/…?start=PAYLOAD` button: Telegram opens the private chat
        and sends `/start PAYLOAD` for them."""
        rows = message["reply_markup"]["inline_keyboard"]
        button = next(b for row in rows for b in row if "?start=" in b.get("url", ""))
        payload = str(button["url"]).split("?start=", 1)[1]
        await self.say(person, user_id(person), f"/start {payload}", shown=f"[{button['text']}]")

    async def vote(self, person: Person, poll_message: dict[str, Any], option: int) -> None:
        """The person votes in the bot's poll."""
        chat_id, message_id = int(poll_message["chat"]["id"]), int(poll_message["message_id"])
        poll = self.sim.user_votes(user_id(person), chat_id, message_id, [option])
        choice = poll["options"][option]["text"]
        self.transcript.line(self.clock(), str(person["first_name"]), f"[ääni: {choice}]")
        await self.settle()

    async def at(self, instant: datetime) -> None:
        """Move the clock and let the scheduler act."""
        self.clock.set(instant)
        await self.bot.tick()
        self.transcript.bot_messages()
