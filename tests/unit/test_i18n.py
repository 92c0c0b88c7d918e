"""Every user-facing sentence in the code is translated to fi, sv and en, placeholders intact."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from bot.i18n import LANGUAGES, LOCALES_DIR, build_i18n, pick_language

ROOT = Path(__file__).resolve().parents[2]
PLACEHOLDER = re.compile(r"\{(\w*)\}")


def code_messages() -> set[str]:
    """msgids used with _() or __() in the bot, scheduler and digest packages."""
    found: set[str] = set()
    for package in ("bot", "scheduler", "digest"):
        for _file, _line, message, _comments, _context in extract_from_dir(
            ROOT / package, keywords={"_": None, "__": None}
        ):
            if isinstance(message, str):
                found.add(message)
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated(language: str) -> None:
    """No sentence falls back to the English source text by accident."""
    with (LOCALES_DIR / language / "LC_MESSAGES" / "neuvo.po").open("rb") as handle:
        catalog = read_po(handle)
    missing, broken = [], []
    for msgid in sorted(code_messages()):
        message = catalog.get(msgid)
        if message is None or not message.string:
            missing.append(msgid)
        elif set(PLACEHOLDER.findall(msgid)) != set(PLACEHOLDER.findall(str(message.string))):
            broken.append(msgid)
    assert missing == [], f"untranslated in {language}: run tools/i18n_sync.py"
    assert broken == [], f"placeholders differ in {language}"


def test_languages_are_picked_from_telegram_codes() -> None:
    """sv-FI speaks Swedish, en-GB English, anything else the default."""
    assert pick_language("sv-FI", "fi") == "sv"
    assert pick_language("en-GB", "fi") == "en"
    assert pick_language("de", "fi") == "fi"
    assert pick_language(None, "sv") == "sv"


def test_catalogs_load_without_a_compile_step() -> None:
    """The .po files are read directly; Finnish is the source of truth for wording."""
    i18n = build_i18n("fi")
    assert set(i18n.locales) == set(LANGUAGES)
    assert i18n.gettext("youth", locale="fi") == "nuoret"


def test_english_catalog_is_the_source_text() -> None:
    """English msgstrs equal their msgids (no other language leaked into the English file)."""
    with (LOCALES_DIR / "en" / "LC_MESSAGES" / "neuvo.po").open("rb") as handle:
        catalog = read_po(handle)
    leaked = [m.id for m in catalog if m.id and m.string and m.string != m.id]
    assert leaked == []
