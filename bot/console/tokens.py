"""The console's secrets: signed one-time link tokens, session ids, CSRF tokens (pure).

The link key is derived from `pseudonym_secret` with a label (HMAC-SHA256), so no second
secret has to be configured and the pseudonym key itself is never used for links. Only the
sha256 of a token or session id is stored: a database leak gives no way in.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets

LINK_KEY_LABEL = b"neuvo console sign-in link v1"


def link_key(pseudonym_secret: str) -> bytes:
    """The key that signs sign-in links, derived from the pseudonym secret with a label."""
    return hmac.new(pseudonym_secret.encode(), LINK_KEY_LABEL, hashlib.sha256).digest()


def _signature(key: bytes, nonce: str) -> str:
    return hmac.new(key, nonce.encode(), hashlib.sha256).hexdigest()[:32]


def new_link_token(key: bytes) -> str:
    """A random nonce with its signature: `nonce.signature`."""
    nonce = secrets.token_urlsafe(24)
    return f"{nonce}.{_signature(key, nonce)}"


def signed(key: bytes, token: str) -> bool:
    """Whether `token` carries a valid signature (compared in constant time)."""
    nonce, _dot, signature = token.partition(".")
    if not nonce or not signature:
        return False
    return hmac.compare_digest(signature.encode(), _signature(key, nonce).encode())


def new_secret() -> str:
    """A random session id or CSRF token."""
    return secrets.token_urlsafe(32)


def hashed(value: str) -> str:
    """The sha256 (hex) that is stored instead of a token or session id."""
    return hashlib.sha256(value.encode()).hexdigest()


def same(given: str, expected: str) -> bool:
    """Constant-time comparison of two tokens."""
    return hmac.compare_digest(given.encode(), expected.encode())
