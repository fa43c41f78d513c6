"""The schema refuses what must never be recorded, and keeps what was."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from storage import (
    AnswerRecord,
    BadgeRecord,
    ConstraintError,
    DuplicateError,
    ResultRecord,
    SessionRecord,
    Storage,
)
from tests.storage.raw import SCHEMA_REFUSALS, execute, fetch


@pytest.mark.parametrize(
    "changes",
    [
        {"mode": "exam"},
        {"attempt": 0},
        {"attempt": -1},
        {"chosen": "K"},
        {"chosen": "a"},
        {"chosen": "AB"},
        {"chosen": ""},
        {"points": -1},
        {"seconds": -0.5},
        {"session_id": "no-such-session"},
    ],
)
async def test_bad_answer_is_refused_and_changes_nothing(
    storage: Storage, make_answer: Callable[..., AnswerRecord], changes: dict[str, Any]
) -> None:
    with pytest.raises(ConstraintError):
        await storage.record_answer(make_answer(**changes))
    assert await storage.session_answers("s1") == []
    assert await storage.member_progress(111, 1) == []
    assert await storage.active_days(111, 1) == []


async def test_duplicate_attempt_is_refused(
    storage: Storage, make_answer: Callable[..., AnswerRecord]
) -> None:
    await storage.record_answer(make_answer())
    with pytest.raises(DuplicateError):
        await storage.record_answer(make_answer(chosen="D", correct=False, points=0))
    [kept] = await storage.session_answers("s1")
    assert kept.chosen == "C"
    [progress] = await storage.member_progress(111, 1)
    assert (progress.attempts, progress.points) == (1, 10)


async def test_record_answers_is_all_or_nothing(
    storage: Storage, make_answer: Callable[..., AnswerRecord]
) -> None:
    with pytest.raises(ConstraintError):
        await storage.record_answers([make_answer(1), make_answer(2), make_answer(3, attempt=0)])
    assert await storage.session_answers("s1") == []
    await storage.record_answers([make_answer(1), make_answer(2)])
    assert len(await storage.session_answers("s1")) == 2


@pytest.mark.parametrize(
    "changes",
    [{"mode": "quiz"}, {"status": "paused"}, {"state": "not json"}, {"id": ""}],
)
async def test_bad_session_is_refused(
    storage: Storage, make_session: Callable[..., SessionRecord], changes: dict[str, Any]
) -> None:
    with pytest.raises(ConstraintError):
        await storage.save_session(make_session("s2", **changes))
    assert [s.id for s in await storage.open_sessions()] == ["s1"]


async def test_session_identity_cannot_change(
    storage: Storage, make_session: Callable[..., SessionRecord]
) -> None:
    with pytest.raises(ValueError, match="already exists"):
        await storage.save_session(make_session(guild_id=999))
    [kept] = await storage.open_sessions()
    assert kept.guild_id == 111


async def test_end_session_checks(storage: Storage) -> None:
    with pytest.raises(ValueError, match="status"):
        await storage.end_session("s1", "running", 1.0)
    with pytest.raises(LookupError):
        await storage.end_session("nope", "stopped", 1.0)


async def test_bad_result_and_badge_are_refused(storage: Storage) -> None:
    with pytest.raises(ConstraintError):  # practice has no score to keep
        await storage.record_result(ResultRecord(111, 1, "set", "practice", "s1", 1, 2, 5.0))
    with pytest.raises(ConstraintError):  # more than the total
        await storage.record_result(ResultRecord(111, 1, "set", "test", "s1", 3, 2, 5.0))
    with pytest.raises(ConstraintError):  # from a session that does not exist
        await storage.award_badge(BadgeRecord(111, 1, "set", "Master", "*", "missing", 5.0))
    assert await storage.member_progress(111, 1) == []
    assert await storage.member_badges(111, 1) == []


async def test_bad_guild_set_id_is_refused(storage: Storage) -> None:
    with pytest.raises(ConstraintError):
        await storage.put_guild_set(111, "Bad Id", "id: x\n", 9, 1.0)
    assert await storage.guild_sets(111) == []


async def test_history_cannot_be_rewritten_or_orphaned(
    storage: Storage, make_answer: Callable[..., AnswerRecord], database: Path | str
) -> None:
    await storage.record_answer(make_answer())
    await storage.close()
    with pytest.raises(SCHEMA_REFUSALS, match="append-only"):
        await execute(database, "UPDATE answers SET points = 100")
    with pytest.raises(SCHEMA_REFUSALS, match="append-only"):
        await execute(database, "DELETE FROM answers")
    with pytest.raises(SCHEMA_REFUSALS, match=r"(?i)foreign key"):
        await execute(database, "DELETE FROM sessions WHERE id = 's1'")
    assert await fetch(database, "SELECT count(*) FROM answers") == [(1,)]


async def test_errors_are_the_same_type_on_every_backend(
    storage: Storage, make_answer: Callable[..., AnswerRecord]
) -> None:
    await storage.record_answer(make_answer())
    with pytest.raises(DuplicateError) as duplicate:
        await storage.record_answer(make_answer())
    with pytest.raises(ConstraintError) as refused:
        await storage.record_answer(make_answer(2, attempt=0))
    assert not isinstance(refused.value, DuplicateError)
    # code written for the SQLite-only storage caught sqlite3's type: it still does
    assert isinstance(duplicate.value, sqlite3.IntegrityError)
    assert isinstance(refused.value, sqlite3.IntegrityError)
