"""Group commit, for every backend: one task writes everything pending in one transaction."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, Protocol, TypeVar, runtime_checkable

from .errors import StorageClosedError
from .records import SessionRecord

T = TypeVar("T")
Job = Callable[[Any], Awaitable[T]]

LOG = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True)
class RowInsert:
    """An INSERT of fixed-width rows into one table; rows from many callers share a statement."""

    table: str
    width: int


class Batch(Protocol):
    """One backend connection on which the writer runs a batch."""

    async def begin(self) -> None: ...
    async def commit(self) -> None: ...
    async def rollback(self) -> None: ...
    async def savepoint(self) -> None: ...
    async def release_savepoint(self) -> None: ...
    async def rollback_to_savepoint(self) -> None: ...
    def in_transaction(self) -> bool: ...
    async def insert_rows(self, insert: RowInsert, rows: Sequence[Sequence[Any]]) -> None: ...
    async def save_sessions(self, sessions: Sequence[SessionRecord]) -> None: ...
    async def run(self, job: Job[Any]) -> Any: ...


@runtime_checkable
class OneStatementBatch(Protocol):
    """A batch that can insert rows of several tables in one self-committing statement."""

    async def insert_in_one_statement(
        self, inserts: Sequence[tuple[RowInsert, Sequence[Sequence[Any]]]]
    ) -> None: ...


class Backend(Protocol):
    """What the writer needs from a backend."""

    def batch(self) -> AbstractAsyncContextManager[Batch]: ...
    def translate(self, exc: BaseException) -> BaseException: ...
    def committed(self) -> None: ...


@dataclass(slots=True, eq=False)
class _Write:
    """One submitted unit: rows, a session save, a job, or none of them (a flush barrier)."""

    future: asyncio.Future[Any]
    insert: RowInsert | None = None
    rows: Sequence[Sequence[Any]] = ()
    also: tuple[tuple[RowInsert, Sequence[Sequence[Any]]], ...] = ()  # rows of other tables
    session: SessionRecord | None = None
    job: Job[Any] | None = None

    @property
    def is_work(self) -> bool:
        return self.insert is not None or self.session is not None or self.job is not None

    async def apply(self, batch: Batch) -> Any:
        """Run this unit alone inside the open transaction."""
        if self.insert is not None:
            await batch.insert_rows(self.insert, self.rows)
            for insert, rows in self.also:
                await batch.insert_rows(insert, rows)
        elif self.session is not None:
            await batch.save_sessions([self.session])
        elif self.job is not None:
            return await self.job_result(batch)
        return None

    async def job_result(self, batch: Batch) -> Any:
        """Run this unit's job and return its result."""
        if self.job is None:
            raise TypeError("not a job")
        return await batch.run(self.job)


class _Failed:
    """An item's exception, kept apart from a job that returns an exception as a value."""

    __slots__ = ("exc",)

    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


class GroupCommitWriter:
    """Commit every pending write in one transaction; each caller awaits its batch's COMMIT.

    A writer task is started on the running loop by a submission when none is running, and
    ends as soon as nothing is pending: no task idles between bursts, and a burst that arrives
    while a batch commits becomes the next batch. If a batch fails, its items are run again one
    by one under savepoints in one transaction, so only the bad item's caller gets the error.
    """

    def __init__(self, backend: Backend) -> None:
        self.commits = 0
        self._backend = backend
        self._pending: list[_Write] = []
        self._busy = False
        self._closing = False
        self._task: asyncio.Task[None] | None = None

    def insert(
        self,
        insert: RowInsert,
        rows: Sequence[Sequence[Any]],
        *also: tuple[RowInsert, Sequence[Sequence[Any]]],
    ) -> asyncio.Future[None]:
        """Submit rows to insert, all of them or none; rows submitted together share one INSERT.

        ``also`` adds rows of other tables to the same unit: they commit with these rows or
        fail with them (a retried item keeps them together).
        """
        return self._submit(_Write(_new_future(), insert=insert, rows=rows, also=also))

    def save_session(self, session: SessionRecord) -> asyncio.Future[None]:
        """Submit a session save; saves of one batch are merged into one statement."""
        return self._submit(_Write(_new_future(), session=session))

    def run(self, job: Job[T]) -> asyncio.Future[T]:
        """Submit a job run inside the batch transaction; its result arrives after COMMIT."""
        return self._submit(_Write(_new_future(), job=job))

    async def flush(self) -> None:
        """Wait until everything submitted so far has been committed (or has failed)."""
        if self._pending or self._busy:
            await self._submit(_Write(_new_future()))

    async def close(self) -> None:
        """Write what is pending, then stop the writer task."""
        self._closing = True
        task, self._task = self._task, None
        if task is not None and not task.done():
            await task

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
                    await self._commit(batch)
                except Exception as exc:  # a bug or a lost connection must not stop the writer
                    LOG.exception("storage writer failed a batch")
                    self._settle(batch, [_Failed(exc)] * len(batch))
                finally:
                    self._busy = False
                batch = []
        except BaseException:
            stopped = StorageClosedError("storage writer was stopped before confirming this write")
            left = batch + self._pending
            self._settle(left, [_Failed(stopped)] * len(left))
            self._pending = []
            raise

    async def _commit(self, batch: list[_Write]) -> None:
        """Commit a batch at once; if that fails, isolate each item with a savepoint."""
        work = [write for write in batch if write.is_work]
        if work:
            async with self._backend.batch() as connection:
                try:
                    outcomes: list[Any] = await self._together(connection, work)
                except Exception as exc:
                    if len(work) == 1:
                        outcomes = [_Failed(exc)]
                    else:
                        LOG.info("batch of %d failed (%s); retrying one by one", len(work), exc)
                        outcomes = await self._one_by_one(connection, work)
            self._settle(work, outcomes)
        self._settle(batch, [None] * len(batch))  # barriers; items already settled are skipped

    async def _together(self, batch: Batch, work: list[_Write]) -> list[Any]:
        """Run all items in one transaction, merging rows and session saves into few statements."""
        plan = _plan(work)
        rows_only = [step for step in plan if isinstance(step, tuple) and step[0] is not None]
        if len(rows_only) == len(plan) and isinstance(batch, OneStatementBatch):
            # answers and their cards only: one statement is the whole transaction (no BEGIN
            # and COMMIT round trips); a failure rolls it back and items are retried one by one
            await batch.insert_in_one_statement(rows_only)
            self._committed()
            return [None] * len(work)
        results: dict[int, Any] = {}
        await batch.begin()
        try:
            for step in plan:
                if isinstance(step, _Write):
                    results[id(step)] = await step.job_result(batch)
                elif isinstance(step[0], RowInsert):
                    await batch.insert_rows(step[0], step[1])
                else:
                    await batch.save_sessions(step[1])
            await batch.commit()
        except BaseException:
            await _rollback(batch)
            raise
        self._committed()
        return [results.get(id(write)) for write in work]

    async def _one_by_one(self, batch: Batch, work: list[_Write]) -> list[Any]:
        """Run each item under its own savepoint so only the bad ones fail; commit once."""
        outcomes: list[Any] = []
        try:
            await batch.begin()
            for write in work:
                await batch.savepoint()
                try:
                    result = await write.apply(batch)
                except Exception as exc:
                    if not batch.in_transaction():  # the backend abandoned the transaction
                        raise
                    await batch.rollback_to_savepoint()
                    await batch.release_savepoint()
                    outcomes.append(_Failed(exc))
                else:
                    await batch.release_savepoint()
                    outcomes.append(result)
            await batch.commit()
        except Exception as exc:
            await _rollback(batch)
            failed = _Failed(exc)
            outcomes = [o if isinstance(o, _Failed) else failed for o in outcomes]
            outcomes += [failed] * (len(work) - len(outcomes))
            return outcomes
        except BaseException:
            await _rollback(batch)
            raise
        self._committed()
        return outcomes

    def _committed(self) -> None:
        self.commits += 1
        self._backend.committed()

    def _settle(self, writes: Sequence[_Write], outcomes: Sequence[Any]) -> None:
        """Hand each waiting caller its result or its exception, in the storage's own types."""
        for write, outcome in zip(writes, outcomes, strict=True):
            if write.future.done():
                continue
            if isinstance(outcome, _Failed):
                write.future.set_exception(self._backend.translate(outcome.exc))
            else:
                write.future.set_result(outcome)


Step = _Write | tuple[RowInsert, list[Sequence[Any]]] | tuple[None, list[SessionRecord]]


def _plan(work: list[_Write]) -> list[Step]:
    """Return the statements of a batch: runs of rows and session saves merged, jobs in order.

    Between two jobs, session saves go first (merged into one statement), then rows (one
    statement per table). That order is safe: a save only creates or updates a session, and
    answers only need their session to exist; jobs (ending a session...) keep their place.
    """
    steps: list[Step] = []
    sessions: list[SessionRecord] = []
    rows: dict[RowInsert, list[Sequence[Any]]] = {}

    def close_run() -> None:
        if sessions:
            steps.extend((None, group) for group in _merge_saves(sessions))
        steps.extend(rows.items())
        sessions.clear()
        rows.clear()

    for write in work:
        if write.insert is not None:
            rows.setdefault(write.insert, []).extend(write.rows)
            for insert, more in write.also:
                rows.setdefault(insert, []).extend(more)
        elif write.session is not None:
            sessions.append(write.session)
        else:
            close_run()
            steps.append(write)
    close_run()
    return steps


def _identity(session: SessionRecord) -> tuple[Any, ...]:
    return (session.guild_id, session.channel_id, session.mode, session.set_id, session.starter_id)


def _merge_saves(sessions: list[SessionRecord]) -> list[list[SessionRecord]]:
    """Return groups of saves to run in order; each group has one save (the last) per session.

    Saves of one session replace each other, so only the last counts, unless they disagree on
    what never changes (then they run one by one and the odd one fails as it would alone).
    """
    latest: dict[str, SessionRecord] = {}
    for session in sessions:
        seen = latest.get(session.id)
        if seen is not None and _identity(seen) != _identity(session):
            return [[one] for one in sessions]
        latest[session.id] = session
    return [list(latest.values())]


async def _rollback(batch: Batch) -> None:
    """Roll back the open transaction, if the backend has not already."""
    if batch.in_transaction():
        try:
            await batch.rollback()
        except Exception:
            LOG.warning("rollback failed", exc_info=True)


def _new_future() -> asyncio.Future[Any]:
    """Return a future on the running loop."""
    return asyncio.get_running_loop().create_future()
