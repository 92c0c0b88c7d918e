"""Feature routers, included in this order (first match wins)."""

from __future__ import annotations

from aiogram import Router

from bot.routers import contributions, moderation, planning, setup, start, stats


def build_routers() -> list[Router]:
    """Fresh router instances, in the order the dispatcher must try them."""
    return [
        start.build(),
        setup.build(),
        planning.build(),
        moderation.build(),
        stats.build(),
        contributions.build(),
    ]
