"""`neuvo digest` with several --group options or --all-groups writes the regional digest."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from tests.unit.cli_support import use_sqlite_config

runner = CliRunner()
TOML = "".join(
    f'[[groups]]\nkey = "{key}"\naudience = "parents"\nchat_id = {chat}\ntitle = "{title}"\n'
    for key, chat, title in (("lahti", -5, "Lahti"), ("turku", -6, "Turku"), ("pori", -7, "Pori"))
)


@pytest.fixture(autouse=True)
def declared_env(clean_env: None, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No NEUVO_* variable from the machine; three declared groups on a migrated SQLite file."""
    use_sqlite_config(monkeypatch, tmp_path, TOML)
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0


def digest(*args: str) -> list[str]:
    """A digest command line for November 2026 in Markdown and CSV into out/."""
    formats = ["--format", "md", "--format", "csv"]
    return ["digest", "--month", "2026-11", *formats, "-o", "out", *args]


def test_two_groups_make_one_regional_file_per_format(tmp_path: Path) -> None:
    """Two --group options write neuvo-regional-2026-11.* naming only those groups."""
    result = runner.invoke(cli, digest("--group", "lahti", "--group", "turku"))
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "out" / "neuvo-regional-2026-11.md").read_text("utf-8")
    assert "Lahti" in markdown and "Turku" in markdown and "Pori" not in markdown
    header = (tmp_path / "out" / "neuvo-regional-2026-11.csv").read_text("utf-8-sig")
    assert header.startswith("group,contribution_id")


def test_all_groups_takes_every_registered_group(tmp_path: Path) -> None:
    """--all-groups covers each declared group."""
    result = runner.invoke(cli, digest("--all-groups"))
    assert result.exit_code == 0, result.output
    markdown = (tmp_path / "out" / "neuvo-regional-2026-11.md").read_text("utf-8")
    assert all(title in markdown for title in ("Lahti", "Turku", "Pori"))


def test_no_group_and_unknown_group_fail_in_one_line() -> None:
    """Without --group or --all-groups, or with an unknown key, one line and exit 2."""
    for args in (digest(), digest("--group", "lahti", "--group", "nope")):
        result = runner.invoke(cli, args)
        assert result.exit_code == 2, result.output
        assert len(result.output.strip().splitlines()) == 1
