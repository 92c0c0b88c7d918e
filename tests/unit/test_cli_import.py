"""`neuvo import telegram-export` end to end through the CLI on a SQLite file."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from tests.unit.cli_support import use_sqlite_config

runner = CliRunner()
DATA = Path(__file__).parents[1] / "data" / "telegram_export"
TOML = '[[groups]]\nkey = "parents"\naudience = "parents"\nchat_id = -1001987654321\n'


@pytest.fixture(autouse=True)
def declared_env(clean_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No NEUVO_* variable from the machine; a declared group on a SQLite file in tmp_path."""
    use_sqlite_config(monkeypatch, tmp_path, TOML)


def import_file(name: str, *extra: str) -> list[str]:
    """The command line importing a sample export into the parents' group."""
    return ["import", "telegram-export", str(DATA / name), "--group", "parents", *extra]


def contributions(tmp_path: Path) -> int:
    """How many contributions the SQLite file holds."""
    with sqlite3.connect(tmp_path / "n.db") as connection:
        return int(connection.execute("SELECT count(*) FROM contributions").fetchone()[0])


def test_import_twice_stores_once_and_reports(tmp_path: Path) -> None:
    """The first run stores the export's messages, the second says all were already stored."""
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    first = runner.invoke(cli, import_file("group.json", "--theme", "2026-11-04=kiusaaminen"))
    assert first.exit_code == 0, first.output
    assert "imported 11 new messages" in first.output and "4 service" in first.output
    second = runner.invoke(cli, import_file("group.json"))
    assert second.exit_code == 0, second.output
    assert "imported 0 new messages" in second.output and "11 already stored" in second.output
    assert contributions(tmp_path) == 11


def test_progress_bar_counts_the_messages(tmp_path: Path) -> None:
    """The rich progress bar names the file and ends at every message read."""
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(cli, import_file("group.json"))
    assert "import group.json" in result.output and "100%" in result.output


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (import_file("not_json.json"), "not JSON"),
        (import_file("channel.json"), "not a group's"),
        (import_file("other_group.json"), "nothing imported"),
        (import_file("group.json", "--theme", "4.11.2026=kiusaaminen"), "YYYY-MM-DD=THEME"),
        (import_file("group.json", "--theme", "2026-11-04=nope"), "no theme 'nope'"),
    ],
)
def test_bad_input_is_one_line_exit_2_and_nothing_stored(
    tmp_path: Path, args: list[str], says: str
) -> None:
    """A bad file, foreign chat or bad --theme fails in one line with exit 2; nothing stored."""
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(cli, args)
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and says in lines[0] and lines[0].startswith("neuvo: ")
    assert contributions(tmp_path) == 0


def test_import_never_creates_a_database(tmp_path: Path) -> None:
    """Without `neuvo db upgrade` the import fails in one line and creates no file."""
    result = runner.invoke(cli, import_file("group.json"))
    assert result.exit_code == 2 and "neuvo db upgrade" in result.output
    assert not (tmp_path / "n.db").exists()
