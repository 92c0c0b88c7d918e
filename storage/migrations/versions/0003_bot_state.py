"""bot state (generated webhook secret)

Revision ID: 0003
Revises: 0002
"""

from storage.migrations import ddl

revision: str = "0003"
down_revision: str | None = "0002"


def upgrade() -> None:
    """The key-value table of the bot's own state."""
    ddl.create_table(
        "bot_state", ddl.short("key", 64), ddl.text("value"), ddl.utc("updated_at"), key="key"
    )


def downgrade() -> None:
    """The bot's state dropped."""
    ddl.drop_tables("bot_state")
