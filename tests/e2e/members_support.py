"""A running bot with one advisory group, for the membership end-to-end tests."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from bot.i18n import build_i18n, speaking
from bot.membership import rules_text
from bot.membership_jobs import MembershipJobs
from config import Settings
from demo.harness import InProcessBot
from sandbox.simulator import BotApiSimulator
from storage.models import Group
from tests.e2e.helpers import Reader, group_world, parents_group, started_bot
from tests.traces import traces

HELSINKI = ZoneInfo("Europe/Helsinki")
START = datetime(2026, 12, 7, 10, 0, tzinfo=HELSINKI).astimezone(UTC)
MUNICIPALITIES = ("Lahti", "Heinola", "Hollola")
I18N = build_i18n("fi")


def tr(msgid: str, language: str) -> str:
    """What the bot's catalogs say for `msgid` in `language` (English is the msgid)."""
    return I18N.gettext(msgid, locale=language)


def rendered(text: Callable[..., str], language: str, *args: Any) -> str:
    """A text function of the bot, spoken in `language`."""
    with speaking(I18N, language):
        return text(*args)


def sample_group() -> Group:
    """A group row like the one `running_world` declares (for rendering expected texts)."""
    return Group(key="neuvo", title="Neuvonantajat", audience="parents", created_at=START)


def default_rules(language: str) -> str:
    """The built-in rules in `language`."""
    return rendered(rules_text, language, Settings(), sample_group(), language)


class World:
    """The sandbox, the bot, the group and its people, and a window on the database."""

    def __init__(
        self,
        sim: BotApiSimulator,
        bot: InProcessBot,
        db: Reader,
        chat: int,
        staff: int,
        members: list[int],
    ) -> None:
        self.sim, self.bot, self.db = sim, bot, db
        self.chat, self.staff, self.members = chat, staff, members

    @property
    def clock(self) -> ManualClock:
        """The shared simulated clock."""
        return self.bot.clock

    @property
    def jobs(self) -> MembershipJobs:
        """The running bot's membership jobs."""
        assert self.bot.app is not None
        jobs: MembershipJobs = self.bot.app.dispatcher["membership_jobs"]
        return jobs

    async def rows(self, sql: str, /, **params: object) -> list[tuple[Any, ...]]:
        """Rows of a query (with `:name` parameters) on the bot's database, any backend."""
        return await self.db.rows(sql, **params)

    async def traces(self, user_id: int, texts: tuple[str, ...]) -> list[tuple[str, str, Any]]:
        """Every (table, column, value) in the database holding the user's id or a text."""
        async with self.db.engine.connect() as connection:
            return await traces(connection, user_id, texts)

    def person(self, name: str, language: str = "fi", user_id: int | None = None) -> int:
        """A new Telegram user outside the group."""
        return int(self.sim.add_user(name, language_code=language, user_id=user_id)["id"])

    def private(self, user: int) -> list[dict[str, Any]]:
        """The bot's messages in the private chat with `user` (current state)."""
        if user not in self.sim.chats:
            return []
        return self.sim.sent_messages(user)

    def last_private(self, user: int) -> dict[str, Any]:
        """The latest bot message to `user`."""
        messages = self.private(user)
        assert messages, f"the bot wrote nothing to {user}"
        return messages[-1]

    def group_texts(self) -> list[str]:
        """Texts the bot posted in the group."""
        return [m.get("text", "") for m in self.sim.sent_messages(self.chat)]

    async def say(self, user: int, text: str, **kw: Any) -> int:
        """`user` writes in the group; returns the message id once handled."""
        message = self.sim.user_sends(user, self.chat, text, **kw)
        await self.bot.settle()
        return int(message["message_id"])

    async def private_command(self, user: int, text: str) -> None:
        """`user` writes to the bot in private."""
        self.sim.user_sends(user, user, text)
        await self.bot.settle()

    async def press(self, user: int, message: dict[str, Any], suffix: str) -> str:
        """Press the button of `message` whose callback data ends with `suffix`."""
        current = self.sim.message(int(message["chat"]["id"]), int(message["message_id"]))
        assert current is not None
        rows = current.get("reply_markup", {}).get("inline_keyboard", [])
        data = [b["callback_data"] for row in rows for b in row if "callback_data" in b]
        chosen = [d for d in data if d.endswith(suffix)]
        assert chosen, f"no button ending {suffix!r} in {data}"
        query_id = self.sim.user_presses(user, current, chosen[0])
        await self.bot.settle()
        return query_id

    def current(self, message: dict[str, Any]) -> dict[str, Any]:
        """A message as it is now (after edits)."""
        found = self.sim.message(int(message["chat"]["id"]), int(message["message_id"]))
        assert found is not None
        return found

    def buttons(self, message: dict[str, Any]) -> list[str]:
        """Callback data of the message's buttons now."""
        rows = self.current(message).get("reply_markup", {}).get("inline_keyboard", [])
        return [b.get("callback_data") or b.get("url", "") for row in rows for b in row]

    async def ask_to_join(self, user: int) -> dict[str, Any]:
        """Send a join request and let the bot answer; returns the dialogue message."""
        self.sim.join_request(user, self.chat)
        await self.bot.settle()
        return self.last_private(user)

    async def requests_to_join(self, *names: str) -> list[int]:
        """New people by these names each ask to join, then the bot answers; their ids."""
        people = [self.person(name) for name in names]
        for person in people:
            self.sim.join_request(person, self.chat)
        await self.bot.settle()
        return people

    async def join(self, user: int, *, municipality: str = ":m:0") -> dict[str, Any]:
        """Ask to join and answer yes and a municipality; returns the dialogue message."""
        notice = await self.ask_to_join(user)
        await self.press(user, notice, ":a")
        await self.press(user, notice, municipality)
        return notice

    def calls_made(self, method: str) -> int:
        """Successful Bot API calls of `method` so far."""
        return len([call for call in self.sim.calls(method) if call.ok])

    async def audit(self, action: str) -> list[tuple[Any, ...]]:
        """(actor, target, outcome, reason) of audit entries for `action`."""
        return await self.rows(
            "SELECT actor_user_id, target_user_id, outcome, reason FROM moderation_actions "
            "WHERE action = :action ORDER BY id",
            action=action,
        )


def at(hour: int, minute: int = 0, days: int = 0) -> datetime:
    """A Helsinki wall-clock time on the start day (plus `days`), as UTC."""
    day = START.astimezone(HELSINKI).date() + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=HELSINKI).astimezone(UTC)


@asynccontextmanager
async def running_world(
    database_url: str,
    *,
    audience: str = "parents",
    members: int = 3,
    group: dict[str, Any] | None = None,
    **settings: Any,
) -> AsyncIterator[World]:
    """A started bot with one declared group ("neuvo") whose bot is a full admin."""
    sim = BotApiSimulator()
    clock = ManualClock(START)
    sim.set_clock(clock)
    staff, chat, people = group_world(sim, members, member_name="Jäsen")
    declared = {
        "key": "neuvo",
        "audience": audience,
        "title": "Neuvonantajat",
        "lock_between_sessions": False,
        **(group or {}),
    }
    group_config = parents_group(chat, **declared)
    started = started_bot(
        sim, clock, database_url, staff, group_config, municipalities=MUNICIPALITIES, **settings
    )
    async with started as bot:
        reader = Reader(database_url, missing_ok=False)
        try:
            yield World(sim, bot, reader, chat, staff, people)
        finally:
            await reader.close()
