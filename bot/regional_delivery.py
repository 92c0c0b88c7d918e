"""`/digest MONTH all`: the regional digest of every group, for staff who may read them all."""

from __future__ import annotations

from collections.abc import Sequence

from aiogram.types import BufferedInputFile
from aiogram.utils.i18n import gettext as _

from bot.desk import Desk
from bot.digest_delivery import SENT_FIRST
from bot.digest_ops import parse_month, regional_digest
from digest.errors import DigestError
from digest.render.regional import file_name, render_regional
from storage import audit, groups
from storage.models import Group

ALL_GROUPS = "all"


async def may_read_all(desk: Desk, allowed: Sequence[Group]) -> list[str]:
    """Every registered group's key when the user may read each of them, else none."""
    registered = [g.key for g in await groups.all_groups(desk.db) if g.chat_id is not None]
    readable = {group.key for group in allowed}
    return registered if registered and readable.issuperset(registered) else []


async def deliver_regional(
    desk: Desk, chat_id: int, user_id: int, allowed: Sequence[Group], month: str
) -> None:
    """The regional digest as HTML and PDF, or one line saying why not."""
    keys = await may_read_all(desk, allowed)
    if not keys:
        await audit.record(
            desk.db, action="digest", now=desk.now(), actor_user_id=user_id,
            outcome="refused", reason=f"{ALL_GROUPS} {month}",
        )  # fmt: skip
        await desk.bot.send_message(
            chat_id=chat_id, text=_("Only staff who may read every group get the regional digest.")
        )
        return
    try:
        year, number = parse_month(month)
        digest = await regional_digest(
            desk.db, desk.settings, desk.catalog, group_keys=keys, year=year, month=number,
            now=desk.now(),
        )  # fmt: skip
    except DigestError as exc:
        await desk.bot.send_message(chat_id=chat_id, text=str(exc))
        return
    note = _("The regional digest of {count} groups for {month}.").format(
        count=len(keys), month=month
    )
    await desk.bot.send_message(chat_id=chat_id, text=note)
    for fmt in SENT_FIRST:
        document = BufferedInputFile(render_regional(digest, fmt), file_name(digest, fmt))
        await desk.bot.send_document(chat_id=chat_id, document=document)
    await audit.record(
        desk.db, action="digest", now=desk.now(), actor_user_id=user_id,
        reason=f"{ALL_GROUPS} {month}",
    )  # fmt: skip
