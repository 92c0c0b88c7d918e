"""`neuvo themes check` on hostile input: deep nesting, FIFOs, a BOM, over-long prompts."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import cli
from tests.unit.catalog_support import theme_toml, write
from themes.loader import check_catalog, load_catalog

runner = CliRunner()


def test_deep_nesting_is_a_file_line_error(tmp_path: Path) -> None:
    """An array nested 100,000 deep is one `file:line` error, not a RecursionError."""
    path = write(
        tmp_path / "c", "syva.toml", 'key = "syva"\n\nx = ' + "[" * 100_000 + "]" * 100_000
    )
    errors = check_catalog([tmp_path / "c"])
    assert errors == [f"{path}:3: nested more than 64 levels deep"]


def test_fifo_is_skipped_with_a_note(tmp_path: Path) -> None:
    """A FIFO named *.toml is skipped (never opened), with a note; the rest still loads."""
    directory = tmp_path / "c"
    write(directory, "oma.toml", theme_toml("oma"))
    os.mkfifo(directory / "putki.toml")
    result = runner.invoke(cli, ["themes", "check", str(directory)])
    assert result.exit_code == 0, result.output
    assert f"{directory / 'putki.toml'}: not a regular file, skipped" in result.output
    assert "oma" in load_catalog([directory])


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    """A theme file saved with a UTF-8 BOM is valid."""
    directory = tmp_path / "c"
    directory.mkdir()
    text = theme_toml("bom")
    (directory / "bom.toml").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert check_catalog([directory]) == []
    assert "bom" in load_catalog([directory])


@pytest.mark.parametrize(("length", "valid"), [(3_600, True), (4_100, False)])
def test_prompt_over_the_message_limit_is_refused(
    tmp_path: Path, length: int, valid: bool
) -> None:
    """A prompt that, with the bot's text around it, would not fit one message is an error."""
    directory = tmp_path / "c"
    path = write(directory, "pitka.toml", theme_toml("pitka", prompt="a" * length))
    errors = check_catalog([directory])
    if valid:
        assert errors == []
    else:
        assert len(errors) == 1
        assert errors[0].startswith(f"{path}:5: 'fi.prompt' is too long")
