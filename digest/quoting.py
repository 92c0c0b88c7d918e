"""The privacy gate: what of a contribution may appear in a digest, and under which name.

Only a member who gave consent, is not forgotten and whose message is not hidden (nor
marked sensitive by safeguarding, not imported from a chat export, not withdrawn by its
author nor still in their quote review) is quoted; the text always
passes through redaction. Everyone else is counted, never shown.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

from digest.model import Quote
from digest.privacy import Pseudonymizer
from digest.records import ContributionFact
from digest.redaction import Redactor

QUOTE_LIMIT = 600


def shows_author(user_id: int | None, forgotten: bool | None, consent: str | None) -> bool:
    """A pseudonym is shown only for a known member who gave consent."""
    return user_id is not None and not forgotten and consent == "given"


def shows_pseudonym(user_id: int | None, forgotten: bool | None) -> bool:
    """A contribution row carries a pseudonym for every known member who has not asked to be
    forgotten, consent or not: participants are counted from it; only text needs consent."""
    return user_id is not None and not forgotten


def shows_text(author_shown: bool, hidden: bool, text: str | None) -> bool:
    """Text is shown only for a visible message with text by an author who may be shown."""
    return author_shown and not hidden and bool(text)


def may_show_author(fact: ContributionFact) -> bool:
    """`shows_author` for a contribution."""
    return shows_author(fact.user_id, fact.forgotten, fact.consent)


def may_quote(fact: ContributionFact) -> bool:
    """`shows_text` for a contribution; never for one marked sensitive (nor in keywords),
    imported from a chat export, withdrawn by its author or still in their quote review."""
    if fact.sensitive or fact.imported or fact.quote_withdrawn or fact.quote_pending:
        return False
    return shows_text(may_show_author(fact), fact.hidden, fact.text)


class Quoter:
    """Pseudonyms over the period's members and redacted, cached texts."""

    __slots__ = ("_names", "_pseudonyms", "_texts", "_zone", "redact")

    def __init__(
        self, *, secret: str, audience: str, language: str, zone: ZoneInfo, user_ids: Iterable[int]
    ) -> None:
        self._pseudonyms = Pseudonymizer.for_members(secret, audience, user_ids, language)
        self.redact = Redactor(language)
        self._texts: dict[int, str] = {}
        self._names: dict[int, str] = {}
        self._zone = zone

    def name(self, user_id: int) -> str:
        """The member's pseudonym ("Vanhempi 7"), computed once per member."""
        name = self._names.get(user_id)
        if name is None:
            name = self._names[user_id] = self._pseudonyms.name(user_id)
        return name

    def author(self, fact: ContributionFact) -> str:
        """ "Vanhempi 7", or "" when the author may not be shown."""
        if fact.user_id is None or not may_show_author(fact):
            return ""
        return self.name(fact.user_id)

    def row_name(self, fact: ContributionFact) -> str:
        """ "Vanhempi 7" for a contribution row (consent or not), "" when `shows_pseudonym`
        refuses."""
        if fact.user_id is None or not shows_pseudonym(fact.user_id, fact.forgotten):
            return ""
        return self.name(fact.user_id)

    def text(self, fact: ContributionFact) -> str:
        """The redacted text, or "" when it may not be shown (decided once per contribution:
        a digest asks for each text several times)."""
        cached = self._texts.get(fact.id)
        if cached is None:
            text = fact.text if may_quote(fact) else None
            cached = self._texts[fact.id] = self.redact(text) if text is not None else ""
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
