"""`/web` (private, staff): a one-time sign-in link to the web console, valid 10 minutes."""

from __future__ import annotations

from aiogram import Bot, Router
from aiogram.filters import Command, Filter
from aiogram.types import LinkPreviewOptions, Message
from aiogram.utils.i18n import gettext as _
from sqlalchemy.ext.asyncio import AsyncSession

from bot.access import readable_groups, refuse_others
from bot.console.links import issue
from bot.desk import Desk
from bot.filters import InPrivate
from bot.i18n import pick_language
from bot.staff import StaffDirectory


class StaffOfSomeGroup(Filter):
    """The sender may see at least one group: configured staff, or an admin of a group.

    In a private chat `IsStaff()` admits configured staff only; a chat's administrators
    are staff of that group in the console too, so they get a link as well.
    """

    async def __call__(
        self, message: Message, bot: Bot, db: AsyncSession, staff: StaffDirectory
    ) -> bool:
        user_id = message.from_user.id if message.from_user else 0
        if staff.is_configured_staff(user_id):
            return True
        return bool(await readable_groups(db, bot, staff, user_id=user_id))


async def on_web(message: Message, desk: Desk) -> None:
    """Send a fresh sign-in link (or say that the console is off)."""
    user = message.from_user
    assert user is not None
    if desk.settings.console_url is None:
        await message.answer(_("The web console is not in use in this deployment."))
        return
    language = pick_language(user.language_code, desk.settings.language)
    url = await issue(desk.db, desk.settings, user_id=user.id, language=language, now=desk.now())
    await desk.audit("console_link", None, actor_user_id=user.id)
    text = _("Your sign-in link to the web console (valid 10 minutes, works once):\n{url}").format(
        url=url
    )
    await message.answer(text, link_preview_options=LinkPreviewOptions(is_disabled=True))


def build() -> Router:
    """The console link router (private chats only)."""
    router = Router(name="console_link")
    router.message.register(on_web, Command("web"), InPrivate(), StaffOfSomeGroup())
    refuse_others(router, "web", where=InPrivate())
    return router
