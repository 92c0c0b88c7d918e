"""The benchmarks' scripted group: one supergroup, its staff member and members, a planned
session day, and member messages spread evenly over its 08–10 window."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as wall_time
from zoneinfo import ZoneInfo

from bot.clock import ManualClock
from sandbox.simulator import BotApiSimulator

HELSINKI = ZoneInfo("Europe/Helsinki")
SESSION_DAY = date(2026, 12, 8)
THEME = "kiusaaminen"
GROUP_KEY = "parents"
TOKEN = "4242:bench-token-not-for-telegram"
MEMBERS = 20
WINDOW_SECONDS = 2 * 60 * 60


@dataclass(frozen=True)
class World:
    """The sandbox's scripted group: the chat and who speaks in it."""

    sim: BotApiSimulator
    chat_id: int
    staff_id: int
    member_ids: tuple[int, ...]


def local(hour: int, minute: int = 0, second: int = 0) -> datetime:
    """A Helsinki wall-clock time on the session day, as aware UTC."""
    wall = wall_time(hour, minute, second)
    return datetime.combine(SESSION_DAY, wall, tzinfo=HELSINKI).astimezone(UTC)


def bench_clock() -> ManualClock:
    """The clock of every run: the last second of the open 08–10 window."""
    return ManualClock(local(9, 59, 59))


def sent_at(index: int, count: int) -> datetime:
    """When message `index` of `count` is sent: evenly over the 08–10 window."""
    return local(8) + timedelta(seconds=index * WINDOW_SECONDS // count)


def make_world(clock: ManualClock) -> World:
    """A supergroup with the bot as admin, one staff user and MEMBERS members."""
    sim = BotApiSimulator()
    sim.set_clock(clock)
    staff = sim.add_user("Sanna", username="sanna_lape")
    chat_id = int(sim.add_chat("Bench · neuvonantajavanhemmat")["id"])
    sim.set_bot_rights(chat_id, can_delete_messages=True, can_pin_messages=True)
    sim.set_admin(chat_id, int(staff["id"]))
    member_ids = tuple(int(sim.add_user(f"Member{n}")["id"]) for n in range(MEMBERS))
    for user_id in member_ids:
        sim.add_member(chat_id, user_id)
    return World(sim, chat_id, int(staff["id"]), member_ids)


def queue_messages(world: World, count: int) -> None:
    """Members take turns sending `count` text messages; all wait in the sandbox's queue."""
    members = world.member_ids
    before = world.sim.pending_updates()
    for n in range(count):
        text = f"Puheenvuoro {n}: kiusaaminen huomattiin vasta kun lapsi ei halunnut kouluun."
        world.sim.user_sends(
            members[n % len(members)], world.chat_id, text, date=sent_at(n, count)
        )
    queued = world.sim.pending_updates() - before
    if queued != count:
        raise RuntimeError(f"the sandbox queued {queued} updates, expected {count}")
