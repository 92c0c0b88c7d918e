"""Shorthands the revisions in `versions/` write their tables and columns with.

Released revisions use them, so the DDL they emit must never change: a change here would
change the schema every old revision builds (`tests/integration/test_migration_schema.py`
checks the migrated schema against the models).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlmodel.sql.sqltypes import AutoString

from storage.types import TelegramText, UTCDateTime

Column = sa.Column[Any]
Index = str | tuple[str, Sequence[str]]
"""An index: a column name (index `ix_<table>_<column>`), or (name, columns)."""


def integer(name: str, *, nullable: bool = False) -> Column:
    """An INTEGER column (ids, and the `id` primary key)."""
    return sa.Column(name, sa.Integer(), nullable=nullable)


def big(name: str, *, nullable: bool = False) -> Column:
    """A BIGINT column (Telegram ids)."""
    return sa.Column(name, sa.BigInteger(), nullable=nullable)


def big_key(name: str) -> Column:
    """A BIGINT primary key column given by Telegram (no sequence)."""
    return sa.Column(name, sa.BigInteger(), autoincrement=False, nullable=False)


def short(name: str, length: int, *, nullable: bool = False) -> Column:
    """A VARCHAR(length) column."""
    return sa.Column(name, AutoString(length=length), nullable=nullable)


def text(name: str, *, nullable: bool = False) -> Column:
    """A TEXT column."""
    return sa.Column(name, sa.Text(), nullable=nullable)


def telegram_text(name: str, *, nullable: bool = False) -> Column:
    """A TEXT column written from Telegram (`TelegramText`)."""
    return sa.Column(name, TelegramText(), nullable=nullable)


def flag(name: str) -> Column:
    """A NOT NULL BOOLEAN column."""
    return sa.Column(name, sa.Boolean(), nullable=False)


def flag_false(name: str) -> Column:
    """A NOT NULL BOOLEAN column that existing rows get as false."""
    return sa.Column(name, sa.Boolean(), nullable=False, server_default=sa.false())


def day(name: str) -> Column:
    """A NOT NULL DATE column."""
    return sa.Column(name, sa.Date(), nullable=False)


def utc(name: str, *, nullable: bool = False) -> Column:
    """An aware-UTC instant column (`UTCDateTime`)."""
    return sa.Column(name, UTCDateTime(timezone=True), nullable=nullable)


def create_table(
    name: str,
    *columns: Column,
    key: str = "id",
    refs: Mapping[str, str] | None = None,
    unique: Sequence[Sequence[str]] = (),
    indexes: Sequence[Index] = (),
) -> None:
    """The table with its foreign keys (`refs`: column to table, referencing its `id`), its
    primary `key`, `unique` constraints (in that order), then its non-unique `indexes`."""
    op.create_table(
        name,
        *columns,
        *(
            sa.ForeignKeyConstraint([column], [f"{table}.id"])
            for column, table in (refs or {}).items()
        ),
        sa.PrimaryKeyConstraint(key),
        *(sa.UniqueConstraint(*names) for names in unique),
    )
    for index in indexes:
        index_name, index_columns = (
            (f"ix_{name}_{index}", [index]) if isinstance(index, str) else index
        )
        op.create_index(index_name, name, list(index_columns), unique=False)


def create_group_table(
    name: str,
    *columns: Column,
    refs: Mapping[str, str] | None = None,
    unique: Sequence[Sequence[str]] = (),
    indexes: Sequence[Index] = (),
) -> None:
    """A table of a group's rows: `id`, then `group_id` (referencing `groups`, indexed), then
    the `columns`; `refs` and `indexes` come after the group's."""
    create_table(
        name,
        integer("id"),
        integer("group_id"),
        *columns,
        refs={"group_id": "groups", **(refs or {})},
        unique=unique,
        indexes=["group_id", *indexes],
    )


def drop_tables(*names: str) -> None:
    """Drop the tables in this order (their indexes go with them)."""
    for name in names:
        op.drop_table(name)


def add_columns(table: str, *columns: Column) -> None:
    """Add the columns at the end of the table, in this order."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for column in columns:
            batch_op.add_column(column)


def drop_columns(table: str, *names: str) -> None:
    """Drop the columns in this order (SQLite rebuilds the table once)."""
    with op.batch_alter_table(table, schema=None) as batch_op:
        for name in names:
            batch_op.drop_column(name)
