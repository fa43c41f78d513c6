"""Open the engine a database names: a SQLite path or ``:memory:``, or a ``postgresql://`` URL."""

from __future__ import annotations

from pathlib import Path

from .engine import Engine, is_postgres_url
from .postgres.store import PostgresEngine
from .sqlite.store import SqliteEngine


async def open_engine(database: str | Path) -> Engine:
    """Open (creating or upgrading) the database with the backend its name calls for."""
    if is_postgres_url(database):
        return await PostgresEngine.open_url(str(database))
    return await SqliteEngine.open_path(database)
