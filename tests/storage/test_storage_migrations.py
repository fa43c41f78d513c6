"""Migrations: fresh databases, in-place upgrades, failed migrations, pragmas."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from storage import (
    LATEST_VERSION,
    MIGRATIONS,
    FirstTry,
    Migration,
    Storage,
    StorageError,
    connect,
    load_migrations,
    migrate,
)

FIXTURES = Path(__file__).parent / "fixtures"
V1_DB = FIXTURES / "v1.db"


def tables(path: Path) -> set[str]:
    """Return the table names of a database file."""
    with closing(sqlite3.connect(path)) as db:
        return {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}


def indexes(path: Path) -> set[str]:
    """Return the explicitly created index names of a database file."""
    with closing(sqlite3.connect(path)) as db:
        rows = db.execute("SELECT name FROM sqlite_master WHERE type='index' AND sql IS NOT NULL")
        return {row[0] for row in rows}


def test_shipped_migrations_are_numbered_without_gaps() -> None:
    migrations = load_migrations()
    assert [m.version for m in migrations] == list(range(1, len(migrations) + 1))
    assert len(migrations) >= 2
    assert migrations[0].name == "initial"
    assert migrations[-1].version == LATEST_VERSION


async def test_fresh_database_reaches_latest_version_with_pragmas(db_path: Path) -> None:
    storage = await Storage.open(db_path)
    try:
        assert await storage.schema_version() == LATEST_VERSION
    finally:
        await storage.close()
    assert {"sessions", "answers", "member_totals", "activity_days", "results", "set_bests",
            "badges", "guild_sets"} <= tables(db_path)  # fmt: skip
    with closing(sqlite3.connect(db_path)) as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


async def test_connection_pragmas(db_path: Path) -> None:
    db = await connect(db_path)
    try:
        pragmas = {}
        for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout"):
            async with db.execute(f"PRAGMA {name}") as cursor:
                pragmas[name] = (await cursor.fetchone())[0]
    finally:
        await db.close()
    assert pragmas == {"journal_mode": "wal", "synchronous": 2, "foreign_keys": 1,
                       "busy_timeout": 5000}  # fmt: skip


async def test_reopening_applies_nothing_twice(db_path: Path) -> None:
    for _ in range(2):
        storage = await Storage.open(db_path)
        assert await storage.schema_version() == LATEST_VERSION
        await storage.close()


async def test_v1_fixture_upgrades_in_place_keeping_rows(tmp_path: Path) -> None:
    assert V1_DB.exists(), "run tests/storage/fixtures/make_v1.py (and git add -f the .db file)"
    path = tmp_path / "old.db"
    shutil.copyfile(V1_DB, path)
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA user_version").fetchone()[0] == 1
    assert "answers_by_member" not in indexes(path)

    storage = await Storage.open(path)
    try:
        assert await storage.schema_version() == LATEST_VERSION
        answers = await storage.session_answers("v1-done")
        assert [(a.member_id, a.question_id, a.attempt) for a in answers] == [
            (7, "q1", 1), (7, "q1", 2), (8, "q1", 1), (7, "q2", 1), (8, "q2", 1),
        ]  # fmt: skip
        [live] = await storage.open_sessions()
        assert (live.id, live.thread_id, live.question_id, live.state) == (
            "v1-live", 444, "q2", '{"index": 1}',
        )  # fmt: skip
        [progress] = await storage.member_progress(111, 7)
        assert (progress.questions_attempted, progress.questions_correct) == (2, 2)
        assert (progress.attempts, progress.correct_attempts, progress.points) == (4, 3, 25)
        assert progress.best_challenge == (2, 2)
        # the board counts each question's best points once (7: q1 5 then 10, q2 10), rebuilt
        # by the migration from the history; so are the first tries and the set's version
        board = await storage.leaderboard(111)
        assert [(r.member_id, r.points, r.correct) for r in board.rows] == [(7, 20, 2), (8, 10, 1)]
        assert await storage.first_tries(111, "asgi-vs-wsgi") == [
            FirstTry(7, "q1", "B", False), FirstTry(7, "q2", "A", True),
            FirstTry(8, "q1", "C", True), FirstTry(8, "q2", "D", False),
        ]  # fmt: skip
        version = await storage.guild_set_version(111, "local-set", 2)
        assert version is not None
        assert version.yaml_text == "id: local-set\ntitle: Local\n"
        [badge] = await storage.member_badges(111, 7)
        assert badge.name == "ASGI vs WSGI Master"
        assert len(await storage.active_days(111, 7)) == 2
        [local] = await storage.guild_sets(111)
        assert (local.set_id, local.version) == ("local-set", 2)
        # the upgraded database keeps working: totals continue from the old rows
        assert await storage.put_guild_set(111, "local-set", "id: local-set\n", 9, 1.0) == 3
    finally:
        await storage.close()
    assert {"answers_by_member", "member_totals_by_set"} <= indexes(path)


async def test_failing_migration_leaves_previous_version(db_path: Path) -> None:
    broken = Migration(
        version=3,
        name="broken",
        sql="CREATE TABLE half_done (x INTEGER);\nINSERT INTO no_such_table VALUES (1);",
    )
    db = await connect(db_path)
    try:
        with pytest.raises(StorageError, match="0003_broken"):
            await migrate(db, [*MIGRATIONS[:2], broken])
        async with db.execute("PRAGMA user_version") as cursor:
            assert (await cursor.fetchone())[0] == 2
        assert not db.in_transaction
    finally:
        await db.close()
    assert "half_done" not in tables(db_path)
    assert "answers" in tables(db_path)


async def test_failing_upgrade_of_v1_keeps_its_data(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    shutil.copyfile(V1_DB, path)
    broken = Migration(2, "broken", "CREATE INDEX x ON answers (member_id);\nSELECT nope();")
    db = await connect(path)
    try:
        with pytest.raises(StorageError):
            await migrate(db, [MIGRATIONS[0], broken])
    finally:
        await db.close()
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA user_version").fetchone()[0] == 1
        assert raw.execute("SELECT count(*) FROM answers").fetchone()[0] == 6
    assert "x" not in indexes(path)


async def test_migration_leaving_foreign_key_violations_is_refused(db_path: Path) -> None:
    # defer_foreign_keys lets the orphan row through until the end of the transaction, where
    # the migration's own foreign_key_check refuses it before COMMIT.
    bad = Migration(
        3,
        "orphan",
        "PRAGMA defer_foreign_keys = ON;\n"
        "INSERT INTO badges VALUES (1, 2, 'x', 'B', 'e', 'missing-session', 0);",
    )
    db = await connect(db_path)
    try:
        with pytest.raises(StorageError):
            await migrate(db, [*MIGRATIONS[:2], bad])
        async with db.execute("PRAGMA user_version") as cursor:
            assert (await cursor.fetchone())[0] == 2
    finally:
        await db.close()


async def test_database_newer_than_code_is_refused(db_path: Path) -> None:
    with closing(sqlite3.connect(db_path)) as db:
        db.execute(f"PRAGMA user_version = {LATEST_VERSION + 1}")
    with pytest.raises(StorageError, match="newer"):
        await Storage.open(db_path)


async def test_memory_database_works() -> None:
    storage = await Storage.open(":memory:")
    try:
        assert await storage.schema_version() == LATEST_VERSION
        assert await storage.put_guild_set(1, "s", "id: s\n", 2, 3.0) == 1
        assert [s.set_id for s in await storage.all_guild_sets()] == ["s"]
    finally:
        await storage.close()
