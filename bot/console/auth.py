"""Who is asking: the session cookie, the groups its person may see, the CSRF check.

Every request re-checks staff status with the bot's own rule (`readable_groups`: configured
`staff_ids` see every group, a chat's administrators only that chat). Someone who may see
no group any more is signed out everywhere and their unused links are voided.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from aiohttp import web
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import readable_groups
from bot.console.tokens import hashed, new_secret, same
from bot.runtime import App
from storage import console
from storage.groups import all_groups
from storage.models import ConsoleSession, Group

SESSION_COOKIE = "neuvo_console"
SESSION_LIFETIME = timedelta(hours=8)
CSRF_FIELD = "csrf"


@dataclass(frozen=True)
class Visitor:
    """A signed-in staff member and the groups they may see (at least one); configured staff
    also handle help requests, and whoever reads every group sees the regional digest."""

    session: ConsoleSession
    session_hash: str
    groups: tuple[Group, ...]
    configured_staff: bool = False
    reads_every_group: bool = False

    @property
    def user_id(self) -> int:
        return self.session.user_id

    @property
    def csrf(self) -> str:
        return self.session.csrf_token

    def group_by_id(self, group_id: int | None) -> Group:
        """A group this person may see, by its id; 404 for any other."""
        for group in self.groups:
            if group.id is not None and group.id == group_id:
                return group
        raise web.HTTPNotFound()

    def group(self, key: str) -> Group:
        """A group this person may see; 404 for any other key, known or not."""
        for group in self.groups:
            if group.key == key:
                return group
        raise web.HTTPNotFound()


async def visitor_of(
    request: web.Request, app: App, db: AsyncSession, now: datetime
) -> Visitor | None:
    """The signed-in staff member behind this request, or None (signed out now if no longer
    staff)."""
    raw = request.cookies.get(SESSION_COOKIE)
    if not raw:
        return None
    session_hash = hashed(raw)
    session = await console.live_session(db, id_hash=session_hash, now=now)
    if session is None:
        return None
    groups = await readable_groups(db, app.bot, app.staff, user_id=session.user_id)
    if not groups:
        await console.end_everything_of(db, user_id=session.user_id, now=now)
        return None
    registered = [g for g in await all_groups(db) if g.chat_id is not None]
    return Visitor(
        session=session,
        session_hash=session_hash,
        groups=tuple(groups),
        configured_staff=app.staff.is_configured_staff(session.user_id),
        reads_every_group=len(groups) == len(registered),
    )


async def start_session(
    db: AsyncSession, *, user_id: int, language: str, now: datetime
) -> tuple[str, ConsoleSession]:
    """A new session: the raw id for the cookie and the stored row."""
    raw = new_secret()
    row = await console.open_session(
        db,
        id_hash=hashed(raw),
        user_id=user_id,
        csrf_token=new_secret(),
        language=language,
        now=now,
        expires_at=now + SESSION_LIFETIME,
    )
    return raw, row


def set_session_cookie(response: web.StreamResponse, raw: str, *, secure: bool) -> None:
    """The session cookie: HttpOnly, SameSite=Lax, Secure behind https, 8 hours."""
    response.set_cookie(
        SESSION_COOKIE,
        raw,
        max_age=int(SESSION_LIFETIME.total_seconds()),
        path="/console",
        httponly=True,
        samesite="Lax",
        secure=secure,
    )


def clear_session_cookie(response: web.StreamResponse) -> None:
    """Forget the cookie in the browser."""
    response.del_cookie(SESSION_COOKIE, path="/console")


async def check_csrf(request: web.Request, visitor: Visitor) -> dict[str, str]:
    """The posted form, if it carries this session's CSRF token; else 403."""
    form = await request.post()
    given = form.get(CSRF_FIELD)
    if not isinstance(given, str) or not same(given, visitor.csrf):
        raise web.HTTPForbidden(text="CSRF token missing or wrong")
    return {key: value for key, value in form.items() if isinstance(value, str)}
