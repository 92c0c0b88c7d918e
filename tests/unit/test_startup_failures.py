"""Start-up failures are one line on stderr with the README's exit code; secrets never print."""

from __future__ import annotations

import asyncio
import logging
import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from bot.database_wait import migrate_when_reachable
from storage.db import create_engine, masked_url

runner = CliRunner()
SECRET_URL = "postgresql+asyncpg://neuvo:hunter2secret@127.0.0.1:9/neuvo"


pytestmark = pytest.mark.usefixtures("clean_env")


def test_masked_url_hides_only_the_password() -> None:
    """The password becomes ***; user, host, port and database stay readable."""
    assert masked_url(SECRET_URL) == "postgresql+asyncpg://neuvo:***@127.0.0.1:9/neuvo"
    assert "hunter2secret" not in masked_url("postgresql+asyncpg://u:hunter2secret@h:x/db")


@pytest.mark.parametrize("command", [["db", "upgrade"], ["check"]])
def test_database_password_never_prints(
    monkeypatch: pytest.MonkeyPatch, command: list[str]
) -> None:
    """An unreachable PostgreSQL in `db upgrade` and `check`: one line, password masked."""
    monkeypatch.setenv("NEUVO_DATABASE_URL", SECRET_URL)
    result = runner.invoke(cli, command)
    assert result.exit_code in (1, 2)
    assert "hunter2secret" not in result.output
    assert "Traceback" not in result.output
    assert "neuvo:***@127.0.0.1:9" in result.output


def test_bad_token_format_is_one_line(monkeypatch: pytest.MonkeyPatch) -> None:
    """NEUVO_BOT_TOKEN=abc is one line naming the setting, exit 2, no validation dump."""
    monkeypatch.setenv("NEUVO_BOT_TOKEN", "abc")
    result = runner.invoke(cli, ["run"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "NEUVO_BOT_TOKEN" in lines[0]
    assert "abc" not in lines[0]


def test_missing_database_directory_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`run` and `db upgrade` on a SQLite path in a missing directory: one line, exit 2."""
    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/nope/n.db")
    monkeypatch.setenv("NEUVO_BOT_TOKEN", "123456:" + "A" * 35)
    for command in (["db", "upgrade"], ["run"]):
        result = runner.invoke(cli, command)
        assert result.exit_code == 2, result.output
        lines = [line for line in result.output.strip().splitlines() if "neuvo:" in line]
        assert len(lines) == 1 and f"{tmp_path}/nope" in lines[0], result.output
        assert "Traceback" not in result.output


def test_port_in_use_is_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A webhook/health port already taken stops `run` with one line naming it, exit 2."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path}/n.db")
        monkeypatch.setenv("NEUVO_BOT_TOKEN", "123456:" + "A" * 35)
        monkeypatch.setenv("NEUVO_WEBHOOK_HOST", "127.0.0.1")
        monkeypatch.setenv("NEUVO_WEBHOOK_PORT", str(port))
        monkeypatch.setattr("bot.app.start_up", _no_telegram)
        result = runner.invoke(cli, ["run"])
    assert result.exit_code == 2, result.output
    lines = [line for line in result.output.strip().splitlines() if "neuvo:" in line]
    assert len(lines) == 1 and f"127.0.0.1:{port}" in lines[0], result.output


async def _no_telegram(app: object, stop: asyncio.Event) -> None:
    """Start-up without Telegram: the test is about the HTTP server's port."""


async def test_unreachable_database_is_retried_with_backoff(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """While the database is unreachable start-up waits with growing pauses, logging once when
    it goes down and once when it is back; then it migrates."""
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'n.db'}")
    pauses: list[float] = []
    failures = iter([ConnectionRefusedError(111, "refused")] * 4)

    async def flaky_upgrade(target: object) -> None:
        error = next(failures, None)
        if error is not None:
            raise error
        from storage import migrate

        await migrate.upgrade(engine)

    async def pause(stop: asyncio.Event, seconds: float) -> None:
        pauses.append(seconds)

    with caplog.at_level(logging.INFO, logger="bot.database_wait"):
        reached = await migrate_when_reachable(
            engine, asyncio.Event(), pause=pause, upgrade=flaky_upgrade
        )
    await engine.dispose()
    assert reached
    assert pauses == sorted(pauses) and len(pauses) == 4 and pauses[0] < pauses[-1]
    messages = [r.getMessage() for r in caplog.records if r.name == "bot.database_wait"]
    assert len(messages) == 2, messages
    assert "unreachable" in messages[0] and "reachable again" in messages[1]
