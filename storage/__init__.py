"""Persistence: sqlmodel tables, the async engine, query functions and Alembic migrations."""
