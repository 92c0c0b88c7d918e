"""Keyed, stable pseudonyms for members (digest.privacy.pseudonyms)."""

from __future__ import annotations

import hashlib
import hmac

import pytest
from hypothesis import given
from hypothesis import strategies as st

from digest.privacy import Pseudonymizer, pseudonym_key

SECRET = "test-secret-0123456789abcdef"
MEMBERS = [7_000_000_000 + 37 * n for n in range(20)]


def test_pseudonym_key_is_hex_hmac_sha256_of_the_decimal_id() -> None:
    """pseudonym_key is the hex HMAC-SHA256 of str(user_id) keyed by the secret."""
    expected = hmac.new(SECRET.encode(), b"123456789", hashlib.sha256).hexdigest()
    assert pseudonym_key(SECRET, 123456789) == expected
    assert pseudonym_key("another-secret-value", 123456789) != expected


def test_empty_secret_is_rejected() -> None:
    """An empty secret would make pseudonyms guessable, so it raises ValueError."""
    with pytest.raises(ValueError):
        pseudonym_key("", 1)
    with pytest.raises(ValueError):
        Pseudonymizer("", "parents")


@pytest.mark.parametrize(
    ("audience", "language", "first"),
    [
        ("parents", "fi", "Vanhempi 1"),
        ("youth", "fi", "Nuori 1"),
        ("parents", "sv", "Förälder 1"),
        ("youth", "sv", "Ung 1"),
        ("parents", "en", "Parent 1"),
        ("youth", "en", "Youth 1"),
    ],
)
def test_names_per_audience_and_language(audience: str, language: str, first: str) -> None:
    """Names use the audience's word in the chosen language followed by the number."""
    assert Pseudonymizer(SECRET, audience, language).name(42_000_000) == first


@pytest.mark.parametrize(("audience", "language"), [("staff", "fi"), ("parents", "de")])
def test_unknown_audience_or_language_is_rejected(audience: str, language: str) -> None:
    """Audiences other than parents/youth and languages other than fi/sv/en raise ValueError."""
    with pytest.raises(ValueError):
        Pseudonymizer(SECRET, audience, language)


def test_numbers_follow_first_appearance_and_are_stable() -> None:
    """A plain instance numbers users 1, 2, 3 as they appear and repeats the same name later."""
    names = Pseudonymizer(SECRET, "parents")
    assert [names.name(uid) for uid in (555_001, 555_002, 555_001, 555_003)] == [
        "Vanhempi 1",
        "Vanhempi 2",
        "Vanhempi 1",
        "Vanhempi 3",
    ]


def test_for_members_numbers_by_hmac_key() -> None:
    """for_members numbers the set 1..n in the order of the users' HMAC keys, not of the ids."""
    names = Pseudonymizer.for_members(SECRET, "parents", MEMBERS)
    by_key = sorted(MEMBERS, key=lambda uid: pseudonym_key(SECRET, uid))
    assert [names.number(uid) for uid in by_key] == list(range(1, len(MEMBERS) + 1))
    assert [names.number(uid) for uid in MEMBERS] != list(range(1, len(MEMBERS) + 1))


def test_for_members_is_deterministic_and_depends_on_the_secret() -> None:
    """The same secret and ids give the same names; another secret gives another assignment."""

    def names_of(secret: str, ids: list[int]) -> list[str]:
        pseudonymizer = Pseudonymizer.for_members(secret, "parents", ids)
        return [pseudonymizer.name(uid) for uid in MEMBERS]

    assert names_of(SECRET, MEMBERS) == names_of(SECRET, list(reversed(MEMBERS)))
    assert names_of(SECRET, MEMBERS) != names_of("a-different-secret-value", MEMBERS)


def test_unknown_user_after_for_members_gets_the_next_number() -> None:
    """A user outside the known set is numbered after it, without changing anyone else."""
    names = Pseudonymizer.for_members(SECRET, "youth", MEMBERS[:3])
    before = [names.name(uid) for uid in MEMBERS[:3]]
    assert names.name(123_456_789) == "Nuori 4"
    assert [names.name(uid) for uid in MEMBERS[:3]] == before


def test_repr_reveals_neither_secret_nor_ids() -> None:
    """repr shows audience, language and count only, never the secret or a user id."""
    names = Pseudonymizer.for_members(SECRET, "parents", MEMBERS)
    text = repr(names)
    assert SECRET not in text
    assert not any(str(uid) in text for uid in MEMBERS)
    assert text == "Pseudonymizer(audience='parents', language='fi', assigned=20)"


@given(st.sets(st.integers(10**6, 10**12), min_size=1, max_size=50), st.text(min_size=1))
def test_names_are_unique_and_never_contain_the_id(ids: set[int], secret: str) -> None:
    """For any secret and member set, names are distinct and never show a user id."""
    names = Pseudonymizer.for_members(secret, "parents", ids)
    given_names = {uid: names.name(uid) for uid in ids}
    assert len(set(given_names.values())) == len(ids)
    assert all(str(uid) not in name for uid, name in given_names.items())
    assert sorted(names.number(uid) for uid in ids) == list(range(1, len(ids) + 1))
