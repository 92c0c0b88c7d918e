"""Only `run` and `db upgrade` create or migrate a database; declared groups are known to all."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli

runner = CliRunner()
DIGEST = ["digest", "--group", "parents", "--month", "2026-12", "--format", "md"]


@pytest.fixture(autouse=True)
def secret_set(clean_env: None, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run in the clean directory with a pseudonym secret set."""
    monkeypatch.setenv("NEUVO_PSEUDONYM_SECRET", "cli-test-secret-0123456789")


def use_database(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{path}")


@pytest.mark.parametrize(("command", "code"), [(DIGEST, 2), (["replay"], 2), (["check"], 1)])
def test_missing_sqlite_file_is_one_line_and_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], code: int
) -> None:
    """digest, replay and check on a missing SQLite file fail in one line and create nothing."""
    database = tmp_path / "typo.db"
    use_database(monkeypatch, database)
    result = runner.invoke(cli, command)
    assert result.exit_code == code, result.output
    assert not database.exists()
    failure = [line for line in result.output.splitlines() if str(database) in line]
    assert len(failure) == 1 and "does not exist" in failure[0]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("command", "code"), [(DIGEST, 2), (["replay"], 2), (["check"], 1)])
def test_unmigrated_database_says_to_upgrade(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: list[str], code: int
) -> None:
    """On a database not migrated to head the command says to run `neuvo db upgrade`."""
    database = tmp_path / "empty.db"
    database.touch()
    use_database(monkeypatch, database)
    result = runner.invoke(cli, command)
    assert result.exit_code == code, result.output
    assert "neuvo db upgrade" in result.output
    with sqlite3.connect(database) as connection:
        tables = connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
        assert tables.fetchall() == []  # nothing migrated


def test_declared_group_is_known_to_digest_before_any_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A group declared in TOML gets a digest right after `neuvo db upgrade`."""
    use_database(monkeypatch, tmp_path / "d.db")
    toml = tmp_path / "n.toml"
    toml.write_text('[[groups]]\nkey = "parents"\naudience = "parents"\nchat_id = -5\n', "utf-8")
    monkeypatch.setenv("NEUVO_CONFIG", str(toml))
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(cli, [*DIGEST, "-o", str(tmp_path / "out.md")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out.md").read_text(encoding="utf-8").strip()
