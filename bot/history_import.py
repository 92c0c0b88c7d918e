"""Log an exported chat's history as a group's contributions (`neuvo import telegram-export`).

Each message is attributed as a live one would be (`scheduler.attribution`, by its own time)
after the given session days are planned; everything happens in one transaction, and a
message already stored (chat_id, message_id) is left as it is, so a second import stores
nothing and an interrupted one can simply be run again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.telegram_export import ExportedChat, ExportedMessage, ExportError
from scheduler.attribution import Attribution, attribute
from scheduler.policy import GroupPolicy
from storage import contributions, groups, session_days
from storage.db import transaction
from storage.models import Group

BATCH = 500
SUPERGROUP_BASE = 1_000_000_000_000  # Bot API chat id of supergroup N: -(10**12 + N)


@dataclass(frozen=True)
class ImportResult:
    """What an import did: messages read, newly stored, already there, entries skipped."""

    read: int
    stored: int
    already: int
    skipped: int
    themed: int


@dataclass(frozen=True)
class ChatImport:
    """What to import: the exported chat, into which group, the session days of its history
    ({day: theme key}) and when."""

    chat: ExportedChat
    group_key: str
    themes: Mapping[date, str]
    now: datetime


def bot_chat_id(chat: ExportedChat) -> int:
    """The chat's id as the Bot API gives it (exports carry the bare id)."""
    if chat.chat_type == "private_group":
        return -chat.export_id
    return -(SUPERGROUP_BASE + chat.export_id)


async def import_chat(
    sessions: async_sessionmaker[AsyncSession],
    job: ChatImport,
    *,
    policy_for: Callable[[Group], GroupPolicy],
    staff_ids: Collection[int],
    on_progress: Callable[[int], object] = lambda _done: None,
) -> ImportResult:
    """Import the job's chat into its group; ExportError (one line) when it is not that
    group's."""
    chat, now = job.chat, job.now
    async with transaction(sessions) as db:
        group = await target_group(db, job.group_key, chat)
        assert group.id is not None and group.chat_id is not None
        for day, theme_key in sorted(job.themes.items()):
            await session_days.plan(
                db, group_id=group.id, on=day, theme_key=theme_key, now=now, source="import"
            )
        stored = themed = 0
        importer = _Importer(db, group, policy_for(group), frozenset(staff_ids), now)
        for start in range(0, len(chat.messages), BATCH):
            batch = chat.messages[start : start + BATCH]
            new, with_theme = await importer.log(batch)
            stored, themed = stored + new, themed + with_theme
            on_progress(len(batch))
    read = len(chat.messages)
    return ImportResult(read, stored, read - stored, chat.skipped, themed)


async def target_group(db: AsyncSession, group_key: str, chat: ExportedChat) -> Group:
    """The group, registered for the exported chat (else ExportError)."""
    group = await groups.by_key(db, key=group_key)
    if group is None:
        raise ExportError(f"no group with key {group_key!r} (declare it in neuvo.toml)")
    exported = bot_chat_id(chat)
    if group.chat_id is None:
        raise ExportError(
            f"group {group_key!r} has no chat yet: add the bot to the group first "
            f"(the export is of chat {exported})"
        )
    if group.chat_id != exported:
        raise ExportError(
            f"the export is of chat {exported} ({chat.name!r}), but group {group_key!r} "
            f"is chat {group.chat_id}: nothing imported"
        )
    return group


class _Importer:
    """Attributes and queues one batch of messages at a time."""

    def __init__(
        self,
        db: AsyncSession,
        group: Group,
        policy: GroupPolicy,
        staff_ids: frozenset[int],
        now: datetime,
    ) -> None:
        assert group.id is not None and group.chat_id is not None
        self.db, self.group_id, self.chat_id = db, group.id, group.chat_id
        self.language, self.policy, self.staff_ids, self.now = (
            group.language,
            policy,
            staff_ids,
            now,
        )

    async def log(self, batch: Sequence[ExportedMessage]) -> tuple[int, int]:
        """Queue the batch's new messages; (how many, how many with a theme)."""
        known = await contributions.stored_message_ids(
            self.db, chat_id=self.chat_id, message_ids=[m.message_id for m in batch]
        )
        fresh = [message for message in batch if message.message_id not in known]
        # Attribute the whole batch before queueing: reads in a row share the day memo.
        places = [
            await attribute(
                self.db,
                group_id=self.group_id,
                policy=self.policy,
                sent_at=message.sent_at,
                reply_to_message_id=message.reply_to_message_id,
            )
            for message in fresh
        ]
        for message, where in zip(fresh, places, strict=True):
            contributions.log_imported(
                self.db, language=self.language, now=self.now, **self._fields(message, where)
            )
        return len(fresh), sum(where.theme_key is not None for where in places)

    def _fields(self, message: ExportedMessage, where: Attribution) -> dict[str, Any]:
        """The contribution of one exported message: its own fields (the author's id among
        them), where it counts, and this group's chat; never hidden, highlighted or in a thread."""
        return {
            **asdict(message),
            **asdict(where),
            "text": message.text or None,
            "group_id": self.group_id,
            "chat_id": self.chat_id,
            "is_staff": message.user_id in self.staff_ids,
            "thread_id": None,
            "hidden": False,
            "highlighted": False,
        }
