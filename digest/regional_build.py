"""Build the regional digest of several groups for one month from storage (read-only)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from digest import queries
from digest.builder import build_digest
from digest.errors import DigestError
from digest.labels import labels_for, normalise
from digest.model import Tally
from digest.periods import month_range
from digest.regional import GroupPart, RegionalDigest, compose
from themes.model import Theme


async def build_regional(
    db: AsyncSession,
    *,
    group_keys: Sequence[str],
    year: int,
    month: int,
    secret: str,
    catalog: Mapping[str, Theme],
    now: datetime,
    language: str | None = None,
    threshold: int = 5,
) -> RegionalDigest:
    """The month's regional digest of the groups (each month in its group's own zone)."""
    keys = list(dict.fromkeys(group_keys))
    if not keys:
        raise DigestError("no groups given: name them with --group or use --all-groups")
    places: defaultdict[str, defaultdict[str | None, list[int]]] = defaultdict(
        lambda: defaultdict(lambda: [0, 0])
    )
    parts = []
    for key in keys:
        facts = await queries.group_by_key(db, key=key)
        if facts is None:
            raise DigestError(f"unknown group {key!r}: register it with /setup first")
        start, end = month_range(year, month, facts.timezone)
        group = await build_digest(
            db, group_key=key, start=start, end=end, secret=secret, catalog=catalog, now=now,
            language=language, threshold=threshold,
        )  # fmt: skip
        parts.append(GroupPart(key, group.group_title, group))
        for theme, place, count, people in await queries.municipality_tallies(
            db, group_id=facts.id, start=start, end=end
        ):
            tally = places[theme][place]
            tally[0], tally[1] = tally[0] + count, tally[1] + people
    output = normalise(language or parts[0].digest.language)
    return compose(
        parts,
        {
            theme: {place or "": Tally(*tally) for place, tally in by_place.items()}
            for theme, by_place in places.items()
        },
        unknown_municipality=labels_for(output)["municipality_unknown"],
        generated_at=now,
        threshold=threshold,
    )
