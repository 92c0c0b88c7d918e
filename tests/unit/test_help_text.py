"""/help shows each command's arguments as a reader of its language would write them."""

from __future__ import annotations

import re

import pytest

from bot.commands import help_text
from bot.i18n import build_i18n
from bot.routers.planning import UNTIL_RE

SHOUTED = re.compile(r"\[[A-ZÄÖÅ]{3,}|\b[A-ZÄÖÅ]{4,}\b")  # [SYY], TEEMA, YYYY-MM-DD
NATIVE = {
    "fi": (
        "/report [<syy>]",
        "/kysy <kysymys>",
        "/setup parents|youth [<tunnus>]",
        "/plan [<vvvv-kk-pp> <teema>]",
        "/open <teema> [klo <tt.mm> asti]",
        "/digest [<vvvv-kk>] [<ryhmä>|all]",
        "/vastaa <kysymyksen numero> <vastaus>",
        "/mute [30min|2t|1pv]",
    ),
    "sv": (
        "/report [<orsak>]",
        "/kysy <fråga>",
        "/setup parents|youth [<nyckel>]",
        "/plan [<åååå-mm-dd> <tema>]",
        "/open <tema> [till <tt.mm>]",
        "/digest [<åååå-mm>] [<grupp>|all]",
        "/vuoro <åååå-mm-dd> <tid, t.ex. 8-10> [namn|bort]",
        "/kysely <fråga>? | <alternativ> | <alternativ> [--icke-anonym]",
    ),
    "en": (
        "/report [<reason>]",
        "/plan [<yyyy-mm-dd> <theme>]",
        "/open <theme> [until <hh:mm>]",
    ),
}


def rendered(language: str) -> str:
    """The staff /help text (every command) in `language`."""
    i18n = build_i18n("fi")
    with i18n.context(), i18n.use_locale(language):
        return help_text(is_staff=True)


@pytest.mark.parametrize("language", sorted(NATIVE))
def test_help_placeholders_are_lower_case_words_of_the_language(language: str) -> None:
    """No shouted English placeholder (`[REASON]`, `YYYY-MM-DD`) is left; the native ones are."""
    text = rendered(language)
    print(text)  # noqa: T201
    assert SHOUTED.findall(text) == []
    for usage in NATIVE[language]:
        assert f"{usage} – " in text, usage


@pytest.mark.parametrize("words", ["until 21:30", "asti 21.30", "klo 21.30 asti", "till 21.30"])
def test_open_reads_the_closing_time_as_help_shows_it(words: str) -> None:
    """The /open closing time is understood in the form /help gives in each language."""
    match = UNTIL_RE.match(words)
    assert match is not None and match.groups() == ("21", "30")
