"""The `neuvo` command line: themes check and db upgrade."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from config import Settings, load_settings
from storage.migrate import head_revision

runner = CliRunner()


pytestmark = pytest.mark.usefixtures("clean_env")


def test_themes_check_builtins_pass() -> None:
    """The shipped catalog is valid."""
    result = runner.invoke(cli, ["themes", "check"])
    assert result.exit_code == 0
    assert "catalog is valid" in result.output


def test_themes_check_reports_file_and_line(tmp_path: Path) -> None:
    """A broken catalog lists every error as file:line and exits non-zero."""
    catalog = tmp_path / "catalog"
    catalog.mkdir()
    (catalog / "uusi.toml").write_text('key = "uusi"\naudience = "kaikki"\n', encoding="utf-8")
    result = runner.invoke(cli, ["themes", "check", str(catalog)])
    assert result.exit_code == 1
    path = catalog / "uusi.toml"
    assert result.output.strip().splitlines() == [
        f"{path}:1: missing [fi] table: Finnish wording is required",
        f"{path}:2: 'audience' must be one of parents, youth, both, not 'kaikki'",
    ]


def test_db_upgrade_creates_the_schema(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`neuvo db upgrade` migrates an empty SQLite file to the newest revision."""
    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    result = runner.invoke(cli, ["db", "upgrade"])
    assert result.exit_code == 0, result.output
    assert f"database at revision {head_revision()}" in result.output


def test_backup_copies_a_live_sqlite_database(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`neuvo backup PATH` writes a consistent copy with every table."""
    import sqlite3

    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'x.db'}")
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(cli, ["backup", str(tmp_path / "copy" / "b.db")])
    assert result.exit_code == 0, result.output
    copy = sqlite3.connect(tmp_path / "copy" / "b.db")
    try:
        tables = {
            row[0] for row in copy.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
    finally:
        copy.close()
    assert {"contributions", "inbox_updates", "alembic_version"} <= tables


def test_backup_points_postgres_to_pg_dump(monkeypatch: pytest.MonkeyPatch) -> None:
    """On PostgreSQL the backup command says to use pg_dump and exits non-zero."""
    monkeypatch.setenv("NEUVO_DATABASE_URL", "postgresql+asyncpg://u@h/db")
    result = runner.invoke(cli, ["backup", "x.dump"])
    assert result.exit_code == 1
    assert "pg_dump" in result.output


def test_check_reports_each_part(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`neuvo check` prints one line per part and fails when something is missing."""
    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'y.db'}")
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    result = runner.invoke(cli, ["check"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert lines[0] == "ok   settings: valid"
    assert lines[1].startswith("ok   catalog: 7 themes")
    assert lines[2].startswith("ok   database: reachable, revision")
    assert lines[3] == "FAIL telegram: NEUVO_BOT_TOKEN is not set"


def test_digest_cli_errors_are_one_line(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Unknown group, malformed month and a missing secret each give one clear line, exit 2."""
    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    no_secret = runner.invoke(
        cli, ["digest", "--group", "x", "--month", "2026-12", "--format", "md"]
    )
    assert no_secret.exit_code == 2 and "NEUVO_PSEUDONYM_SECRET" in no_secret.output
    monkeypatch.setenv("NEUVO_PSEUDONYM_SECRET", "cli-test-secret-0123456789")
    bad_month = runner.invoke(
        cli, ["digest", "--group", "x", "--month", "12/2026", "--format", "md"]
    )
    assert bad_month.exit_code == 2
    assert "month '12/2026' must look like 2026-12" in bad_month.output
    assert runner.invoke(cli, ["db", "upgrade"]).exit_code == 0
    unknown = runner.invoke(
        cli, ["digest", "--group", "nope", "--month", "2026-12", "--format", "md"]
    )
    assert unknown.exit_code == 2
    assert "unknown group 'nope'" in unknown.output
    assert "Traceback" not in unknown.output


def test_digest_cli_writes_each_format(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Several --format options write one file each; an unwritable path is one line, exit 2."""
    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'd.db'}")
    monkeypatch.setenv("NEUVO_PSEUDONYM_SECRET", "cli-test-secret-0123456789")
    toml = tmp_path / "n.toml"
    toml.write_text('[[groups]]\nkey = "parents"\naudience = "parents"\nchat_id = -5\n', "utf-8")
    monkeypatch.setenv("NEUVO_CONFIG", str(toml))
    import asyncio

    from bot.operations import upgrade_database

    asyncio.run(upgrade_database(load_settings()))
    _sync_groups(load_settings())
    args = ["digest", "--group", "parents", "--month", "2026-12"]
    out = tmp_path / "out"
    result = runner.invoke(cli, [*args, "--format", "csv", "--format", "json", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "neuvo-parents-2026-12.csv",
        "neuvo-parents-2026-12.json",
    ]
    blocked = tmp_path / "file"
    blocked.write_text("x")
    denied = runner.invoke(cli, [*args, "--format", "md", "-o", str(blocked / "sub")])
    assert denied.exit_code == 2
    assert "cannot write" in denied.output


def _sync_groups(settings: Settings) -> None:
    """Register the TOML-declared groups, as start-up does."""
    from bot.app import build_app
    from bot.startup import sync_declared_groups

    async def run() -> None:
        app = build_app(settings)
        try:
            await sync_declared_groups(app)
        finally:
            await app.close()

    asyncio.run(run())
