"""The SQLite connection: pragmas, numbered migrations, a daemon worker thread."""

from __future__ import annotations

import re
import sqlite3
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import aiosqlite

from ..errors import StorageError
from ..periods import utc_offset

MEMORY = ":memory:"
BUSY_TIMEOUT_MS = 5_000
# Pages kept in memory per connection (negative: KiB). The answer path touches a few pages per
# member in several indexes; the default 2 MiB is read back from the OS again and again.
CACHE_KIB = 32_768
# A commit writes every page it changed to the WAL, and each answer changes one page of each
# index keyed by member (bests, first tries, cards, answers by member): with 1 KiB pages a batch
# writes a quarter of the bytes it would with the default 4 KiB, and syncs them sooner.
PAGE_SIZE = 1_024
# ANALYZE reads at most this many rows per index: statistics good enough to pick the right
# index, in milliseconds on any size of database.
ANALYSIS_LIMIT = 1_000
MIN_SQLITE = (3, 31, 0)

_MIGRATION_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True, slots=True)
class Migration:
    """One numbered schema change, applied in its own transaction."""

    version: int
    name: str
    sql: str


def load_migrations(backend: str = "sqlite") -> tuple[Migration, ...]:
    """Return a backend's shipped migrations, checked to be numbered 1, 2, 3... without gaps."""
    found = []
    for entry in resources.files("storage").joinpath("migrations", backend).iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text(encoding="utf-8")))
    found.sort(key=lambda migration: migration.version)
    if [m.version for m in found] != list(range(1, len(found) + 1)):
        raise StorageError(f"migrations must be numbered 1..N: {[m.version for m in found]}")
    return tuple(found)


MIGRATIONS = load_migrations()
LATEST_VERSION = MIGRATIONS[-1].version


async def connect(path: str | Path) -> aiosqlite.Connection:
    """Open the connection and set the pragmas this layer relies on."""
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise StorageError(f"SQLite {sqlite3.sqlite_version} is too old; 3.31 or newer is needed")
    # isolation_level=None: this layer issues BEGIN/COMMIT itself; nothing is implicit.
    db = aiosqlite.connect(path, isolation_level=None, cached_statements=256)
    _make_daemon(db)
    await db
    try:
        # A new file only (an existing one keeps its size): see PAGE_SIZE.
        await db.execute(f"PRAGMA page_size = {PAGE_SIZE:d}")
        if str(path) != MEMORY:
            # WAL: a commit appends to the log instead of rewriting pages, readers never block.
            mode = await _pragma(db, "PRAGMA journal_mode = WAL")
            if str(mode).lower() != "wal":
                raise StorageError(f"could not switch {path} to WAL (journal_mode={mode})")
            # The writer never copies the log back itself (that took half of a commit's time
            # every few commits): the storage's checkpointer connection does it beside it.
            await db.execute("PRAGMA wal_autocheckpoint = 0")
        # FULL: with WAL, every COMMIT syncs the log, so a committed answer survives a power
        # cut, not only a crash (NORMAL may lose the last commits). Group commit pays one
        # sync per batch, which is what makes FULL affordable.
        await db.execute("PRAGMA synchronous = FULL")
        await db.execute("PRAGMA foreign_keys = ON")
        await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        await db.execute(f"PRAGMA cache_size = -{CACHE_KIB:d}")
        await db.execute(f"PRAGMA analysis_limit = {ANALYSIS_LIMIT:d}")
        # Migration 0008 files a server's existing answers on its clock: SQL has no time zones.
        await db.create_function("quiz_utc_offset", 2, _utc_offset, deterministic=True)
    except BaseException:
        await db.close()
        raise
    return db


async def connect_reader(path: str | Path) -> aiosqlite.Connection:
    """Open a read-only connection beside the writer's (WAL: it reads the last commit)."""
    db = aiosqlite.connect(path, isolation_level=None, cached_statements=256)
    _make_daemon(db)
    await db
    try:
        await db.execute("PRAGMA query_only = ON")
        await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        await db.execute(f"PRAGMA cache_size = -{CACHE_KIB:d}")
    except BaseException:
        await db.close()
        raise
    return db


async def connect_checkpointer(path: str | Path) -> aiosqlite.Connection:
    """Open the connection that copies the WAL back into the database file, beside the writer."""
    db = aiosqlite.connect(path, isolation_level=None)
    _make_daemon(db)
    await db
    try:
        await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
        await db.execute("PRAGMA synchronous = FULL")
    except BaseException:
        await db.close()
        raise
    return db


async def checkpoint(db: aiosqlite.Connection) -> None:
    """Copy what the WAL holds into the database file without blocking the writer or readers.

    PASSIVE copies every committed frame no reader still needs, then syncs the file; the
    writer starts the log over at its next transaction once all of it was copied.
    """
    await _pragma(db, "PRAGMA wal_checkpoint(PASSIVE)")


async def refresh_statistics(db: aiosqlite.Connection) -> None:
    """Refresh the query planner's statistics (a bounded ANALYZE, inside the caller's batch).

    Without them SQLite guesses, and may read a board through its primary key instead of
    the ranked index; with analysis_limit the cost stays a few milliseconds however big.
    """
    await db.execute("ANALYZE")


async def user_version(db: aiosqlite.Connection) -> int:
    """Return the schema version stored in the database."""
    return int(await _pragma(db, "PRAGMA user_version"))


async def migrate(db: aiosqlite.Connection, migrations: Sequence[Migration] = MIGRATIONS) -> int:
    """Apply the migrations newer than the database, each in one transaction; return the version."""
    current = await user_version(db)
    latest = migrations[-1].version if migrations else 0
    if current > latest:
        raise StorageError(f"database is at version {current}, newer than this code ({latest})")
    for migration in migrations:
        if migration.version > current:
            await _apply(db, migration)
            current = migration.version
    return current


async def _apply(db: aiosqlite.Connection, migration: Migration) -> None:
    """Run one migration and bump user_version in the same transaction."""
    version = int(migration.version)  # PRAGMA takes no parameters; this is our own integer
    # executescript commits whatever is pending first and then runs the script as written,
    # so the script opens the transaction itself and the COMMIT comes after the checks.
    script = f"BEGIN IMMEDIATE;\n{migration.sql}\n;\nPRAGMA user_version = {version:d};\n"
    try:
        await db.executescript(script)
        if not db.in_transaction:
            raise StorageError(f"migration {version} must not end its transaction itself")
        violations = await db.execute_fetchall("PRAGMA foreign_key_check")
        if violations:
            raise StorageError(f"migration {version} leaves foreign key violations: {violations}")
        await db.execute("COMMIT")
    except BaseException as exc:
        if db.in_transaction:
            await db.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise StorageError(f"migration {version:04d}_{migration.name} failed: {exc}") from exc
        raise


async def _pragma(db: aiosqlite.Connection, sql: str) -> object:
    """Return the single value a PRAGMA statement yields."""
    async with db.execute(sql) as cursor:
        row = await cursor.fetchone()
    if row is None:
        raise StorageError(f"{sql} returned nothing")
    return row[0]


def _utc_offset(zone: object, at: object) -> int:
    """Return the offset of a zone at unix at, for SQL (UTC for anything but a zone name)."""
    if not isinstance(zone, str) or not isinstance(at, int | float):
        return 0
    return utc_offset(zone, float(at))


def _make_daemon(db: aiosqlite.Connection) -> None:
    """Let the interpreter exit even if this connection is dropped without close().

    aiosqlite 0.22 runs each connection on a non-daemon thread, which Python joins at exit: a
    bot dropped without close() (SimCord's restart_bot does that) would hang the process. A
    daemon thread only loses what was never committed, and every write this layer reports as
    done was committed. Older aiosqlite made the Connection itself the (daemon) thread.
    """
    thread = getattr(db, "_thread", db)
    if isinstance(thread, threading.Thread) and not thread.is_alive():
        thread.daemon = True
