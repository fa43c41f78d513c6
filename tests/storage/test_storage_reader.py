"""SQLite reads run on their own read-only connection: a write commits while a read is open."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from storage import AnswerRecord, Storage
from tests.storage.conftest import session_record

Answer = Callable[..., AnswerRecord]


async def count(db: aiosqlite.Connection) -> int:
    rows = list(await db.execute_fetchall("SELECT count(*) FROM answers"))
    return int(rows[0][0])


async def test_a_write_commits_while_a_read_is_open_and_the_read_keeps_its_snapshot(
    db_path: Path, make_answer: Answer
) -> None:
    async with await Storage.open(db_path) as storage:
        await storage.save_session(session_record())
        await storage.record_answer(make_answer(1))

        async def read_around_a_write(db: aiosqlite.Connection) -> tuple[int, int]:
            before = await count(db)
            # on a shared connection this write would wait for the read to end: a deadlock
            await storage.record_answer(make_answer(2))
            return before, await count(db)

        # the timeout only turns a deadlock into a failure
        read = storage._read(read_around_a_write)
        assert await asyncio.wait_for(read, 60) == (1, 1)  # one snapshot for the whole read
        assert len(await storage.session_answers("s1")) == 2  # the next read sees the write
        board = await storage.leaderboard(111)
        assert [row.member_id for row in board.rows] == [1, 2]


async def test_the_read_connection_cannot_write(db_path: Path) -> None:
    async with await Storage.open(db_path) as storage:
        await storage.save_session(session_record())

        async def write(db: aiosqlite.Connection) -> Any:
            return await db.execute("DELETE FROM sessions")

        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            await storage._read(write)
        assert [s.id for s in await storage.open_sessions()] == ["s1"]
