"""Sign-in link tokens, session ids and CSRF tokens of the web console."""

from __future__ import annotations

from bot.console.tokens import hashed, link_key, new_link_token, new_secret, same, signed

KEY = link_key("console-unit-secret-0123456789")


def test_a_fresh_link_token_is_signed_with_the_key() -> None:
    """A token made with the key verifies with it and with no other key."""
    token = new_link_token(KEY)
    assert signed(KEY, token)
    assert not signed(link_key("another-secret-0123456789"), token)


def test_a_tampered_or_unsigned_token_is_refused() -> None:
    """Changing the nonce, dropping the signature or sending rubbish fails the check."""
    nonce, _dot, signature = new_link_token(KEY).partition(".")
    assert not signed(KEY, f"x{nonce}.{signature}")
    assert not signed(KEY, nonce)
    assert not signed(KEY, "")


def test_the_link_key_is_not_the_pseudonym_secret() -> None:
    """The derived key differs from the secret it is derived from (labelled HMAC)."""
    assert KEY != b"console-unit-secret-0123456789"


def test_stored_hashes_reveal_nothing_and_secrets_are_unique() -> None:
    """A stored value is the token's sha256, and two secrets are never equal."""
    token = new_secret()
    assert hashed(token) != token and len(hashed(token)) == 64
    assert new_secret() != new_secret()
    assert same(token, token) and not same(token, new_secret())
