"""One matcher per process and phrase file: loading it costs seconds (simplemma dictionaries)."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from safeguarding.matcher import SafeguardingMatcher


@cache
def shared_matcher(path: Path | None = None) -> SafeguardingMatcher:
    """The matcher for the built-in phrases plus `path`, built on the first call only."""
    return SafeguardingMatcher.load(path)


__all__ = ["shared_matcher"]
