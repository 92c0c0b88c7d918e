"""Shared setup for the CLI tests that run commands against a SQLite file."""

from __future__ import annotations

from pathlib import Path

import pytest

SECRET = "cli-test-secret-0123456789"


def use_sqlite_config(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, toml: str) -> None:
    """Point the CLI at a SQLite file and a neuvo.toml holding `toml`, both in tmp_path."""
    monkeypatch.setenv("NEUVO_PSEUDONYM_SECRET", SECRET)
    monkeypatch.setenv("NEUVO_DATABASE_URL", f"sqlite+aiosqlite:///{tmp_path / 'n.db'}")
    (tmp_path / "n.toml").write_text(toml, "utf-8")
    monkeypatch.setenv("NEUVO_CONFIG", str(tmp_path / "n.toml"))
