"""Safeguarding: recognise a message that says its writer (or their child) is hurt or in danger.

Pure and small: `SafeguardingMatcher.load(path | None).match(text, language)` returns the
category and phrase id of the first match, never the text. The phrases are data
(`safeguarding/phrases.toml`); see README, "Safeguarding".
"""

from safeguarding.matcher import SafeguardingMatch, SafeguardingMatcher
from safeguarding.phrases import DEFAULT_PHRASES, PhraseFileError

__all__ = ["DEFAULT_PHRASES", "PhraseFileError", "SafeguardingMatch", "SafeguardingMatcher"]
