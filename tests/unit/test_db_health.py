"""Database outages are told apart from faults, and waited out with one log line per change."""

from __future__ import annotations

import asyncio
import logging
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from bot.db_health import DatabaseHealth
from storage.db import is_unavailable


def wrapped(error: Exception) -> OperationalError:
    """`error` as SQLAlchemy raises it from a driver."""
    return OperationalError("INSERT ...", {}, error)


@pytest.mark.parametrize(
    "error",
    [
        wrapped(sqlite3.OperationalError("database or disk is full")),
        wrapped(sqlite3.OperationalError("disk I/O error")),
        wrapped(ConnectionRefusedError(111, "Connection refused")),
        ConnectionResetError(104, "Connection reset by peer"),
    ],
)
def test_outages_are_unavailable(error: Exception) -> None:
    """A full disk, a refused or reset connection mean the database is unavailable."""
    assert is_unavailable(error)


@pytest.mark.parametrize(
    "error",
    [wrapped(sqlite3.OperationalError("no such table: groups")), ValueError("bad payload")],
)
def test_faults_are_not_unavailable(error: Exception) -> None:
    """A broken statement or a bad update is a fault to keep for replay, not an outage."""
    assert not is_unavailable(error)


async def test_retry_waits_out_an_outage_with_one_line_each_way(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Three failed attempts then a success: the result, one "unreachable" and one "back"."""
    health = DatabaseHealth(base=0.001, cap=0.002)
    failures = [wrapped(sqlite3.OperationalError("database or disk is full"))] * 3

    async def store() -> str:
        if failures:
            raise failures.pop()
        return "stored"

    with caplog.at_level(logging.WARNING):
        assert await health.retry(store, asyncio.Event()) == ("stored",)
    messages = [record.getMessage() for record in caplog.records]
    assert [m.split(" (")[0] for m in messages] == [
        "database unreachable, holding updates",
        "database back, resuming",
    ]
    assert health.up and health.resumptions == 1


async def test_retry_raises_a_fault_at_once() -> None:
    """An error that is not an outage is raised on the first attempt and leaves health up."""
    health = DatabaseHealth(base=0.001)
    calls = 0

    async def broken() -> None:
        nonlocal calls
        calls += 1
        raise ValueError("bad payload")

    with pytest.raises(ValueError):
        await health.retry(broken, asyncio.Event())
    assert calls == 1 and health.up


async def test_retry_gives_up_when_stopped() -> None:
    """Stopped while the database is down, the retry returns None and health stays down."""
    health = DatabaseHealth(base=60)
    stop = asyncio.Event()

    async def down() -> None:
        stop.set()
        raise ConnectionRefusedError(111, "Connection refused")

    assert await health.retry(down, stop) is None
    assert not health.up
