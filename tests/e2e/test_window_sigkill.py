"""A real bot process, SIGKILLed inside an open window on the real clock: one prompt, one close."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import (
    Reader,
    bot_env,
    eventually,
    group_world,
    kill,
    start_bot,
    stop,
    until,
)

pytestmark = [pytest.mark.slow, pytest.mark.timeout(300)]
HELSINKI = ZoneInfo("Europe/Helsinki")
PROMPT_MARK = "Keskustelu on auki klo"
CLOSE_MARK = "Kiitos! Keskustelu aiheesta"


def next_window(now: datetime) -> tuple[datetime, datetime]:
    """A one-minute window starting at the next whole minute at least 15 s away (local)."""
    start = (now + timedelta(seconds=15)).replace(second=0, microsecond=0) + timedelta(minutes=1)
    return start, start + timedelta(minutes=1)


async def test_sigkill_inside_window(
    sandbox: tuple[BotApiSimulator, str], tmp_path: Path, database_url: str
) -> None:
    """Killed once the prompt and a message are committed, the restarted bot neither reposts
    the prompt nor misses the close."""
    sim, url = sandbox
    staff, chat_id, parents = group_world(sim, members=2)
    start, end = next_window(datetime.now(HELSINKI))
    if start.date() != end.date():
        pytest.skip("the one-minute window would cross local midnight")
    toml = tmp_path / "n.toml"
    toml.write_text(
        f'staff_ids = [{staff}]\nlease_seconds = 3\n\n[[groups]]\nkey = "parents"\n'
        f'audience = "parents"\nchat_id = {chat_id}\nremind_evening_at = ""\n'
        f'remind_minutes_before = 0\nwindows = ["{start:%H:%M}-{end:%H:%M}"]\n',
        encoding="utf-8",
    )
    env = bot_env(url, tmp_path, NEUVO_CONFIG=str(toml), NEUVO_DATABASE_URL=database_url)

    def texts(mark: str) -> list[str]:
        return [m["text"] for m in sim.sent_messages(chat_id) if mark in m.get("text", "")]

    reader = Reader(database_url)

    async def committed(sql: str) -> bool:
        return bool(await reader.rows(sql))

    process = start_bot(env, tmp_path / "bot.log")
    try:
        sim.user_sends(staff, chat_id, f"/plan {start.date().isoformat()} kiusaaminen")
        wait = (start - datetime.now(HELSINKI)).total_seconds() + 60
        prompt_done = "SELECT 1 FROM window_actions WHERE action = 'open' AND state = 'done'"
        await until(lambda: committed(prompt_done), timeout=wait, step=0.05)
        sim.user_sends(parents[0], chat_id, "Ennen katkosta.")
        stored = "SELECT 1 FROM contributions WHERE text = 'Ennen katkosta.'"
        await until(lambda: committed(stored), timeout=60, step=0.05)
    finally:
        kill(process)
        await reader.close()
    sim.user_sends(parents[1], chat_id, "Katkoksen aikana.")

    process = start_bot(env, tmp_path / "bot2.log")
    try:
        remaining = (end.astimezone(UTC) - datetime.now(UTC)).total_seconds()
        await eventually(lambda: len(texts(CLOSE_MARK)) == 1, timeout=remaining + 75, step=0.1)
    finally:
        exit_code = stop(process)
    assert exit_code == 0, (tmp_path / "bot2.log").read_text()
    assert len(texts(PROMPT_MARK)) == 1
    (close,) = texts(CLOSE_MARK)
    assert "Puheenvuoroja tässä keskustelussa: 2, osallistujia: 2." in close
