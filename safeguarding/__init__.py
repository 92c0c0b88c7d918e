"""Safeguarding: recognise a message that says its writer (or their child) is hurt or in danger.

Pure and small: `SafeguardingMatcher.load(path | None).match(text, language)` returns the
category and phrase id of the first match, never the text. `shared_matcher(path)` gives one
matcher per process (loading takes seconds: build it once, off the event loop);
`safeguarding.prefilter.shared_prefilter(path)` rejects ordinary messages in microseconds
without any dictionary, so the matcher is needed only for the few that pass. The phrases
are data (`safeguarding/phrases.toml`); see README, "Safeguarding".
"""

from safeguarding.matcher import SafeguardingMatch, SafeguardingMatcher
from safeguarding.phrases import DEFAULT_PHRASES, PhraseFileError
from safeguarding.shared import shared_matcher

__all__ = [
    "DEFAULT_PHRASES",
    "PhraseFileError",
    "SafeguardingMatch",
    "SafeguardingMatcher",
    "shared_matcher",
]
