"""The real bot process against the sandbox: /start, and no update lost or doubled by SIGKILL."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import (
    ROOT,
    Reader,
    bot_env,
    eventually,
    group_toml,
    group_world,
    kill,
    start_bot,
    stop,
    until,
)

pytestmark = pytest.mark.slow


async def test_run_answers_start(
    sandbox: tuple[BotApiSimulator, str], tmp_path: Path, database_url: str
) -> None:
    """`neuvo run` answers /start in the user's language and exits cleanly on SIGTERM."""
    sim, url = sandbox
    user = int(sim.add_user("Anna", language_code="sv")["id"])
    env = bot_env(url, tmp_path, NEUVO_DATABASE_URL=database_url)
    process = start_bot(env, tmp_path / "bot.log")
    try:
        sim.user_sends(user, user, "/start")
        await eventually(lambda: bool(sim.sent_messages(user)), timeout=30)
        assert sim.sent_messages(user)[0]["text"].startswith("Hej! Jag är Neuvo")
    finally:
        assert stop(process) == 0, (tmp_path / "bot.log").read_text()


async def test_sigkill_mid_batch_loses_nothing_and_doubles_nothing(
    sandbox: tuple[BotApiSimulator, str], tmp_path: Path, database_url: str
) -> None:
    """Killed mid-batch, the restarted bot stores every message exactly once (both backends)."""
    sim, url = sandbox
    staff, chat_id, parents = group_world(sim, members=200)  # ≤ 4 messages each: no flood
    toml = group_toml(tmp_path / "n.toml", chat_id, staff)
    env = bot_env(url, tmp_path, NEUVO_CONFIG=str(toml), NEUVO_DATABASE_URL=database_url)
    db = Reader(database_url)
    sent = [sim.user_sends(parents[n % 200], chat_id, f"viesti {n}") for n in range(600)]
    pending = "SELECT count(*) FROM inbox_updates WHERE status = 'pending'"
    handled = "SELECT count(*) FROM contributions"

    async def half_way() -> bool:
        waiting, done = await db.rows(pending), await db.rows(handled)
        return bool(waiting and done and waiting[0][0] and done[0][0])

    async def all_stored() -> bool:
        return (await db.rows(handled))[0][0] == 800 and sim.pending_updates() == 0

    try:
        process = start_bot(env, tmp_path / "bot.log")
        try:
            await until(half_way, timeout=60, step=0.002)
        finally:
            kill(process)
        assert 0 < int(str((await db.rows(handled))[0][0])) < 600
        sent += [sim.user_sends(parents[n], chat_id, f"taustalla {n}") for n in range(200)]
        process = start_bot(env, tmp_path / "bot2.log")
        try:
            await until(all_stored, timeout=90, step=0.05)
        finally:
            assert stop(process) == 0, (tmp_path / "bot2.log").read_text()
        stored = await db.rows("SELECT message_id FROM contributions ORDER BY message_id")
        assert [row[0] for row in stored] == sorted(int(m["message_id"]) for m in sent)
        statuses = await db.rows(
            "SELECT status, attempts, count(*) FROM inbox_updates GROUP BY status, attempts"
        )
        assert statuses == [("done", 1, 800)]
    finally:
        await db.close()


def test_run_without_token_says_how_to_get_one(tmp_path: Path) -> None:
    """Without NEUVO_BOT_TOKEN, `neuvo run` prints one line about @BotFather and exits 2."""
    env = bot_env("http://127.0.0.1:9", tmp_path)
    env.pop("NEUVO_BOT_TOKEN")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert "@BotFather" in result.stderr and "make demo" in result.stderr
    assert "Traceback" not in result.stderr


def test_bad_setting_is_one_line_without_traceback(tmp_path: Path) -> None:
    """A bad setting stops the bot with one line naming the variable."""
    env = bot_env("http://127.0.0.1:9", tmp_path, NEUVO_TIMEZONE="Europe/Helsinkki")
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "neuvo: setting timezone (env NEUVO_TIMEZONE): unknown time zone 'Europe/Helsinkki' "
        "(use an IANA name like Europe/Helsinki)"
    ]


def test_invalid_catalog_stops_start_with_file_lines(tmp_path: Path) -> None:
    """An invalid deployment catalog stops `neuvo run` with the same file:line errors."""
    catalog = tmp_path / "themes"
    catalog.mkdir()
    (catalog / "oma.toml").write_text('key = "oma"\naudience = "parents"\n', encoding="utf-8")
    env = bot_env("http://127.0.0.1:9", tmp_path, NEUVO_THEME_DIRS=f'["{catalog}"]')
    result = subprocess.run(
        [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"neuvo: {catalog / 'oma.toml'}:1: missing [fi] table: Finnish wording is required"
    ]
