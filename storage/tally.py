"""A window's public figures as plain values: what the close message tells the group."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Tally:
    """Member contributions and distinct participants."""

    contributions: int
    participants: int
