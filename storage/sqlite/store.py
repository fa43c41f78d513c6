"""The SQLite backend: a writer and a few read-only reader connections on one file, WAL, FULL.

Reads run on their own connections (WAL lets readers work beside the writer), each in one read
transaction, so a long /leaderboard neither waits behind a batch nor holds the writer; with
several readers (and the facade's per-server share of them), one server's slow reads do not
queue another server's. An in-memory database has one connection (a second would open
another, empty database), shared.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from ..engine import Engine
from ..errors import (
    ConstraintError,
    DatabaseNotWritableError,
    DatabaseUnusableError,
    DuplicateError,
    StorageError,
)
from ..records import SessionRecord
from ..writer import Job, RowInsert
from . import jobs, queries
from .connection import (
    MEMORY,
    checkpoint,
    connect,
    connect_checkpointer,
    connect_reader,
    migrate,
    refresh_statistics,
)
from .guard import FileWatch, ProcessLock

T = TypeVar("T")
LOG = logging.getLogger(__name__)

INSERTS = {"answers": jobs.INSERT_ANSWER, "cards": jobs.UPSERT_CARD}
# The planner's statistics are refreshed (bounded ANALYZE, a few ms) after this many commits.
STATISTICS_EVERY = 5_000
# The WAL is copied back into the file (by the checkpointer, beside the writer) this often.
CHECKPOINT_EVERY = 16
# What SQLite says when it cannot write the file now (SQLITE_FULL, SQLITE_READONLY, SQLITE_IOERR).
NOT_WRITABLE = ("database or disk is full", "attempt to write a readonly database", "disk I/O")
# Read-only connections of a file: reads run side by side (each on its own thread), and the
# facade lets one server use at most half of them, so the others stay free for other servers.
READERS = 4


class SqliteEngine(Engine):
    """A SQLite file (or ":memory:"), guarded by a per-process lock on the file."""

    name = "sqlite"
    jobs = jobs
    queries = queries

    def __init__(
        self,
        db: aiosqlite.Connection,
        *,
        path: str | Path = MEMORY,
        lock: ProcessLock | None = None,
        watch: FileWatch | None = None,
        readers: Sequence[aiosqlite.Connection] = (),
        checkpointer: aiosqlite.Connection | None = None,
    ) -> None:
        super().__init__()
        self.path = path
        self._db = db
        self._lock = asyncio.Lock()  # the writer's connection: one batch (or shared read) at once
        self._readers = tuple(readers)
        self._idle: asyncio.Queue[aiosqlite.Connection] = asyncio.Queue()
        for reader in self._readers:
            self._idle.put_nowait(reader)
        self._process_lock = lock
        self._watch = watch
        self._checkpointer = checkpointer
        self._commits_since_statistics = 0
        self._commits_since_checkpoint = 0
        self._statistics: asyncio.Task[None] | None = None
        self._checkpoint: asyncio.Task[None] | None = None
        self._catch_up = False

    @classmethod
    async def open_path(cls, database: str | Path) -> SqliteEngine:
        """Open (creating or upgrading) the file, after taking its process lock."""
        if str(database) == MEMORY:
            db = await _connect_and_migrate(database)
            return cls(db)
        path = Path(database)
        if not await asyncio.to_thread(path.exists):
            LOG.info("no database at %s yet: creating a new, empty one", path)
        lock = ProcessLock(path)
        try:
            lock.acquire()
        except OSError as error:
            raise DatabaseUnusableError(_unusable(path, error.strerror or str(error))) from error
        try:
            db = await _connect_and_migrate(path)
            readers: list[aiosqlite.Connection] = []
            try:
                watch = FileWatch(path)
                for _ in range(READERS):
                    readers.append(await connect_reader(path))
                checkpointer = await connect_checkpointer(path)
            except (OSError, sqlite3.Error) as error:
                for reader in readers:
                    await reader.close()
                await db.close()
                raise DatabaseUnusableError(_unusable(path, str(error))) from error
        except BaseException:
            lock.release()
            raise
        return cls(
            db, path=path, lock=lock, watch=watch, readers=readers, checkpointer=checkpointer
        )

    async def release(self) -> None:
        try:
            for task in (self._statistics, self._checkpoint):
                if task is not None:
                    await task
            for _ in self._readers:  # each once its read has ended
                await (await self._idle.get()).close()
            if self._checkpointer is not None:
                await self._checkpointer.close()
            async with self._lock:
                await self._db.close()  # the last connection: it checkpoints what is left
        finally:
            if self._process_lock is not None:
                self._process_lock.release()

    async def run_read(self, query: Callable[[Any], Awaitable[T]]) -> T:
        try:
            return await self._run_read(query)
        except (UnicodeDecodeError, sqlite3.DatabaseError) as error:
            if is_damage(error):
                raise self.damaged(error) from error
            raise

    async def _run_read(self, query: Callable[[Any], Awaitable[T]]) -> T:
        if not self._readers:  # in memory: the one connection, between batches
            async with self._lock:
                self.check_open()
                return await query(self._db)
        reader = await self._idle.get()
        try:
            self.check_open()
            # one snapshot for the whole query (a board's top rows and the asker's rank agree)
            await reader.execute("BEGIN")
            try:
                return await query(reader)
            finally:
                await reader.execute("COMMIT")
        finally:
            self._idle.put_nowait(reader)

    def damaged(self, error: BaseException) -> DatabaseUnusableError:
        """Return the paragraph error for a read that found the file damaged."""
        return DatabaseUnusableError(_unusable(self.path, _reason(error)))

    # the writer's backend

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[_SqliteBatch]:
        """Lend the writer's connection for one batch; finish a checkpoint's tail after it."""
        async with self._lock:
            yield _SqliteBatch(self._db)
            if self._catch_up and not self._db.in_transaction:
                # The checkpointer copied the bulk of the log; copying the few frames committed
                # since lets the next transaction start the log over, so it stays small.
                self._catch_up = False
                await checkpoint(self._db)

    def committed(self) -> None:
        """Check the file after each commit; now and then, refresh the planner's statistics."""
        if self._watch is not None:
            self._watch.check()
        self._commits_since_statistics += 1
        if self._commits_since_statistics >= STATISTICS_EVERY and self._statistics is None:
            self._commits_since_statistics = 0
            self._statistics = asyncio.get_running_loop().create_task(self._refresh_statistics())
        self._commits_since_checkpoint += 1
        if (
            self._checkpointer is not None
            and self._commits_since_checkpoint >= CHECKPOINT_EVERY
            and self._checkpoint is None
        ):
            self._commits_since_checkpoint = 0
            self._checkpoint = asyncio.get_running_loop().create_task(self._copy_back())

    async def _copy_back(self) -> None:
        """Checkpoint the WAL on the checkpointer's connection (writes go on meanwhile)."""
        try:
            if self._checkpointer is not None and not self.closed:
                await checkpoint(self._checkpointer)
                self._catch_up = True
        except Exception:  # the next one tries again; the WAL only grows meanwhile
            LOG.warning("checkpointing the database's log failed", exc_info=True)
        finally:
            self._checkpoint = None

    async def _refresh_statistics(self) -> None:
        """Run a bounded ANALYZE as one writer job (it writes sqlite_stat1)."""
        try:
            if not self.closed:
                await self.writer.run(refresh_statistics)
        except Exception:  # statistics are an optimisation: never fail anything over them
            LOG.warning("refreshing the query planner's statistics failed", exc_info=True)
        finally:
            self._statistics = None

    def translate(self, exc: BaseException) -> BaseException:
        """Return sqlite3's integrity errors as the storage's own constraint errors, and a
        full disk or a read-only file as DatabaseNotWritableError."""
        if isinstance(exc, sqlite3.IntegrityError) and not isinstance(exc, ConstraintError):
            kind = DuplicateError if str(exc).startswith("UNIQUE") else ConstraintError
            error: BaseException = kind(str(exc))
            error.__cause__ = exc
            return error
        if isinstance(exc, sqlite3.OperationalError) and str(exc).startswith(NOT_WRITABLE):
            error = DatabaseNotWritableError(f"{self.path}: {exc}")
            error.__cause__ = exc
            return error
        return exc


class _SqliteBatch:
    """The writer's view of the connection during one batch."""

    __slots__ = ("db",)

    def __init__(self, db: aiosqlite.Connection) -> None:
        self.db = db

    async def begin(self) -> None:
        await self.db.execute("BEGIN IMMEDIATE")

    async def commit(self) -> None:
        await self.db.execute("COMMIT")

    async def rollback(self) -> None:
        await self.db.execute("ROLLBACK")

    async def savepoint(self) -> None:
        await self.db.execute("SAVEPOINT item")

    async def release_savepoint(self) -> None:
        await self.db.execute("RELEASE item")

    async def rollback_to_savepoint(self) -> None:
        await self.db.execute("ROLLBACK TO item")

    def in_transaction(self) -> bool:
        return self.db.in_transaction

    async def insert_rows(self, insert: RowInsert, rows: Sequence[Sequence[Any]]) -> None:
        await self.db.executemany(INSERTS[insert.table], rows)

    async def save_sessions(self, sessions: Sequence[SessionRecord]) -> None:
        await jobs.save_sessions(self.db, sessions)

    async def run(self, job: Job[Any]) -> Any:
        return await job(self.db)


async def _connect_and_migrate(path: str | Path) -> aiosqlite.Connection:
    """Connect and migrate; an unreadable or damaged file becomes one clear paragraph."""
    try:
        db = await connect(path)
    except (sqlite3.Error, UnicodeDecodeError) as error:
        raise DatabaseUnusableError(_unusable(path, _reason(error))) from error
    try:
        await migrate(db)
        await queries.schema_version(db)
        await refresh_statistics(db)
    except BaseException as error:
        await db.close()
        if isinstance(error, sqlite3.Error | UnicodeDecodeError):
            raise DatabaseUnusableError(_unusable(path, _reason(error))) from error
        if isinstance(error, StorageError) and "file is not a database" in str(error):
            raise DatabaseUnusableError(_unusable(path, str(error))) from error
        raise
    return db


def is_damage(error: BaseException) -> bool:
    """Return whether a read failed because the file is damaged (not locked, not read-only)."""
    if isinstance(error, sqlite3.OperationalError):  # a text of a damaged page
        return str(error).startswith("Could not decode to UTF-8")
    return isinstance(error, UnicodeDecodeError) or type(error) is sqlite3.DatabaseError


def _reason(error: BaseException) -> str:
    """Return why the database cannot be used, in words."""
    if isinstance(error, UnicodeDecodeError) or (is_damage(error) and "UTF-8" in str(error)):
        return "the file is damaged (a text in it is not valid UTF-8)"
    return str(error)


def _unusable(path: str | Path, reason: str) -> str:
    """Return the paragraph said when a SQLite database cannot be opened."""
    return (
        f"The database {path} cannot be used: {reason}. quiz-tutor stopped without changing "
        "the file. If the path is wrong, give the right one; if its "
        "folder is missing or not writable, fix that; if the file is damaged or is not a "
        "quiz-tutor database, stop every process using it and restore it from a backup (the "
        f"sqlite3 tool's `.recover` command can rescue what is left: sqlite3 {path} .recover)."
    )
