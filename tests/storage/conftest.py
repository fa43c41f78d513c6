"""Fixtures for the storage tests: a real database per test, on each backend, and factories.

``database`` (and ``storage`` on it) run a test on SQLite and on PostgreSQL (see
tests/conftest.py); ``db_path`` is for the SQLite-only tests (WAL, crash, migrations from v1).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from storage import AnswerRecord, SessionRecord, Storage

T0 = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC
GUILD = 111
CHANNEL = 222


def session_record(session_id: str = "s1", **changes: Any) -> SessionRecord:
    """Return a running challenge session, with changes applied."""
    base = SessionRecord(
        id=session_id,
        guild_id=GUILD,
        channel_id=CHANNEL,
        thread_id=None,
        mode="challenge",
        set_id="asgi-vs-wsgi",
        starter_id=9,
        status="running",
        question_id="q1",
        deadline=T0 + 90,
        message_id=333,
        state='{"index": 0}',
        created_at=T0,
        updated_at=T0,
    )
    return replace(base, **changes)


def answer_record(member_id: int = 1, question_id: str = "q1", **changes: Any) -> AnswerRecord:
    """Return a correct first attempt worth 10 points, with changes applied."""
    base = AnswerRecord(
        guild_id=GUILD,
        channel_id=CHANNEL,
        member_id=member_id,
        set_id="asgi-vs-wsgi",
        question_id=question_id,
        mode="challenge",
        session_id="s1",
        attempt=1,
        chosen="C",
        correct=True,
        points=10,
        seconds=3.5,
        answered_at=T0 + 60,
    )
    return replace(base, **changes)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    """Return a fresh database path in the test's temporary folder."""
    return tmp_path / "quiz.db"


@pytest.fixture
def database(database_target: Path | str) -> Path | str:
    """Return a fresh database of each backend: a SQLite file path or a PostgreSQL URL."""
    return database_target


@pytest.fixture
async def storage(database: Path | str) -> AsyncIterator[Storage]:
    """Yield an open storage on a fresh database with session "s1" saved, closed afterwards."""
    store = await Storage.open(database)
    await store.save_session(session_record())
    yield store
    await store.close()


@pytest.fixture
def make_answer() -> Callable[..., AnswerRecord]:
    """Return the answer factory."""
    return answer_record


@pytest.fixture
def make_session() -> Callable[..., SessionRecord]:
    """Return the session factory."""
    return session_record
