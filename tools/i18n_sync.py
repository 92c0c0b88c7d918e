"""Developer tool: extract msgids from the code and merge them into locales/*/neuvo.po.

Usage: python tools/i18n_sync.py [translations.json]
The optional JSON maps msgid -> {"fi": "...", "sv": "..."}; English uses the msgid itself
unless "en" is given. Existing translations are kept unless the JSON names them.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fi", "sv", "en")


def extract() -> Path:
    """Run pybabel extract into locales/neuvo.pot."""
    pot = ROOT / "locales" / "neuvo.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_",
            "-k",
            "__",
            "--no-location",
            "--omit-header",
            "-o",
            str(pot),
            ".",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    return pot


def merge(pot: Path, translations: dict[str, dict[str, str]]) -> None:
    """Update each language's catalog from the template and the given translations."""
    for language in LANGUAGES:
        with pot.open("rb") as handle:  # fresh per language: update() shares Message objects
            template = read_po(handle)
        po_path = ROOT / "locales" / language / "LC_MESSAGES" / "neuvo.po"
        po_path.parent.mkdir(parents=True, exist_ok=True)
        if po_path.exists():
            with po_path.open("rb") as handle:
                catalog = read_po(handle, locale=language)
        else:
            from babel.messages.catalog import Catalog

            catalog = Catalog(locale=language, domain="neuvo", project="Neuvo")
        catalog.update(template, no_fuzzy_matching=True)
        for message in catalog:
            if not message.id:
                continue
            given = translations.get(str(message.id), {})
            if language in given:
                message.string = given[language]
            elif language == "en":
                message.string = message.id  # English is the msgid itself
        catalog.obsolete.clear()
        with po_path.open("wb") as handle:
            write_po(handle, catalog, omit_header=False, no_location=True, width=99)


if __name__ == "__main__":
    extra = json.loads(Path(sys.argv[1]).read_text("utf-8")) if len(sys.argv) > 1 else {}
    merge(extract(), extra)
