"""Start-up against the sandbox: the privacy-mode warning and an unreachable Telegram."""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime

import pytest

from bot.clock import ManualClock
from sandbox.simulator import BotApiSimulator
from tests.e2e.helpers import eventually, served_bot


async def test_privacy_mode_warns_log_and_staff(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """With privacy mode on, start-up logs the BotFather fix and tells staff privately."""
    sim = BotApiSimulator()
    sim.set_privacy_mode(True)
    staff = int(sim.add_user("Sanna")["id"])
    sim.start_bot(staff)
    async with served_bot(sim, ManualClock(datetime.now(UTC)), database_url, staff) as bot:
        with caplog.at_level(logging.WARNING):
            await bot.start()
        await bot.stop()
    assert any("/setprivacy" in record.getMessage() for record in caplog.records)
    (note,) = [m["text"] for m in sim.sent_messages(staff)]
    assert "/setprivacy" in note and note.startswith("Neuvo ei näe ryhmien viestejä")


async def test_unreachable_telegram_is_retried_without_crash(
    database_url: str, caplog: pytest.LogCaptureFixture
) -> None:
    """While the Bot API answers 502 the bot logs and waits; when it recovers, it starts."""
    sim = BotApiSimulator()
    staff = int(sim.add_user("Sanna")["id"])
    sim.set_down(True)
    async with served_bot(sim, ManualClock(datetime.now(UTC)), database_url, staff) as bot:
        with caplog.at_level(logging.WARNING):
            starting = asyncio.create_task(bot.start())
            await eventually(lambda: len(sim.calls("getMe")) >= 1, timeout=60)  # migrated
            await asyncio.sleep(1.5)
            assert not starting.done()
            getme_calls = len(sim.calls("getMe"))
            assert 1 <= getme_calls <= 3  # backing off, not a busy loop
            sim.set_down(False)
            await asyncio.wait_for(starting, timeout=10)
        await bot.stop()
    assert any("getMe failed" in record.getMessage() for record in caplog.records)
