"""The bot's update queue: getUpdates offsets, allowed_updates, polls and webhooks."""

from __future__ import annotations

import bisect
import copy
from dataclasses import dataclass, field

from sandbox.models import JsonDict
from sandbox.notify import Notifier

DEFAULT_EXCLUDED = frozenset({"chat_member", "message_reaction", "message_reaction_count"})


def update_kind(update: JsonDict) -> str:
    """The update's payload field, e.g. "message"."""
    return next((key for key in update if key != "update_id"), "unknown")


def _update_id(item: StoredUpdate) -> int:
    return item.update_id


@dataclass(eq=False)
class StoredUpdate:
    """An update waiting to be confirmed."""

    update_id: int
    data: JsonDict
    redelivery: bool = False
    delivered: bool = False

    @property
    def kind(self) -> str:
        """The update's payload field."""
        return update_kind(self.data)


@dataclass
class WebhookConfig:
    """The webhook set with setWebhook."""

    url: str
    secret_token: str | None = None
    max_connections: int = 40
    last_error_date: int | None = None
    last_error_message: str | None = None


@dataclass(eq=False)
class Poll:
    """One waiting getUpdates request."""

    terminated: bool = False
    closing: bool = False


@dataclass
class UpdateQueue:
    """Unconfirmed updates in update_id order plus the delivery settings."""

    items: list[StoredUpdate] = field(default_factory=list)
    next_id: int = 1
    confirmed_offset: int = 0
    allowed: frozenset[str] | None = None
    webhook: WebhookConfig | None = None
    changed: Notifier = field(default_factory=Notifier)
    active_poll: Poll | None = None
    may_hold_excluded: bool = False

    def is_allowed(self, kind: str) -> bool:
        """Whether updates of `kind` are delivered under the current allowed_updates."""
        if self.allowed is None:
            return kind not in DEFAULT_EXCLUDED
        return kind in self.allowed

    def set_allowed(self, kinds: list[str] | None) -> None:
        """Remember allowed_updates; an empty list restores the default set."""
        allowed = frozenset(kinds) if kinds else None
        if allowed != self.allowed:
            self.allowed = allowed
            self.may_hold_excluded = True

    def push(self, update: JsonDict) -> int:
        """Store an update, assigning update_id when missing (kept in update_id order)."""
        data = copy.deepcopy(update)
        if "update_id" not in data:
            data = {"update_id": self.next_id, **data}
        update_id = int(data["update_id"])
        self.next_id = max(self.next_id, update_id + 1)
        redelivery = update_id < self.confirmed_offset
        item = StoredUpdate(update_id, data, redelivery=redelivery)
        if self.items and self.items[-1].update_id > update_id:
            bisect.insort(self.items, item, key=_update_id)
        else:
            self.items.append(item)
        self.may_hold_excluded = self.may_hold_excluded or not self.is_allowed(item.kind)
        self.changed.notify()
        return update_id

    def _kept(self, item: StoredUpdate, offset: int) -> bool:
        return item.update_id >= offset or (item.redelivery and not item.delivered)

    def confirm(self, offset: int) -> None:
        """Forget updates below `offset`; a negative offset keeps only the last -offset."""
        if offset < 0:
            self.items = self.items[offset:]
            return
        if offset == 0:
            return
        below = bisect.bisect_left(self.items, offset, key=_update_id)
        if below:
            kept = [item for item in self.items[:below] if self._kept(item, offset)]
            self.items = kept + self.items[below:]
        self.confirmed_offset = max(self.confirmed_offset, offset)
        self.changed.notify()

    def drop_excluded(self) -> None:
        """Forget updates the current allowed_updates excludes; they are never delivered."""
        if self.may_hold_excluded:
            self.items = [item for item in self.items if self.is_allowed(item.kind)]
            self.may_hold_excluded = False

    def take(self, offset: int | None, limit: int) -> list[JsonDict]:
        """Deliverable updates from `offset` on, marked as delivered."""
        self.drop_excluded()
        chosen: list[StoredUpdate] = []
        for item in self.items:
            if len(chosen) >= limit:
                break
            if offset is None or offset <= 0 or self._kept(item, offset):
                chosen.append(item)
        for item in chosen:
            item.delivered = True
        return [copy.deepcopy(item.data) for item in chosen]

    def pending(self) -> int:
        """Unconfirmed updates that the current allowed_updates would deliver."""
        if not self.may_hold_excluded:
            return len(self.items)
        return sum(1 for item in self.items if self.is_allowed(item.kind))

    def next_for_webhook(self) -> StoredUpdate | None:
        """The next update to POST (excluded kinds are dropped)."""
        self.drop_excluded()
        return self.items[0] if self.items else None

    def ack(self, item: StoredUpdate) -> None:
        """A webhook delivery succeeded: forget the update."""
        if item in self.items:
            self.items.remove(item)
        self.confirmed_offset = max(self.confirmed_offset, item.update_id + 1)
        self.changed.notify()

    def drop_pending(self) -> None:
        """drop_pending_updates: forget everything stored."""
        if self.items:
            self.confirmed_offset = max(
                self.confirmed_offset, max(i.update_id for i in self.items) + 1
            )
        self.items.clear()
        self.changed.notify()

    def begin_poll(self) -> Poll:
        """Register a waiting getUpdates; an earlier one is terminated (409)."""
        if self.active_poll is not None:
            self.active_poll.terminated = True
        self.active_poll = Poll()
        self.changed.notify()
        return self.active_poll

    def end_poll(self, poll: Poll) -> None:
        """The getUpdates request finished."""
        if self.active_poll is poll:
            self.active_poll = None

    def close_polls(self) -> None:
        """Server shutdown: let a waiting getUpdates return at once."""
        if self.active_poll is not None:
            self.active_poll.closing = True
        self.changed.notify()
