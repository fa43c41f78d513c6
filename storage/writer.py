"""Group commit: one task writes everything pending in one transaction."""

from __future__ import annotations

import asyncio
import functools
import logging
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from contextlib import suppress
from dataclasses import dataclass
from itertools import chain
from typing import Any, TypeVar

import aiosqlite

from .errors import StorageClosedError, StorageError

T = TypeVar("T")
Job = Callable[[aiosqlite.Connection], Awaitable[T]]

LOG = logging.getLogger(__name__)

# Bound parameters one statement may carry (SQLITE_MAX_VARIABLE_NUMBER's default).
MAX_VARIABLES = 32_766 if sqlite3.sqlite_version_info >= (3, 32) else 999


@dataclass(frozen=True, slots=True)
class RowInsert:
    """An INSERT of fixed-width rows; rows from many callers can share one statement."""

    into: str  # the table and its column list, from this package's own constants
    width: int

    @property
    def sql(self) -> str:
        """Return the one-row statement."""
        return _values_sql(self.into, self.width, 1)

    def multi_row_sql(self, count: int) -> str:
        """Return the statement inserting count rows at once."""
        return _values_sql(self.into, self.width, count)


@functools.lru_cache(maxsize=512)
def _values_sql(into: str, width: int, count: int) -> str:
    """Return INSERT ... VALUES with count rows of width placeholders."""
    row = "(" + ", ".join("?" * width) + ")"
    return f"INSERT INTO {into} VALUES " + ", ".join([row] * count)


@dataclass(slots=True, eq=False)
class _Write:
    """One submitted unit: rows for one INSERT, a job, or neither (a flush barrier)."""

    future: asyncio.Future[Any]
    insert: RowInsert | None = None
    rows: Sequence[Sequence[Any]] = ()
    job: Job[Any] | None = None

    async def apply(self, db: aiosqlite.Connection) -> Any:
        """Run this unit alone inside the open transaction."""
        if self.insert is not None:
            await db.executemany(self.insert.sql, self.rows)
            return None
        if self.job is not None:
            return await self.job(db)
        return None


class _Failed:
    """An item's exception, kept apart from a job that returns an exception as a value."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class GroupCommitWriter:
    """Commit every pending write in one transaction; each caller awaits its batch's COMMIT.

    A writer task is started on the running loop by a submission when none is running, and
    ends as soon as nothing is pending: no task idles between bursts, and a burst that arrives
    while a batch commits becomes the next batch. Reads share ``lock`` so they never see the
    inside of an open write transaction.
    """

    def __init__(self, db: aiosqlite.Connection, lock: asyncio.Lock) -> None:
        self.commits = 0
        self._db = db
        self._lock = lock
        self._pending: list[_Write] = []
        self._busy = False
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    def insert(self, insert: RowInsert, rows: Sequence[Sequence[Any]]) -> asyncio.Future[None]:
        """Submit rows to insert; rows submitted together share one statement."""
        return self._submit(_Write(asyncio.get_running_loop().create_future(), insert, rows))

    def run(self, job: Job[T]) -> asyncio.Future[T]:
        """Submit a job run inside the batch transaction; its result arrives after COMMIT."""
        return self._submit(_Write(self._new_future(), job=job))

    async def flush(self) -> None:
        """Wait until everything submitted so far has been committed (or has failed)."""
        if self._pending or self._busy:
            await self._submit(_Write(self._new_future()))

    async def close(self) -> None:
        """Write what is pending, then stop the writer task."""
        self._closing = True
        task, self._task = self._task, None
        if task is not None and not task.done():
            await task

    def _new_future(self) -> asyncio.Future[Any]:
        """Return a future on the running loop."""
        return asyncio.get_running_loop().create_future()

    def _submit(self, write: _Write) -> asyncio.Future[Any]:
        """Queue a write and make sure the writer task runs."""
        if self._closing:
            raise StorageClosedError("storage is closed")
        self._pending.append(write)
        if self._task is None or self._task.done():
            self._task = asyncio.get_running_loop().create_task(self._loop(), name="storage-writer")
        return write.future

    async def _loop(self) -> None:
        """Take all pending writes, commit them together, repeat until nothing is pending."""
        batch: list[_Write] = []
        try:
            while self._pending:
                batch, self._pending = self._pending, []
                self._busy = True
                try:
                    async with self._lock:
                        await self._commit(batch)
                except Exception as exc:  # a bug here must not stop the writer
                    LOG.exception("storage writer failed a batch")
                    _settle(batch, [_Failed(exc)] * len(batch))
                finally:
                    self._busy = False
                batch = []
        except BaseException:
            stopped = StorageClosedError("storage writer was stopped before confirming this write")
            _settle(batch + self._pending, [_Failed(stopped)] * (len(batch) + len(self._pending)))
            self._pending = []
            raise

    async def _commit(self, batch: list[_Write]) -> None:
        """Commit a batch at once; if that fails, isolate each item with a savepoint."""
        work = [write for write in batch if write.insert is not None or write.job is not None]
        if not work:
            _settle(batch, [None] * len(batch))
            return
        try:
            if self._one_statement_fits(work):
                outcomes: list[Any] = await self._one_statement(work)
            else:
                outcomes = await self._together(work)
        except Exception as exc:
            if len(work) == 1:
                outcomes = [_Failed(exc)]
            else:
                LOG.info("batch of %d failed (%s); retrying one by one", len(work), exc)
                outcomes = await self._one_by_one(work)
        _settle(work, outcomes)
        _settle(batch, [None] * len(batch))  # barriers; items already settled are skipped

    def _one_statement_fits(self, work: list[_Write]) -> bool:
        """Return whether the batch is rows for one table that fit one statement."""
        insert = work[0].insert
        if insert is None or any(write.insert is not insert for write in work):
            return False
        return sum(len(write.rows) for write in work) * insert.width <= MAX_VARIABLES

    async def _one_statement(self, work: list[_Write]) -> list[Any]:
        """Insert every row with one statement: in autocommit it is one transaction, one COMMIT."""
        insert = work[0].insert
        if insert is None:
            raise TypeError("not a batch of rows")
        rows = list(chain.from_iterable(write.rows for write in work))
        params = list(chain.from_iterable(rows))
        if self._db.in_transaction:  # the statement would not commit by itself
            raise StorageError("a transaction was left open on the storage connection")
        await self._db.execute(insert.multi_row_sql(len(rows)), params)
        self.commits += 1
        return [None] * len(work)

    async def _together(self, work: list[_Write]) -> list[Any]:
        """Run all items in one transaction, merging neighbouring rows of one statement."""
        db = self._db
        outcomes: list[Any] = []
        await db.execute("BEGIN IMMEDIATE")
        try:
            start = 0
            while start < len(work):
                write = work[start]
                if write.insert is None:
                    outcomes.append(await write.apply(db))
                    start += 1
                    continue
                end = start + 1
                while end < len(work) and work[end].insert is write.insert:
                    end += 1
                rows = [row for item in work[start:end] for row in item.rows]
                await db.executemany(write.insert.sql, rows)
                outcomes.extend([None] * (end - start))
                start = end
            await db.execute("COMMIT")
        except BaseException:
            await _rollback(db)
            raise
        self.commits += 1
        return outcomes

    async def _one_by_one(self, work: list[_Write]) -> list[Any]:
        """Run each item under its own savepoint so only the bad ones fail; commit once."""
        db = self._db
        outcomes: list[Any] = []
        try:
            await db.execute("BEGIN IMMEDIATE")
            for write in work:
                await db.execute("SAVEPOINT item")
                try:
                    result = await write.apply(db)
                except Exception as exc:
                    if not db.in_transaction:  # SQLite abandoned the whole transaction
                        raise
                    await db.execute("ROLLBACK TO item")
                    await db.execute("RELEASE item")
                    outcomes.append(_Failed(exc))
                else:
                    await db.execute("RELEASE item")
                    outcomes.append(result)
            await db.execute("COMMIT")
        except Exception as exc:
            await _rollback(db)
            failed = _Failed(exc)
            outcomes = [o if isinstance(o, _Failed) else failed for o in outcomes]
            outcomes += [failed] * (len(work) - len(outcomes))
            return outcomes
        except BaseException:
            await _rollback(db)
            raise
        self.commits += 1
        return outcomes


async def _rollback(db: aiosqlite.Connection) -> None:
    """Roll back the open transaction, if SQLite has not already."""
    if db.in_transaction:
        with suppress(sqlite3.Error):
            await db.execute("ROLLBACK")


def _settle(writes: Sequence[_Write], outcomes: Sequence[Any]) -> None:
    """Hand each waiting caller its result or exception."""
    for write, outcome in zip(writes, outcomes, strict=True):
        if write.future.done():
            continue
        if isinstance(outcome, _Failed):
            write.future.set_exception(outcome.exc)
        else:
            write.future.set_result(outcome)
