"""The SQLite backend: one long-lived aiosqlite connection, WAL, synchronous=FULL."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from ..errors import ConstraintError, DatabaseUnusableError, DuplicateError, StorageError
from ..records import SessionRecord
from ..store import Storage
from ..writer import GroupCommitWriter, Job, RowInsert
from . import jobs, queries
from .connection import MEMORY, connect, migrate
from .guard import FileWatch, ProcessLock

T = TypeVar("T")
LOG = logging.getLogger(__name__)

INSERTS = {"answers": jobs.INSERT_ANSWER, "cards": jobs.UPSERT_CARD}


class SqliteStorage(Storage):
    """Storage on a SQLite file (or ":memory:"), guarded by a per-process lock on the file."""

    backend = "sqlite"
    jobs = jobs
    queries = queries

    def __init__(
        self,
        db: aiosqlite.Connection,
        database: str | Path,
        lock: ProcessLock | None = None,
        watch: FileWatch | None = None,
    ) -> None:
        self._db = db
        self._lock = asyncio.Lock()
        self._process_lock = lock
        self._watch = watch
        super().__init__(database, GroupCommitWriter(self))

    @classmethod
    async def open_path(cls, database: str | Path) -> SqliteStorage:
        """Open (creating or upgrading) the file, after taking its process lock."""
        if str(database) == MEMORY:
            db = await _connect_and_migrate(database)
            return cls(db, database)
        path = Path(database)
        lock = ProcessLock(path)
        try:
            lock.acquire()
        except OSError as error:
            raise DatabaseUnusableError(_unusable(path, error.strerror or str(error))) from error
        try:
            if not await asyncio.to_thread(path.exists):
                LOG.info("no database at %s yet: creating a new, empty one", path)
            db = await _connect_and_migrate(path)
            try:
                watch = FileWatch(path)
            except OSError as error:
                await db.close()
                raise DatabaseUnusableError(_unusable(path, str(error))) from error
        except BaseException:
            lock.release()
            raise
        return cls(db, database, lock, watch)

    async def _release(self) -> None:
        try:
            async with self._lock:
                await self._db.close()
        finally:
            if self._process_lock is not None:
                self._process_lock.release()

    async def _run_read(self, query: Callable[[Any], Awaitable[T]]) -> T:
        async with self._lock:
            self._check_open()
            return await query(self._db)

    # the writer's backend

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[_SqliteBatch]:
        """Lend the connection to the writer for one batch (reads wait meanwhile)."""
        async with self._lock:
            yield _SqliteBatch(self._db)

    def committed(self) -> None:
        """Check after each commit that the file written to is still the database file."""
        if self._watch is not None:
            self._watch.check()

    def translate(self, exc: BaseException) -> BaseException:
        """Return sqlite3's integrity errors as the storage's own constraint errors."""
        if isinstance(exc, sqlite3.IntegrityError) and not isinstance(exc, ConstraintError):
            kind = DuplicateError if str(exc).startswith("UNIQUE") else ConstraintError
            error = kind(str(exc))
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
    except sqlite3.Error as error:
        raise DatabaseUnusableError(_unusable(path, str(error))) from error
    try:
        await migrate(db)
        await queries.schema_version(db)
    except BaseException as error:
        await db.close()
        if isinstance(error, sqlite3.Error):
            raise DatabaseUnusableError(_unusable(path, str(error))) from error
        if isinstance(error, StorageError) and "file is not a database" in str(error):
            raise DatabaseUnusableError(_unusable(path, str(error))) from error
        raise
    return db


def _unusable(path: str | Path, reason: str) -> str:
    """Return the paragraph said when a SQLite database cannot be opened."""
    return (
        f"The database {path} cannot be used: {reason}. quiz-tutor stopped without changing "
        "the file. If the path is wrong, set QUIZ_TUTOR_DATABASE to the right file; if its "
        "folder is missing or not writable, fix that; if the file is damaged or is not a "
        "quiz-tutor database, stop every process using it and restore it from a backup (the "
        f"sqlite3 tool's `.recover` command can rescue what is left: sqlite3 {path} .recover)."
    )
