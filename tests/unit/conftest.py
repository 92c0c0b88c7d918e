"""Fixtures shared by the unit tests."""

from __future__ import annotations

import os
from pathlib import Path

import pytest


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No NEUVO_* variable or ./neuvo.toml leaks in from the machine: an empty directory."""
    for name in list(os.environ):
        if name.startswith("NEUVO_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
