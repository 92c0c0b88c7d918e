"""Start-up's first database step: migrate, waiting with backoff while it is unreachable."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable

from sqlalchemy.exc import InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.polling import Backoff
from storage import migrate

log = logging.getLogger(__name__)

#: What an unreachable (or not yet started) database raises; anything else is not waited out.
UNREACHABLE = (OSError, OperationalError, InterfaceError)
Pause = Callable[[asyncio.Event, float], Awaitable[None]]
Upgrade = Callable[[AsyncEngine], Awaitable[None]]


async def pause_unless_stopped(stop: asyncio.Event, seconds: float) -> None:
    """Wait `seconds`, or less if `stop` is set meanwhile."""
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(stop.wait(), timeout=seconds)


async def migrate_when_reachable(
    engine: AsyncEngine,
    stop: asyncio.Event,
    *,
    pause: Pause = pause_unless_stopped,
    upgrade: Upgrade = migrate.upgrade,
) -> bool:
    """Migrate to head, retrying with backoff while the database is unreachable (one log line
    when it goes down, one when it is back); False if stopped first. A SQLite location that
    cannot work raises DatabaseNotReady at once."""
    migrate.check_sqlite_location(engine.url)
    where = engine.url.render_as_string(hide_password=True)
    backoff = Backoff()
    while not stop.is_set():
        try:
            await upgrade(engine)
        except UNREACHABLE as exc:
            if not backoff.failures:
                log.warning(
                    "database %s unreachable (%s); retrying with backoff", where, brief(exc)
                )
            await pause(stop, backoff.next_delay())
            continue
        if backoff.failures:
            log.warning("database %s reachable again", where)
        return True
    return False


def brief(exc: BaseException) -> str:
    """The first line of an error, without SQLAlchemy's background link."""
    cause = getattr(exc, "orig", None) or exc
    lines = str(cause).strip().splitlines()
    return f"{type(cause).__name__}: {lines[0]}" if lines else type(cause).__name__
