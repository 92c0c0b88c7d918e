"""Digest months are bounded: from 2000-01 to the month now running in the group's zone."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from config import load_settings
from digest.errors import DigestError
from digest.periods import check_month

runner = CliRunner()
NOW = datetime(2026, 12, 31, 22, 30, tzinfo=UTC)  # 00:30 on 1.1.2027 in Helsinki


@pytest.mark.parametrize("month", [(1999, 12), (1, 1), (2027, 2), (9999, 12)])
def test_months_out_of_bounds_are_refused(month: tuple[int, int]) -> None:
    """Before 2000-01 or after the current local month: DigestError naming the month."""
    with pytest.raises(DigestError, match=f"{month[0]:04d}-{month[1]:02d}"):
        check_month(*month, now=NOW, zone="Europe/Helsinki")


@pytest.mark.parametrize("month", [(2000, 1), (2026, 12), (2027, 1)])
def test_past_and_current_months_are_allowed(month: tuple[int, int]) -> None:
    """2000-01, a past month and the month that has started locally (an interim digest) pass."""
    check_month(*month, now=NOW, zone="Europe/Helsinki")


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "2999-01"])
def test_cli_refuses_out_of_bounds_months_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, month: str
) -> None:
    """`neuvo digest --month` outside the bounds: one line, exit 2, no traceback."""
    for name in ("NEUVO_CONFIG", "NEUVO_BOT_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    monkeypatch.setenv("NEUVO_PSEUDONYM_SECRET", "cli-test-secret-0123456789")
    _register_group(tmp_path)
    result = runner.invoke(
        cli, ["digest", "--group", "parents", "--month", month, "--format", "md"]
    )
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and month in lines[0]
    assert result.exception is None or isinstance(result.exception, SystemExit)


def _register_group(tmp_path: Path) -> None:
    """A migrated database holding the group 'parents'."""
    from bot.operations import upgrade_database
    from storage import groups
    from storage.db import create_engine, session_factory, transaction

    async def run() -> None:
        settings = load_settings()
        await upgrade_database(settings)
        engine = create_engine(settings.database_url)
        try:
            async with transaction(session_factory(engine)) as db:
                await groups.register(
                    db,
                    key="parents",
                    audience="parents",
                    chat_id=-5,
                    now=datetime.now(UTC),
                    title="",
                    language="fi",
                    timezone="Europe/Helsinki",
                    lock_between_sessions=False,
                )
        finally:
            await engine.dispose()

    asyncio.run(run())
