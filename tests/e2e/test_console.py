"""The web console in a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import io
import zipfile
from datetime import date, timedelta
from pathlib import Path

import aiohttp
import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page

from storage import help_requests, session_days
from tests.e2e.console_support import (
    SERIOUS,
    World,
    browser_type_launch_args,
    chromium,
    sign_in,
    world,
)
from tests.e2e.helpers import at

__all__ = ["browser_type_launch_args", "chromium", "world"]  # fixtures used below

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT = ROOT / "docs" / "console.png"


async def accessible(page: Page) -> None:
    """axe-core finds no serious or critical violation on the page."""
    results = await Axe().run(page)
    bad = [v["id"] for v in results.response["violations"] if v["impact"] in SERIOUS]
    assert bad == [], f"{page.url}: {bad}"


async def test_staff_plan_a_day_download_a_digest_and_sign_out(
    world: World, chromium: Browser
) -> None:
    """Staff sign in by the bot's link, plan a day and write its prompt, answer a question,
    write a theme's note, download December's XLSX, handle a help request and sign out; the
    asker gets the answer privately and the group sees it (and the prompt) at the next window;
    every page passes axe."""
    asker, helped = world.parents[0], world.parents[1]
    world.sim.start_bot(asker)
    world.sim.user_sends(asker, asker, "/kysy Milloin seuraava tapaaminen on?")
    await world.asks_for_help(helped)
    link = await world.link_for(world.staff)
    page = await chromium.new_page(viewport={"width": 1000, "height": 900})
    await sign_in(page, link)
    await page.get_by_role("heading", name="Yleiskatsaus").wait_for()
    await accessible(page)

    await page.goto(f"{world.base}/console/groups/parents/calendar")
    await page.fill("#plan-day", "2027-01-21")
    await page.select_option("#plan-theme", "kaveruustaidot")
    await page.get_by_role("button", name="Suunnittele").click()
    await page.get_by_role("status").wait_for()
    await accessible(page)
    app = world.bot.app
    assert app is not None
    async with app.sessions() as db:
        planned = await session_days.day(db, group_id=1, on=date(2027, 1, 21))
    assert planned is not None and planned.theme_key == "kaveruustaidot"
    await page.locator("details.prompt summary").first.click()
    await page.fill("#prompt-2027-01-21", "Oma aloitus: miten lapset löytävät kavereita?")
    await page.get_by_role("button", name="Tallenna aloitusteksti 21.1.").click()
    await page.get_by_role("status").wait_for()
    await accessible(page)
    await page.goto(f"{world.base}/console/")
    await page.get_by_text("21.1.2027").wait_for()
    await page.screenshot(path=str(SCREENSHOT), full_page=True)

    await page.goto(f"{world.base}/console/questions")
    await accessible(page)
    await page.fill("#answer-1", "Ensi kuun 21. päivänä.")
    await page.get_by_role("button", name="Lähetä vastaus kysymykseen #1").click()
    await page.get_by_role("status").wait_for()
    await page.get_by_text("Ensi kuun 21. päivänä.").wait_for()
    await accessible(page)
    assert "Ensi kuun 21. päivänä." in world.private_texts(asker)[-1]

    await page.goto(f"{world.base}/console/groups/parents/digest?month=2026-12")
    await page.locator("details:has(#note-kiusaaminen) summary").click()
    await page.fill("#note-kiusaaminen", "Viedään koulujen kanssa eteenpäin.")
    await page.locator("form.note:has(#note-kiusaaminen) button").click()
    await page.get_by_role("status").wait_for()
    frame = page.frame_locator("iframe.digest")
    await frame.get_by_text("Viedään koulujen kanssa eteenpäin.").wait_for()
    await accessible(page)
    async with page.expect_download() as waiting:
        await page.get_by_role("link", name="XLSX").click()
    download = await waiting.value
    assert download.suggested_filename == "neuvo-parents-2026-12.xlsx"
    with zipfile.ZipFile(io.BytesIO(Path(await download.path()).read_bytes())) as xlsx:
        assert "xl/workbook.xml" in xlsx.namelist()

    await page.goto(f"{world.base}/console/regional?month=2026-12")
    await page.frame_locator("iframe.digest").get_by_role("heading", level=1).wait_for()
    await accessible(page)

    await page.goto(f"{world.base}/console/help-requests")
    await accessible(page)
    await page.locator("form[action$='/handled'] button").click()
    await page.get_by_role("status").wait_for()
    async with app.sessions() as db:
        assert await help_requests.open_requests(db) == []
    await accessible(page)

    await page.goto(f"{world.base}/console/audit")
    await accessible(page)
    for action in ("console_plan", "console_prompt", "console_answer", "console_note",
                   "console_help_handled"):  # fmt: skip
        assert await page.get_by_role("cell", name=action, exact=True).count() == 1, action

    await page.goto(f"{world.base}/console/signout")
    await accessible(page)
    await page.get_by_role("button", name="Kirjaudu ulos").click()
    await page.get_by_role("heading", name="Kirjauduttu ulos").wait_for()
    await page.goto(f"{world.base}/console/audit")
    await page.get_by_role("heading", name="Kirjaudu sisään").wait_for()
    await accessible(page)

    world.clock.set(at(date(2027, 1, 21), 8))
    await world.bot.tick()
    await world.bot.settle()
    posted = world.group_texts()
    assert any("Oma aloitus: miten lapset löytävät kavereita?" in text for text in posted)
    assert any("Ensi kuun 21. päivänä." in text for text in posted)


async def test_admin_of_another_group_gets_404(world: World, chromium: Browser) -> None:
    """A chat admin of the youth group cannot open the parents' digest or its files: 404,
    the same as for a group that does not exist; help requests and the regional digest
    (configured staff, every group readable) are 403."""
    page = await chromium.new_page()
    await sign_in(page, await world.link_for(world.youth_admin))
    for path in (
        "/console/groups/parents/digest?month=2026-12",
        "/console/groups/parents/digest/2026-12/download/xlsx",
        "/console/groups/parents/calendar",
        "/console/groups/nosuchgroup/digest",
    ):
        response = await page.request.get(world.base + path)
        assert response.status == 404, path
    for path in ("/console/help-requests", "/console/regional?month=2026-12"):
        response = await page.request.get(world.base + path)
        assert response.status == 403, path
    own = await page.request.get(f"{world.base}/console/groups/youth/calendar")
    assert own.status == 200


async def test_a_used_or_expired_link_fails(world: World, chromium: Browser) -> None:
    """A link works once and only for 10 minutes."""
    link = await world.link_for(world.staff)
    first = await chromium.new_page()
    await sign_in(first, link)
    second = await (await chromium.new_context()).new_page()
    await second.goto(link)
    await second.get_by_role("button").click()
    await second.get_by_role("heading", name="Kirjautuminen epäonnistui").wait_for()

    late = await world.link_for(world.staff)
    world.clock.set(world.clock() + timedelta(minutes=10, seconds=1))
    third = await (await chromium.new_context()).new_page()
    await third.goto(late)
    await third.get_by_role("button").click()
    await third.get_by_role("heading", name="Kirjautuminen epäonnistui").wait_for()


async def test_a_post_without_the_csrf_token_fails(world: World, chromium: Browser) -> None:
    """Planning without (or with a wrong) CSRF token is refused and plans nothing."""
    page = await chromium.new_page()
    await sign_in(page, await world.link_for(world.staff))
    url = f"{world.base}/console/groups/parents/calendar"
    form = {"action": "plan", "day": "2027-01-28", "theme": "eroasiat"}
    assert (await page.request.post(url, form=form)).status == 403
    assert (await page.request.post(url, form=form | {"csrf": "forged"})).status == 403
    app = world.bot.app
    assert app is not None
    async with app.sessions() as db:
        assert await session_days.day(db, group_id=1, on=date(2027, 1, 28)) is None


async def test_console_pages_carry_the_security_headers(world: World) -> None:
    """Every console response, errors included, has a CSP without unsafe-inline, nosniff,
    no referrer and frame denial; the digest frame may be framed only by the console."""
    async with aiohttp.ClientSession() as http:
        for path in ("/console/", "/console/groups/parents/digest", "/console/static/console.css"):
            async with http.get(world.base + path) as response:
                headers = response.headers
                assert "unsafe-inline" not in headers["Content-Security-Policy"]
                assert "frame-ancestors 'none'" in headers["Content-Security-Policy"]
                assert headers["X-Content-Type-Options"] == "nosniff"
                assert headers["Referrer-Policy"] == "no-referrer"
                assert headers["X-Frame-Options"] == "DENY"
