"""Direct access to a test database, beside the storage: to check what it really holds."""

from __future__ import annotations

import asyncio
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import asyncpg

from storage import is_postgres_url

# Errors the database itself raises when a rule of the schema refuses a statement.
SCHEMA_REFUSALS = (sqlite3.IntegrityError, asyncpg.IntegrityConstraintViolationError)


def is_postgres(database: Path | str) -> bool:
    """Return whether the test database is a PostgreSQL URL."""
    return is_postgres_url(database)


async def fetch(
    database: Path | str, sql: str, postgres_sql: str | None = None
) -> list[tuple[Any, ...]]:
    """Return the rows of one query on a fresh connection (postgres_sql if the dialects differ)."""
    if is_postgres_url(database):
        connection = await asyncpg.connect(str(database))
        try:
            return [tuple(row) for row in await connection.fetch(postgres_sql or sql)]
        finally:
            await connection.close()
    return await asyncio.to_thread(_sqlite_fetch, Path(database), sql)


async def execute(database: Path | str, sql: str) -> None:
    """Run one statement on a fresh connection, foreign keys enforced, committed."""
    if is_postgres_url(database):
        connection = await asyncpg.connect(str(database))
        try:
            await connection.execute(sql)
        finally:
            await connection.close()
        return
    await asyncio.to_thread(_sqlite_execute, Path(database), sql)


def _sqlite_fetch(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(path)) as db:
        return [tuple(row) for row in db.execute(sql)]


def _sqlite_execute(path: Path, sql: str) -> None:
    with closing(sqlite3.connect(path)) as db:
        db.execute("PRAGMA foreign_keys = ON")
        with db:
            db.execute(sql)
