"""The privacy gate: what of a contribution may appear in a digest, and under which name.

Only a member who gave consent, is not forgotten and whose message is not hidden is
quoted; the text always passes through redaction. Everyone else is counted, never shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from digest.model import Quote
from digest.privacy import Pseudonymizer
from digest.queries import ContributionFact
from digest.redaction import Redactor

QUOTE_LIMIT = 600


def may_show_author(fact: ContributionFact) -> bool:
    """A pseudonym is shown only for a known member who gave consent."""
    return fact.user_id is not None and not fact.forgotten and fact.consent == "given"


def may_quote(fact: ContributionFact) -> bool:
    """Text is shown only for a consenting member's visible message with text."""
    return may_show_author(fact) and not fact.hidden and bool(fact.text)


class Quoter:
    """Pseudonyms over the period's members and redacted, cached texts."""

    __slots__ = ("_names", "_pseudonyms", "_redact", "_texts", "_zone")

    def __init__(
        self,
        *,
        secret: str,
        audience: str,
        language: str,
        zone: ZoneInfo,
        facts: Iterable[ContributionFact],
    ) -> None:
        user_ids = {fact.user_id for fact in facts if fact.user_id is not None}
        self._pseudonyms = Pseudonymizer.for_members(secret, audience, user_ids, language)
        self._redact = Redactor(language)
        self._texts: dict[int, str] = {}
        self._names: dict[int, str] = {}
        self._zone = zone

    def author(self, fact: ContributionFact) -> str:
        """ "Vanhempi 7", or "" when the author may not be shown."""
        if fact.user_id is None or not may_show_author(fact):
            return ""
        name = self._names.get(fact.user_id)
        if name is None:
            name = self._names[fact.user_id] = self._pseudonyms.name(fact.user_id)
        return name

    def text(self, fact: ContributionFact) -> str:
        """The redacted text, or "" when it may not be shown."""
        if not may_quote(fact) or fact.text is None:
            return ""
        cached = self._texts.get(fact.id)
        if cached is None:
            cached = self._texts[fact.id] = self._redact(fact.text)
        return cached

    def quote(self, fact: ContributionFact, *, reactions: int, replies: int) -> Quote:
        """A quote of a contribution that `may_quote` allows (shortened to QUOTE_LIMIT)."""
        text = self.text(fact)
        if len(text) > QUOTE_LIMIT:
            text = text[: QUOTE_LIMIT - 1].rstrip() + "…"
        return Quote(
            contribution_id=fact.id,
            author=self.author(fact),
            text=text,
            sent_at=fact.sent_at.astimezone(self._zone),
            window=fact.window_label or "",
            reactions=reactions,
            replies=replies,
        )
