"""The PostgreSQL backend: an asyncpg pool, group commit on one pooled connection per batch."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any, TypeVar

import asyncpg

from ..engine import Engine
from ..errors import ConstraintError, DatabaseNotWritableError, DuplicateError
from ..records import SessionRecord
from ..writer import Job, RowInsert
from . import jobs, queries
from .connection import create_pool, migrate

T = TypeVar("T")
# A full disk, a read-only database or server (a standby, default_transaction_read_only).
NOT_WRITABLE = (
    asyncpg.DiskFullError,
    asyncpg.ReadOnlySQLTransactionError,
    asyncpg.InsufficientResourcesError,
)


class PostgresEngine(Engine):
    """A PostgreSQL database shared by any number of bot processes."""

    name = "postgresql"
    jobs = jobs
    queries = queries

    def __init__(self, pool: asyncpg.Pool) -> None:
        super().__init__()
        self._pool = pool

    @classmethod
    async def open_url(cls, url: str) -> PostgresEngine:
        """Connect the pool and bring the schema up to date."""
        pool = await create_pool(url)
        try:
            async with pool.acquire() as connection:
                await migrate(connection)
        except BaseException:
            await pool.close()
            raise
        return cls(pool)

    async def release(self) -> None:
        await self._pool.close()

    async def run_read(self, query: Callable[[Any], Awaitable[T]]) -> T:
        async with self._pool.acquire() as connection:
            return await query(connection)

    # the writer's backend

    @asynccontextmanager
    async def batch(self) -> AsyncIterator[_PostgresBatch]:
        """Lend one pooled connection to the writer for one batch."""
        async with self._pool.acquire() as connection:
            yield _PostgresBatch(connection)

    def committed(self) -> None:
        """Nothing to check after a commit on a server."""

    def translate(self, exc: BaseException) -> BaseException:
        """Return asyncpg's integrity errors as the storage's own constraint errors, and a
        full disk or a read-only database as DatabaseNotWritableError."""
        if isinstance(exc, asyncpg.IntegrityConstraintViolationError):
            kind = (
                DuplicateError if isinstance(exc, asyncpg.UniqueViolationError) else ConstraintError
            )
            error: BaseException = kind(f"{exc.sqlstate}: {exc}")
            error.__cause__ = exc
            return error
        if isinstance(exc, NOT_WRITABLE):
            error = DatabaseNotWritableError(f"{exc.sqlstate}: {exc}")  # type: ignore[attr-defined]
            error.__cause__ = exc
            return error
        return exc


class _PostgresBatch:
    """The writer's view of a pooled connection during one batch."""

    __slots__ = ("connection",)

    def __init__(self, connection: asyncpg.Connection) -> None:
        self.connection = connection

    async def begin(self) -> None:
        await self.connection.execute("BEGIN")

    async def commit(self) -> None:
        await self.connection.execute("COMMIT")

    async def rollback(self) -> None:
        await self.connection.execute("ROLLBACK")

    async def savepoint(self) -> None:
        await self.connection.execute("SAVEPOINT item")

    async def release_savepoint(self) -> None:
        await self.connection.execute("RELEASE SAVEPOINT item")

    async def rollback_to_savepoint(self) -> None:
        await self.connection.execute("ROLLBACK TO SAVEPOINT item")

    def in_transaction(self) -> bool:
        return self.connection.is_in_transaction()

    async def insert_rows(self, insert: RowInsert, rows: Sequence[Sequence[Any]]) -> None:
        if insert.table == "answers":
            await jobs.insert_answers(self.connection, rows)
        elif insert.table == "cards":
            await jobs.upsert_cards(self.connection, rows)
        else:
            raise ValueError(f"no bulk insert for {insert.table}")

    async def insert_in_one_statement(
        self, inserts: Sequence[tuple[RowInsert, Sequence[Sequence[Any]]]]
    ) -> None:
        """Insert answers (and their cards) in one statement, outside any transaction block.

        The statement commits by itself (durably: synchronous_commit) before it returns.
        """
        rows = {insert.table: list(batch) for insert, batch in inserts}
        if set(rows) - {"answers", "cards"}:
            raise ValueError(f"no one-statement insert for {sorted(rows)}")
        await jobs.insert_answers_and_cards(
            self.connection, rows.get("answers", []), rows.get("cards", [])
        )

    async def save_sessions(self, sessions: Sequence[SessionRecord]) -> None:
        await jobs.save_sessions(self.connection, sessions)

    async def run(self, job: Job[Any]) -> Any:
        return await job(self.connection)
