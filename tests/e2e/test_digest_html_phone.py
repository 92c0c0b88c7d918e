"""The digest's HTML on a 390 px phone screen in Chromium: every number visible, no side scroll."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from digest.render import render
from tests.e2e.console_support import browser_type_launch_args, chromium
from tests.integration.test_digest_seed import december_digest, seed

__all__ = ["browser_type_launch_args", "chromium"]  # fixtures used below

pytestmark = pytest.mark.browser
PHONE_WIDTH = 390


async def test_every_number_is_visible_at_390_px(
    sessions: async_sessionmaker[AsyncSession], chromium: Browser, tmp_path: Path
) -> None:
    """At 390 px the page does not scroll sideways and every numeric cell lies inside it."""
    await seed(sessions)
    digest = await december_digest(sessions)
    path = tmp_path / "digest.html"
    path.write_bytes(render(digest, "html"))
    page = await chromium.new_page(viewport={"width": PHONE_WIDTH, "height": 800})
    await page.goto(path.as_uri())
    assert await page.evaluate("document.documentElement.scrollWidth") <= PHONE_WIDTH
    cells = page.locator("td.num")
    count = await cells.count()
    assert count > 10
    for index in range(count):
        box = await cells.nth(index).bounding_box()
        assert box is not None and box["width"] > 0
        assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE_WIDTH
