"""The nudge's disclosure rule for municipalities not heard yet."""

from __future__ import annotations

from bot.nudges import NotHeard, not_heard


def test_only_municipalities_with_enough_members_are_named() -> None:
    """A silent municipality is named only with ≥ threshold members; smaller ones are counted."""
    members = {"Lahti": 7, "Heinola": 5, "Hollola": 2, "Orimattila": 9}
    assert not_heard(members, {"Orimattila"}, 5) == NotHeard(("Heinola", "Lahti"), 1)


def test_a_heard_municipality_is_never_listed() -> None:
    """Municipalities with a contribution on the theme are left out whatever their size."""
    assert not_heard({"Lahti": 7, "Hollola": 1}, {"Lahti", "Hollola"}, 5) == NotHeard((), 0)
