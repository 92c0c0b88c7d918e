"""The reconciler's plain view of a group row for the Notifier."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from scheduler.reconciler import group_view
from storage.models import Group

CREATED = datetime(2026, 12, 1, tzinfo=UTC)


def test_view_carries_what_the_notifier_uses() -> None:
    """The view copies chat, key, wording and locking, and parses the zone once."""
    row = Group(
        key="youth",
        chat_id=-200,
        audience="youth",
        language="sv",
        timezone="Europe/Stockholm",
        lock_between_sessions=False,
        created_at=CREATED,
    )
    view = group_view(row)
    assert (view.key, view.chat_id, view.audience, view.language) == (
        "youth",
        -200,
        "youth",
        "sv",
    )
    assert view.zone == ZoneInfo("Europe/Stockholm")
    assert view.lock_between_sessions is False


def test_group_without_chat_has_no_view() -> None:
    """A group not yet bound to a chat cannot be spoken to: ValueError names it."""
    row = Group(key="pending", chat_id=None, audience="parents", created_at=CREATED)
    with pytest.raises(ValueError, match="pending"):
        group_view(row)
