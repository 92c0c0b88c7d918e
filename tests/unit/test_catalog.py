"""The theme catalog: built-ins, wording fallbacks, lookups and deployment overrides."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from tests.unit.catalog_support import theme_toml, write
from themes.catalog import (
    BUILTIN_DIR,
    FALLBACK_THEME,
    LANGUAGES,
    Catalog,
    CatalogError,
    Theme,
    ThemeText,
    check_catalog,
    load_catalog,
)

BUILTIN_KEYS = {
    "kiusaaminen",
    "kaveruustaidot",
    "moniammatilliset-palaverit",
    "vertaisryhmat",
    "eroasiat",
    "palvelut",
    "vapaa",
}
THEMES_PACKAGE = Path(__file__).resolve().parents[2] / "themes"

FI = ThemeText("Otsikko", "Kysymys?", ("Yksi?", "Kaksi?"))
FI_YOUTH = ThemeText("Otsikko", "Mitä sinä ajattelet?", ("Yksi?", "Kaksi?"))
SV = ThemeText("Rubrik", "Fråga?", ("Ett?", "Två?"))


@pytest.fixture(scope="module")
def builtins() -> Catalog:
    """The built-in catalog, loaded once."""
    return load_catalog()


def test_builtins_are_valid() -> None:
    """The shipped theme files pass `neuvo themes check` with and without naming the dir."""
    assert check_catalog([]) == []
    assert check_catalog([BUILTIN_DIR]) == []


def test_builtins_are_the_seed_themes(builtins: Catalog) -> None:
    """The built-ins are the seven themes of the client's practice, fallback included."""
    assert set(builtins) == BUILTIN_KEYS
    assert FALLBACK_THEME in builtins
    assert builtins[FALLBACK_THEME].serves("parents")
    assert builtins[FALLBACK_THEME].serves("youth")


@pytest.mark.parametrize("key", sorted(BUILTIN_KEYS))
def test_every_builtin_is_translated(builtins: Catalog, key: str) -> None:
    """Each built-in has Finnish, Swedish and English wording with as many questions."""
    theme = builtins[key]
    assert set(theme.texts) == set(LANGUAGES)
    counts = {len(theme.texts[language].questions) for language in LANGUAGES}
    assert len(counts) == 1
    assert counts.pop() in (3, 4)
    assert set(theme.youth_texts) in (set(), set(LANGUAGES))


@pytest.mark.parametrize("key", sorted(BUILTIN_KEYS - {"vertaisryhmat"}))
def test_builtins_for_youth_speak_to_teenagers(builtins: Catalog, key: str) -> None:
    """Themes for both audiences have their own youth prompt in every language."""
    theme = builtins[key]
    for language in LANGUAGES:
        youth, parents = theme.text(language, "youth"), theme.text(language, "parents")
        assert youth.prompt != parents.prompt


def test_parents_peer_groups_are_for_parents_only(builtins: Catalog) -> None:
    """vertaisryhmat serves parents' groups only and is not offered to youth."""
    assert builtins["vertaisryhmat"].audience == "parents"
    assert "vertaisryhmat" in [theme.key for theme in builtins.for_audience("parents")]
    assert "vertaisryhmat" not in [theme.key for theme in builtins.for_audience("youth")]


def test_builtin_youth_wording_falls_back_per_field(builtins: Catalog) -> None:
    """kiusaaminen has a youth prompt but no youth title, so the title is the general one."""
    youth = builtins["kiusaaminen"].text("fi", "youth")
    assert youth.title == "Kiusaaminen"
    assert youth.prompt.startswith("Tänään puhutaan kiusaamisesta")


def test_missing_language_falls_back_to_finnish() -> None:
    """A language without wording, or an unknown one, gets the Finnish text."""
    theme = Theme("teema", "both", {"fi": FI, "sv": SV}, {"fi": FI_YOUTH})
    assert theme.text("en", "parents") == FI
    assert theme.text("de", "parents") == FI
    assert theme.text("en", "youth") == FI_YOUTH


def test_missing_youth_wording_falls_back_to_that_language() -> None:
    """Swedish without youth wording gives Swedish general text, not Finnish youth text."""
    theme = Theme("teema", "both", {"fi": FI, "sv": SV}, {"fi": FI_YOUTH})
    assert theme.text("sv", "youth") == SV
    assert theme.text("fi", "youth") == FI_YOUTH
    assert theme.text("fi", "parents") == FI


def test_language_codes_are_normalised() -> None:
    """Telegram-style codes such as "sv-FI" or "SV" select Swedish."""
    theme = Theme("teema", "both", {"fi": FI, "sv": SV})
    assert theme.text("sv-FI", "parents") == SV
    assert theme.text("SV", "parents") == SV


def test_partial_youth_table_merges_with_its_language(tmp_path: Path) -> None:
    """A [sv.youth] with only a prompt keeps the Swedish title and questions."""
    write(
        tmp_path,
        "oma.toml",
        """key = "oma"
audience = "both"
[fi]
title = "Oma"
prompt = "Kertokaa."
questions = ["Yksi?", "Kaksi?"]
[sv]
title = "Egen"
prompt = "Berätta."
questions = ["Ett?", "Två?"]
[sv.youth]
prompt = "Berätta du!"
""",
    )
    youth = load_catalog([tmp_path])["oma"].text("sv", "youth")
    assert youth == ThemeText("Egen", "Berätta du!", ("Ett?", "Två?"))


def test_serves_matches_the_audience() -> None:
    """A parents theme serves parents only; a both theme serves both; "both" is no group."""
    parents_only = Theme("teema", "parents", {"fi": FI})
    assert parents_only.serves("parents")
    assert not parents_only.serves("youth")
    assert Theme("teema", "both", {"fi": FI}).serves("youth")
    with pytest.raises(ValueError, match="parents' or 'youth'"):
        parents_only.serves("both")


def test_theme_requires_finnish_and_a_known_audience() -> None:
    """A Theme built in code must still have Finnish wording and a valid audience."""
    with pytest.raises(ValueError, match="fi"):
        Theme("teema", "both", {"sv": SV})
    with pytest.raises(ValueError, match="audience"):
        Theme("teema", "kids", {"fi": FI})


def test_themes_are_immutable_and_hashable() -> None:
    """Themes can go in sets and their wording cannot be changed after loading."""
    theme = Theme("teema", "both", {"fi": FI})
    assert len({theme, Theme("teema", "both", {"fi": FI})}) == 1
    with pytest.raises(TypeError):
        theme.texts["sv"] = SV  # type: ignore[index]


def test_catalog_behaves_like_a_read_only_mapping(builtins: Catalog) -> None:
    """get, `in`, keys and len work; unknown keys give None or KeyError."""
    assert builtins.get("kiusaaminen") is builtins["kiusaaminen"]
    assert builtins.get("ei-ole") is None
    assert "palvelut" in builtins
    assert "ei-ole" not in builtins
    assert len(builtins) == len(builtins.keys()) == len(BUILTIN_KEYS)
    with pytest.raises(KeyError):
        builtins["ei-ole"]


@pytest.mark.parametrize(
    ("typed", "first"),
    [
        ("kiusaminen", "kiusaaminen"),
        ("Vertaisryhmät", "vertaisryhmat"),
        ("palaverit", "moniammatilliset-palaverit"),
        ("kaverit", "kaveruustaidot"),
        ("ero", "eroasiat"),
        ("mobbning", "kiusaaminen"),
        ("divorce", "eroasiat"),
    ],
)
def test_closest_suggests_keys_for_typos_titles_and_words(
    builtins: Catalog, typed: str, first: str
) -> None:
    """ "Did you mean" finds keys from typos, Finnish letters, key words and titles."""
    suggestions = builtins.closest(typed)
    assert suggestions[0] == first
    assert len(suggestions) <= 3


def test_closest_suggests_nothing_for_unrelated_text(builtins: Catalog) -> None:
    """Text resembling no theme gets no suggestions, and n limits the count."""
    assert builtins.closest("xyzzy") == []
    assert len(builtins.closest("palaverit", n=1)) == 1


def test_extra_dir_replaces_builtins_and_adds_themes(tmp_path: Path) -> None:
    """A deployment's theme replaces the built-in of the same key and new keys are added."""
    for key, title in (("kiusaaminen", "Oma"), ("harrastukset", "Harrastus")):
        text = theme_toml(key, audience="parents", title=title, prompt="Kertokaa.")
        write(tmp_path, f"{key}.toml", text)
    catalog = load_catalog([tmp_path])
    assert catalog["kiusaaminen"].text("fi", "parents").title == "Oma"
    assert catalog["kiusaaminen"].audience == "parents"
    assert set(catalog) == BUILTIN_KEYS | {"harrastukset"}
    assert list(catalog)[-1] == "harrastukset"


def test_later_extra_dir_wins(tmp_path: Path) -> None:
    """When two extra directories define a key, the later one's theme is used."""
    for name in ("first", "second"):
        write(
            tmp_path / name,
            "oma.toml",
            f'key = "oma"\naudience = "both"\n[fi]\ntitle = "{name}"\nprompt = "P"\n'
            'questions = ["a", "b"]\n',
        )
    catalog = load_catalog([tmp_path / "first", tmp_path / "second"])
    assert catalog["oma"].text("fi", "parents").title == "second"


def test_load_catalog_raises_with_every_error(tmp_path: Path) -> None:
    """Problems in an extra directory raise CatalogError listing all of them."""
    path = write(tmp_path, "oma.toml", 'key = "oma"\naudience = "all"\n')
    with pytest.raises(CatalogError) as raised:
        load_catalog([tmp_path])
    assert raised.value.errors == [
        f"{path}:1: missing [fi] table: Finnish wording is required",
        f"{path}:2: 'audience' must be one of parents, youth, both, not 'all'",
    ]
    assert str(raised.value) == "\n".join(raised.value.errors)


def test_missing_extra_dir_is_an_error(tmp_path: Path) -> None:
    """A deployment directory that does not exist is reported, not silently skipped."""
    missing = tmp_path / "ei-ole"
    with pytest.raises(CatalogError, match="not a directory"):
        load_catalog([missing])
    assert check_catalog([missing]) == [f"{missing}: not a directory"]


def test_theme_package_imports_no_framework() -> None:
    """The themes package imports neither aiogram, APScheduler nor SQLAlchemy."""
    banned = {"aiogram", "apscheduler", "sqlalchemy", "sqlmodel"}
    for module in THEMES_PACKAGE.rglob("*.py"):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        imported |= {
            node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        }
        assert not {name.split(".")[0] for name in imported} & banned, module
