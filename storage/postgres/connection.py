"""The PostgreSQL connection pool and its numbered migrations."""

from __future__ import annotations

import re
from collections.abc import Sequence

import asyncpg

from ..errors import DatabaseUnusableError, StorageError
from ..sqlite.connection import Migration, load_migrations

# The writer holds one connection per batch; reads take the others. Bot reads are short, so a
# handful covers a process's bursts (fifty /leaderboard at once wait a few milliseconds).
POOL_MIN = 2
POOL_MAX = 10
CONNECT_TIMEOUT = 10.0
# Serialises migrations of processes starting together on one database (any constant will do).
MIGRATION_LOCK = 0x5155_495A

CREATE_VERSIONS = """
CREATE TABLE IF NOT EXISTS schema_migrations (
    version    integer     NOT NULL PRIMARY KEY,
    name       text        NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
)
"""


MIGRATIONS = load_migrations("postgres")
LATEST_VERSION = MIGRATIONS[-1].version


async def create_pool(url: str) -> asyncpg.Pool:
    """Connect a pool to the server, or say in a paragraph why it cannot be reached."""
    try:
        pool = await asyncpg.create_pool(
            url, min_size=POOL_MIN, max_size=POOL_MAX, timeout=CONNECT_TIMEOUT
        )
    except (OSError, TimeoutError, asyncpg.PostgresError, ValueError) as error:
        raise DatabaseUnusableError(unreachable(url, error)) from error
    if pool is None:  # only when the pool is used as an awaitable in an odd way
        raise DatabaseUnusableError(unreachable(url, RuntimeError("no pool")))
    return pool


def unreachable(url: str, error: BaseException) -> str:
    """Return the paragraph said when a PostgreSQL database cannot be used."""
    reason = str(error).strip() or type(error).__name__
    return (
        f"The PostgreSQL database {redact(url)} cannot be used: {reason}. Check that the "
        "server runs and accepts connections from here, that the database exists (createdb), "
        "and that the user name and password in the URL are right "
        "(postgresql://user:password@host:port/dbname)."
    )


# user:password@ (an empty user too): everything up to the last @ is hidden, so a password
# holding an @ or a / is hidden whole.
_USERINFO_PASSWORD = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://[^:@/?#]*):.*@")
# ?password=... or &password=... (any case)
_QUERY_PASSWORD = re.compile(r"([?&]password=)[^&#]*", re.IGNORECASE)


def redact(url: str) -> str:
    """Return the URL without its password (in the user part or the query), to print it."""
    return _QUERY_PASSWORD.sub(r"\1***", _USERINFO_PASSWORD.sub(r"\1:***@", url))


async def schema_version(connection: asyncpg.Connection) -> int:
    """Return the newest migration applied (0 for an empty database)."""
    exists = await connection.fetchval("SELECT to_regclass('schema_migrations') IS NOT NULL")
    if not exists:
        return 0
    return int(await connection.fetchval("SELECT coalesce(max(version), 0) FROM schema_migrations"))


async def migrate(
    connection: asyncpg.Connection, migrations: Sequence[Migration] = MIGRATIONS
) -> int:
    """Apply the migrations newer than the database, each in one transaction; return the version.

    An advisory lock held by each migration's transaction lets processes start together.
    """
    latest = migrations[-1].version if migrations else 0
    for migration in migrations:
        async with connection.transaction():
            await connection.execute("SELECT pg_advisory_xact_lock($1)", MIGRATION_LOCK)
            await connection.execute(CREATE_VERSIONS)
            current = await schema_version(connection)
            if current > latest:
                raise StorageError(
                    f"database is at version {current}, newer than this code ({latest})"
                )
            if migration.version <= current:
                continue
            try:
                await connection.execute(migration.sql)
            except asyncpg.PostgresError as error:
                raise StorageError(
                    f"migration {migration.version:04d}_{migration.name} failed: {error}"
                ) from error
            await connection.execute(
                "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)",
                migration.version,
                migration.name,
            )
    async with connection.transaction():
        current = await schema_version(connection)
    if current > latest:
        raise StorageError(f"database is at version {current}, newer than this code ({latest})")
    return current
