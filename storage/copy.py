"""Copy everything one database holds into an empty one, SQLite or PostgreSQL on either side.

The tables written by the bot are copied in foreign-key order, each read in one consistent
snapshot and written in one transaction; member totals, activity days, question bests, board
totals and first tries are rebuilt by the target's own answer triggers as the answers arrive (in
their recorded order), then every table's row count is compared with the source's. Schedules
keep their ids.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

from .postgres.store import PostgresEngine
from .sqlite.store import SqliteEngine, is_damage
from .store import Storage

CHUNK = 5_000


@dataclass(frozen=True, slots=True)
class Table:
    """A table the copy writes, with the columns it copies and the order it reads them in."""

    name: str
    columns: tuple[str, ...]
    order: str


COPIED = (
    Table("sessions", ("id", "guild_id", "channel_id", "thread_id", "mode", "set_id",
                       "starter_id", "status", "question_id", "deadline", "message_id", "state",
                       "created_at", "updated_at"), "created_at, id"),
    Table("answers", ("guild_id", "channel_id", "member_id", "set_id", "question_id", "mode",
                      "session_id", "attempt", "chosen", "correct", "points", "seconds",
                      "answered_at", "utc_offset"), "id"),
    Table("results", ("session_id", "member_id", "guild_id", "set_id", "mode", "score", "total",
                      "finished_at"), "session_id, member_id"),
    Table("set_bests", ("guild_id", "member_id", "set_id", "mode", "score", "total",
                        "session_id", "achieved_at"), "guild_id, member_id, set_id, mode"),
    Table("badges", ("guild_id", "member_id", "set_id", "name", "emoji", "session_id",
                     "awarded_at"), "guild_id, member_id, set_id"),
    Table("guild_sets", ("guild_id", "set_id", "yaml_text", "loaded_by", "loaded_at",
                         "version", "questions"), "guild_id, set_id"),
    Table("guild_set_versions", ("guild_id", "set_id", "version", "yaml_text", "loaded_by",
                                 "loaded_at"), "guild_id, set_id, version"),
    Table("guild_set_translations", ("guild_id", "set_id", "language", "yaml_text",
                                     "loaded_by", "loaded_at", "version"),
          "guild_id, set_id, language"),
    Table("cards", ("guild_id", "member_id", "set_id", "question_id", "due", "state",
                    "last_review"), "guild_id, member_id, set_id, question_id"),
    Table("schedules", ("id", "guild_id", "channel_id", "set_id", "hour", "minute", "weekday",
                        "repeat", "role_id", "created_by", "next_run_at", "created_at"), "id"),
    Table("guild_settings", ("guild_id", "timezone", "language"), "guild_id"),
)  # fmt: skip
# Kept by the answers triggers of the target as the answers arrive.
REBUILT = (
    "member_totals", "activity_days", "question_bests", "board_totals", "first_tries",
    "weekly_totals",
)  # fmt: skip
# The next schedule id continues after the copied ones (SQLite's AUTOINCREMENT does it itself).
PG_NEXT_SCHEDULE_ID = """
SELECT setval(pg_get_serial_sequence('schedules', 'id'), coalesce(max(id), 0) + 1, false)
FROM schedules
"""
ALL_TABLES = tuple(table.name for table in COPIED) + REBUILT

Loader = Callable[[Table, Sequence[Sequence[Any]]], Any]


class CopyRefused(Exception):
    """The copy cannot start or did not come out whole; the message says why."""


async def row_counts(storage: Storage) -> dict[str, int]:
    """Return the number of rows of every table the copy is about."""
    await storage.flush()
    counts = {}
    for name in ALL_TABLES:
        sql = f"SELECT count(*) FROM {name}"  # names from ALL_TABLES only
        if isinstance(storage.engine, PostgresEngine):
            async with storage.engine._pool.acquire() as connection:
                counts[name] = int(await connection.fetchval(sql))
        elif isinstance(storage.engine, SqliteEngine):
            engine = storage.engine
            async with engine._lock:
                try:
                    rows = list(await engine._db.execute_fetchall(sql))
                except (UnicodeDecodeError, sqlite3.DatabaseError) as error:
                    if is_damage(error):
                        raise engine.damaged(error) from error
                    raise
            counts[name] = int(rows[0][0])
        else:
            raise TypeError(f"no copy for {type(storage).__name__}")
    return counts


async def copy_database(source: Storage, target: Storage) -> dict[str, tuple[int, int]]:
    """Copy source into the empty target; return each table's (source, target) counts.

    Raises CopyRefused when the target already holds data or the counts differ afterwards.
    """
    before = await row_counts(target)
    held = {name: count for name, count in before.items() if count}
    if held:
        listed = ", ".join(f"{count} {name}" for name, count in held.items())
        raise CopyRefused(
            f"the target already holds data ({listed}); copy only into an empty database, "
            "so nothing is mixed or counted twice"
        )
    async with _snapshot(source) as read, _load(target) as write:
        for table in COPIED:
            async for chunk in read(table):
                await write(table, chunk)
    expected, found = await row_counts(source), await row_counts(target)
    counts = {name: (expected[name], found[name]) for name in ALL_TABLES}
    wrong = [name for name, (a, b) in counts.items() if a != b]
    if wrong:
        listed = ", ".join(f"{name} {counts[name][0]} → {counts[name][1]}" for name in wrong)
        raise CopyRefused(f"the copy is not whole, the counts differ: {listed}")
    return counts


@asynccontextmanager
async def _snapshot(storage: Storage) -> AsyncIterator[Callable[[Table], AsyncIterator[Any]]]:
    """Yield a reader of tables in chunks, all from one consistent snapshot of storage."""
    await storage.flush()
    if isinstance(storage.engine, PostgresEngine):
        async with (
            storage.engine._pool.acquire() as connection,
            connection.transaction(isolation="repeatable_read", readonly=True),
        ):

            async def read_pg(table: Table) -> AsyncIterator[list[tuple[Any, ...]]]:
                cursor = await connection.cursor(_select(table))
                while chunk := await cursor.fetch(CHUNK):
                    yield [tuple(row) for row in chunk]

            yield read_pg
        return
    if not isinstance(storage.engine, SqliteEngine):
        raise TypeError(f"no copy for {type(storage).__name__}")
    engine = storage.engine
    async with engine._lock:
        db = engine._db
        await db.execute("BEGIN")  # deferred: one read snapshot for every table
        try:

            async def read_sqlite(table: Table) -> AsyncIterator[list[tuple[Any, ...]]]:
                try:
                    async with db.execute(_select(table)) as cursor:
                        while chunk := await cursor.fetchmany(CHUNK):
                            yield [tuple(row) for row in chunk]
                except (UnicodeDecodeError, sqlite3.DatabaseError) as error:
                    if is_damage(error):
                        raise engine.damaged(error) from error
                    raise

            yield read_sqlite
        finally:
            await db.execute("COMMIT")


@asynccontextmanager
async def _load(storage: Storage) -> AsyncIterator[Loader]:
    """Yield a writer of chunks into storage, committed together at the end (or not at all)."""
    if isinstance(storage.engine, PostgresEngine):
        async with storage.engine._pool.acquire() as connection, connection.transaction():

            async def write_pg(table: Table, rows: Sequence[Sequence[Any]]) -> None:
                if table.name == "answers":  # SQLite keeps booleans as 0 and 1
                    rows = [(*row[:9], bool(row[9]), *row[10:]) for row in rows]
                await connection.copy_records_to_table(
                    table.name, records=rows, columns=list(table.columns)
                )

            yield write_pg
            await connection.execute(PG_NEXT_SCHEDULE_ID)
        return
    if not isinstance(storage.engine, SqliteEngine):
        raise TypeError(f"no copy for {type(storage).__name__}")
    async with storage.engine._lock:
        db = storage.engine._db
        await db.execute("BEGIN IMMEDIATE")
        try:

            async def write_sqlite(table: Table, rows: Sequence[Sequence[Any]]) -> None:
                marks = ", ".join("?" * len(table.columns))
                sql = f"INSERT INTO {table.name} ({', '.join(table.columns)}) VALUES ({marks})"
                await db.executemany(sql, rows)

            yield write_sqlite
        except BaseException:
            if db.in_transaction:
                await db.execute("ROLLBACK")
            raise
        try:
            await db.execute("COMMIT")
        except sqlite3.Error:
            if db.in_transaction:
                await db.execute("ROLLBACK")
            raise


def _select(table: Table) -> str:
    """Return the SELECT reading a table in its copy order (names from this module only)."""
    return f"SELECT {', '.join(table.columns)} FROM {table.name} ORDER BY {table.order}"
