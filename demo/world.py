"""Scripted Telegram worlds in the sandbox, shared by the demo and the end-to-end tests."""

from __future__ import annotations

from sandbox.simulator import BotApiSimulator


def advisory_group(sim: BotApiSimulator, title: str, staff_id: int) -> int:
    """A new supergroup where the bot is a full admin (delete, restrict, pin, invite) and
    `staff_id` an admin; returns its chat id."""
    chat_id = int(sim.add_chat(title)["id"])
    sim.set_bot_rights(
        chat_id,
        can_delete_messages=True,
        can_restrict_members=True,
        can_pin_messages=True,
        can_invite_users=True,
    )
    sim.set_admin(chat_id, staff_id)
    return chat_id
