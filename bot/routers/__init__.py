"""Feature routers, included in this order (first match wins)."""

from __future__ import annotations

from aiogram import Router

from bot.routers import (
    consent,
    consent_link,
    contributions,
    digest,
    guard,
    members,
    moderation,
    planning,
    reports,
    rights,
    sanctions,
    setup,
    start,
    stats,
)


def build_routers() -> list[Router]:
    """Fresh router instances, in the order the dispatcher must try them.

    `consent_link` comes first (it owns `/start` with a payload); `guard` (the filters) runs after
    every command router and just before `contributions`, which must stay last.
    """
    return [
        consent_link.build(),
        consent.build(),
        start.build(),
        setup.build(),
        planning.build(),
        moderation.build(),
        stats.build(),
        digest.build(),
        rights.build(),
        members.build(),
        sanctions.build(),
        reports.build(),
        guard.build(),
        contributions.build(),
    ]
