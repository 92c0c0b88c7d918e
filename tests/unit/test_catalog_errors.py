"""`neuvo themes check`: every problem in broken theme files, as `path:line: what`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.unit.catalog_support import theme_toml
from themes.catalog import CatalogError, check_catalog, load_catalog
from themes.toml_lines import index_lines

BROKEN = {
    "broken.toml": """key = "Rikki"
audience = "everyone"
colour = "red"

[fi]
title = ""
questions = ["Yksi?"]
titel = "x"

[fi.youth]
prompt = 5

[de]
title = "Thema"
""",
    "nofi.toml": """key = "nofi"
audience = "youth"
[sv]
title = "T"
prompt = "P"
questions = ["a", "b", "c", "d", "e", "f"]
""",
    "kiusaaminen.toml": theme_toml("kiusaaminen", title="T", prompt="P", questions=("a", "b")),
    "mismatch.toml": theme_toml(
        "kiusaaminen", audience="parents", title="T", prompt="P", questions=("a", "b")
    ),
    "types.toml": """key = 5
audience = "parents"
fi = "teksti"
sv = { title = "T", prompt = "P", questions = "ei lista" }
""",
    "scanner.toml": '''key = "scanner"
audience = "both"
[fi]
prompt = """
[en]
title = "not a real key"
"""
title = ""
questions = [
  "Eka?",
  2,
]
''',
    "syntax.toml": 'key = "syntax"\naudience = "both"\n[fi]\ntitle = "T"\nprompt = "Kesken\n',
    "notes.md": "Not a theme file, so not checked.\n",
}

EXPECTED = [
    "broken.toml:1: 'key' 'Rikki' is not a slug: use a-z, 0-9 and single hyphens, "
    "e.g. 'oma-teema'",
    "broken.toml:2: 'audience' must be one of parents, youth, both, not 'everyone'",
    "broken.toml:3: unknown key 'colour' (allowed: key, audience, fi, sv, en)",
    "broken.toml:5: missing 'prompt' in [fi]",
    "broken.toml:6: 'fi.title' must not be empty",
    "broken.toml:7: 'fi.questions' must have 2-5 questions, not 1",
    "broken.toml:8: unknown key 'titel' in [fi]; did you mean 'title'?",
    "broken.toml:11: 'fi.youth.prompt' must be a string, not a number",
    "broken.toml:13: unknown language table [de] (allowed: fi, sv, en)",
    "latin1.toml:2: not valid UTF-8 text",
    "mismatch.toml:1: 'key' 'kiusaaminen' does not match the file name mismatch.toml",
    "mismatch.toml:1: duplicate key 'kiusaaminen': kiusaaminen.toml uses it too",
    "nofi.toml:1: missing [fi] table: Finnish wording is required",
    "nofi.toml:6: 'sv.questions' must have 2-5 questions, not 6",
    "scanner.toml:8: 'fi.title' must not be empty",
    "scanner.toml:9: 'fi.questions' question 2 must be a non-empty string",
    "syntax.toml:5: TOML syntax error: Illegal character '\\n' (column 17)",
    "types.toml:1: 'key' must be a string, not a number",
    "types.toml:3: 'fi' must be a table, not a string",
    "types.toml:4: 'sv.questions' must be an array of strings, not a string",
]


@pytest.fixture
def broken_dir(tmp_path: Path) -> Path:
    """A directory of theme files with known problems."""
    for name, text in BROKEN.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    (tmp_path / "latin1.toml").write_bytes(b'key = "latin1"\n\xe4\n')
    return tmp_path


def test_check_reports_every_problem_with_its_line(broken_dir: Path) -> None:
    """All problems in all files are listed, by file then line, each on its own line."""
    assert check_catalog([broken_dir]) == [f"{broken_dir}/{line}" for line in EXPECTED]


def test_load_raises_the_same_lines(broken_dir: Path) -> None:
    """load_catalog raises CatalogError whose errors are the lines check_catalog returns."""
    with pytest.raises(CatalogError) as raised:
        load_catalog([broken_dir])
    assert raised.value.errors == check_catalog([broken_dir])


def test_syntax_error_at_end_of_file_points_at_the_last_line(tmp_path: Path) -> None:
    """An error tomllib places "at end of document" is reported on the last written line."""
    path = tmp_path / "kesken.toml"
    path.write_text('key = "kesken"\naudience = "both"\nquestions = [\n  "a",\n\n', "utf-8")
    [error] = check_catalog([tmp_path])
    assert error.startswith(f"{path}:4: TOML syntax error: ")
    assert error.endswith("(at the end of the file)")


def test_missing_youth_title_needs_no_line_of_its_own(tmp_path: Path) -> None:
    """A missing key is reported on its table's header line."""
    path = tmp_path / "oma.toml"
    path.write_text(
        'key = "oma"\naudience = "both"\n\n[en]\nprompt = "P"\nquestions = ["a", "b"]\n'
        '[fi]\ntitle = "T"\nprompt = "P"\nquestions = ["a", "b"]\n',
        "utf-8",
    )
    assert check_catalog([tmp_path]) == [f"{path}:4: missing 'title' in [en]"]


def test_line_index_handles_dotted_quoted_and_inline_keys() -> None:
    """The line scanner finds dotted keys, quoted keys and headers, not string contents."""
    index = index_lines(
        'key = "x"\n'
        'fi.title = "T"\n'
        '"audience" = "both"\n'
        "[ sv . youth ]  # comment\n"
        "prompt = '''\n"
        "title = 'inside a string'\n"
        "'''\n"
        "questions = ['a', \"b # not a comment\"]\n"
    )
    assert index.line_of(("key",)) == 1
    assert index.line_of(("fi", "title")) == 2
    assert index.line_of(("audience",)) == 3
    assert index.line_of(("sv", "youth")) == 4
    assert index.line_of(("sv", "youth", "prompt")) == 5
    assert index.line_of(("sv", "youth", "title")) == 4
    assert index.line_of(("sv", "youth", "questions")) == 8
    assert index.line_of(("en", "title")) == 1
