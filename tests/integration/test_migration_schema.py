"""The migrated schema is the models' schema, on SQLite and PostgreSQL.

The revisions are written by hand (`storage/migrations/ddl.py`), not generated from the models,
so this is what keeps the two in step: Alembic's autogenerate comparison of the migrated
database with the models' metadata (types and server defaults included) finds nothing to do.
No difference is known or accepted today; one that must be accepted is listed here with why.
"""

from __future__ import annotations

from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables, as the migrations' env.py does)
import storage.questions  # noqa: F401
import storage.state  # noqa: F401
from storage import migrate


def _differences(connection: Connection) -> list[Any]:
    context = MigrationContext.configure(
        connection, opts={"compare_type": True, "compare_server_default": True}
    )
    return list(compare_metadata(context, SQLModel.metadata))


def _downgrade_to_base(connection: Connection) -> None:
    config = migrate.alembic_config()
    config.attributes["connection"] = connection
    command.downgrade(config, "base")


async def test_migrated_schema_matches_the_models(engine: AsyncEngine) -> None:
    """Upgraded to head, the database has every table, column, type, default, index and
    constraint the models declare, and nothing else."""
    async with engine.connect() as connection:
        assert await connection.run_sync(_differences) == []


async def test_down_to_base_and_up_again_gives_the_same_schema(engine: AsyncEngine) -> None:
    """Every revision undoes itself down to an empty database, and going up again from there
    builds the models' schema once more."""
    async with engine.begin() as connection:
        await connection.run_sync(_downgrade_to_base)
        names = await connection.run_sync(lambda sync: inspect(sync).get_table_names())
        assert names == ["alembic_version"]
    await migrate.upgrade(engine)
    async with engine.connect() as connection:
        assert await connection.run_sync(_differences) == []
