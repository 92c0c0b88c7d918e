"""A simulated month on two webhook instances sharing one PostgreSQL, one killed and restarted.

Issue 7's "done when": two `python -m bot run` processes in webhook mode behind a round-robin
proxy read the sandbox's simulated clock (`clock_url`), so two session days of three windows
pass in well under a minute of real time while one instance is SIGKILLed inside a window and
later started again.
"""

from __future__ import annotations

import asyncio
import subprocess
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import (
    Reader,
    WebhookPair,
    at,
    eventually,
    group_world,
    kill,
    only_postgres,
    start_bot,
    terminate,
    until,
    webhook_pair,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres, pytest.mark.timeout(300)]

DAYS = {date(2027, 2, 9): "kiusaaminen", date(2027, 2, 25): "eroasiat"}
WINDOWS = ((8, 10), (14, 16), (20, 22))
KILLED_IN = (date(2027, 2, 25), 14)  # the second day's afternoon window
MARKS = {
    "remind_evening": "Huomenna klo",
    "remind_soon": "Keskustelu alkaa klo",
    "open": "Keskustelu on auki klo",
    "close": "Kiitos! Keskustelu aiheesta",
}
Window = tuple[str, datetime]  # (theme, window start): where a message must be stored


class Month:
    """The sandbox, two bot processes behind the proxy, and what the test expects of them."""

    def __init__(
        self, sim: BotApiSimulator, pair: WebhookPair, *, chat_id: int, parents: list[int]
    ) -> None:
        self.sim, self.pair, self.chat_id, self.parents = sim, pair, chat_id, parents
        self.reader = Reader(pair.database_url)
        self.processes: list[subprocess.Popen[bytes] | None] = [None, None]
        self.starts = 0
        self.wanted: Counter[str] = Counter()
        self.expected: dict[int, tuple[str | None, datetime | None]] = {}
        self.authors: dict[int, int] = {}
        self.update_ids: set[int] = set()

    async def start(self, n: int) -> None:
        """Start instance `n` (again) on its own port and wait until it set the webhook."""
        self.starts += 1
        env = self.pair.env(n, NEUVO_CLOCK_URL=f"{self.pair.base_url}/_sandbox/now")
        self.processes[n] = start_bot(env, self.pair.tmp_path / f"bot{n}-{self.starts}.log")
        await eventually(
            lambda: len([c for c in self.sim.calls("setWebhook") if c.ok]) == self.starts,
            timeout=90,
            step=0.05,
        )

    async def kill_lease_holder(self) -> int:
        """SIGKILL the process holding the scheduler lease; its index."""
        ((holder,),) = await self.reader.rows("SELECT holder FROM leases WHERE name = 'scheduler'")
        pid = int(str(holder).split(":")[1])  # host:pid:nonce
        (victim,) = [n for n, p in enumerate(self.processes) if p is not None and p.pid == pid]
        process = self.processes[victim]
        assert process is not None
        kill(process)
        return victim

    async def stop_all(self) -> list[int]:
        """SIGTERM every live instance; their exit codes."""
        live = [p for p in self.processes if p is not None and p.poll() is None]
        return list(await asyncio.gather(*(terminate(p) for p in live)))

    def posts(self, kind: str) -> list[dict[str, Any]]:
        """The bot's messages of one kind in the group."""
        return [
            m for m in self.sim.sent_messages(self.chat_id) if MARKS[kind] in m.get("text", "")
        ]

    def counts(self) -> dict[str, int]:
        """How many posts of each kind the group has."""
        return {kind: len(self.posts(kind)) for kind in MARKS}

    async def step(self, instant: datetime, kind: str) -> dict[str, Any]:
        """Move simulated time to `instant`, where one more post of `kind` falls due."""
        self.sim.set_time(instant)
        self.wanted[kind] += 1

        async def done() -> bool:  # posted, and recorded with its message (pins and all done)
            if any(len(self.posts(k)) < self.wanted[k] for k in MARKS):
                return False
            rows = await self.reader.rows(
                "SELECT count(*) FROM window_actions WHERE message_id IS NOT NULL"
            )
            return bool(rows) and int(rows[0][0]) >= sum(self.wanted.values())

        await until(done, timeout=30, step=0.02)
        assert self.counts() == {k: self.wanted[k] for k in MARKS}
        return self.posts(kind)[-1]

    def say(
        self,
        member: int,
        text: str,
        window: Window | None,
        reply_to: dict[str, Any] | None = None,
    ) -> tuple[dict[str, Any], int]:
        """A member writes; `window` is where it must be stored. The message and its update_id."""
        message = self.sim.user_sends(member, self.chat_id, text, reply_to=reply_to)
        message_id = int(message["message_id"])
        self.expected[message_id] = window or (None, None)
        self.authors[message_id] = member
        self.update_ids.add(self.sim.last_update_id)
        return message, self.sim.last_update_id

    async def member_rows(self) -> list[tuple[Any, ...]]:
        """(message_id, theme_key, window_start) of every stored member message."""
        return await self.reader.rows(
            "SELECT message_id, theme_key, window_start FROM contributions "
            f"WHERE chat_id = {self.chat_id} AND NOT is_staff"
        )

    async def stored(self, count: int, *, delivered: bool = True) -> None:
        """Wait until `count` messages are stored (and the sandbox delivered everything)."""

        async def check() -> bool:
            if delivered and self.sim.pending_updates():
                return False
            return len(await self.member_rows()) >= count

        await until(check, timeout=30, step=0.005)

    async def healthy(self) -> None:
        """Wait until every instance answers /healthz with 200 (database and scheduler fine)."""

        async def check() -> bool:
            return all([await _health(port) == 200 for port in self.pair.ports])

        await until(check, timeout=30, step=0.1)

    def tally(self, window: Window) -> str:
        """The close summary's counts for what was said in `window`."""
        said = [m for m, where in self.expected.items() if where == window]
        people = {self.authors[m] for m in said}
        return f"Puheenvuoroja tässä keskustelussa: {len(said)}, osallistujia: {len(people)}."


async def _health(port: int) -> int:
    try:
        async with (
            aiohttp.ClientSession() as http,
            http.get(f"http://127.0.0.1:{port}/healthz") as response,
        ):
            return response.status
    except aiohttp.ClientError:
        return 0


async def run_window(month: Month, day: date, theme: str, start: int, end: int) -> None:
    """Reminder, prompt, members talking (one killing in KILLED_IN), close: each just once."""
    sim, parents = month.sim, month.parents
    window = (theme, at(day, start))
    await month.step(at(day, start - 1, 45), "remind_soon")
    prompt = await month.step(at(day, start), "open")
    assert sim.permissions(month.chat_id)["can_send_messages"] is True
    sim.set_time(at(day, start, 30))
    month.say(parents[2], "Vastaus kysymykseen.", window, reply_to=prompt)
    first, update_id = month.say(parents[3], "Hyvä aihe.", window)
    if (day, start) == (min(DAYS), 8):  # Telegram delivers an update a second time
        await month.stored(len(month.expected))
        sim.push_update({"update_id": update_id, "message": first})
    victim = None
    if (day, start) == KILLED_IN:
        for n in range(12):
            month.say(parents[n % 6], f"Ennen katkosta {n}.", window)
        await month.stored(len(month.expected) - 8, delivered=False)  # more are in flight
        victim = await month.kill_lease_holder()
        sim.set_time(at(day, start, 50))
        for n in range(6):
            month.say(parents[n % 6], f"Katkoksen aikana {n}.", window)
    sim.set_time(at(day, end - 1, 59, 58))
    month.say(parents[4], "Viime hetkellä.", window)
    await month.stored(len(month.expected))
    close = await month.step(at(day, end), "close")  # by the survivor, once the lease lapsed
    await eventually(lambda: sim.permissions(month.chat_id)["can_send_messages"] is False)
    assert month.tally(window) in close["text"]
    if victim is not None:
        await month.start(victim)  # the killed instance comes back
        await month.healthy()


async def test_month_on_two_instances_with_one_killed(database_url: str, tmp_path: Path) -> None:
    """Across a month on two instances, one SIGKILLed mid-window, all is stored and done once."""
    postgres_url = only_postgres(database_url)
    sim = BotApiSimulator()
    sim.set_time(at(date(2027, 2, 1), 9))
    staff, chat_id, parents = group_world(sim, members=6)
    config = tmp_path / "n.toml"
    config.write_text(
        f'staff_ids = [{staff}]\nlease_seconds = 2\n\n[[groups]]\nkey = "parents"\n'
        f'audience = "parents"\nchat_id = {chat_id}\n',
        encoding="utf-8",
    )
    async with webhook_pair(sim, tmp_path, config=config, database_url=postgres_url) as pair:
        month = Month(sim, pair, chat_id=chat_id, parents=parents)
        try:
            await month.start(0)  # alone first: it migrates the database
            await month.start(1)
            for day, theme in DAYS.items():
                sim.user_sends(staff, chat_id, f"/plan {day.isoformat()} {theme}")
            planned = "on keskustelupäivä, teemana"
            await eventually(
                lambda: sum(planned in m.get("text", "") for m in sim.sent_messages(chat_id)) == 2
            )
            month.say(parents[0], "Milloin ensimmäinen keskustelu on?", None)  # no session today
            for day, theme in DAYS.items():
                await month.step(at(day - timedelta(days=1), 18), "remind_evening")
                if day == min(DAYS):  # the group is not locked before its first window closes
                    sim.set_time(at(day, 7, 30))
                    month.say(parents[1], "Aikaisin liikkeellä.", None)
                for start, end in WINDOWS:
                    await run_window(month, day, theme, start, end)
            sim.advance(3600)  # a last look an hour later: nothing more is due, nothing reposted
            await month.stored(len(month.expected))
            await month.healthy()
            assert month.counts() == {k: month.wanted[k] for k in MARKS}
        finally:
            codes = await month.stop_all()
        assert codes == [0, 0]

    try:
        assert month.counts() == {"remind_evening": 2, "remind_soon": 6, "open": 6, "close": 6}
        assert sim.pinned(chat_id) == []  # each prompt was unpinned by its own close
        rows = await month.member_rows()
        assert len(rows) == len(month.expected) == len({row[0] for row in rows})
        assert {int(m): (theme, start) for m, theme, start in rows} == month.expected
        actions = await month.reader.rows(
            "SELECT window_start, action, message_id FROM window_actions"
        )
        expected_actions = {
            (at(day, start), kind)
            for day in DAYS
            for start, _ in WINDOWS
            for kind in ("remind_soon", "open", "close")
        } | {(at(day, WINDOWS[0][0]), "remind_evening") for day in DAYS}
        assert len(actions) == len(expected_actions) == 20
        assert {(start, kind) for start, kind, _ in actions} == expected_actions
        assert [a for a in actions if a[2] is None] == []
        inbox = await month.reader.rows("SELECT update_id, status, attempts FROM inbox_updates")
        assert month.update_ids <= {int(update_id) for update_id, _, _ in inbox}
        assert {(status, attempts) for _, status, attempts in inbox} == {("done", 1)}
    finally:
        await month.reader.close()
