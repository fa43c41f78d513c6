"""Boards, streak days and chart weeks on the server's clock, on both backends; the migration."""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Any

import asyncpg
import pytest

from storage import MIGRATIONS as SQLITE_MIGRATIONS
from storage import AnswerRecord, Storage, connect, migrate
from storage.periods import week_number
from storage.postgres.connection import MIGRATIONS as PG_MIGRATIONS
from storage.postgres.connection import migrate as pg_migrate
from tests.pgserver import PostgresServer
from tests.storage.conftest import session_record
from tests.storage.raw import SCHEMA_REFUSALS, execute, fetch

SUNDAY_2330 = dt.datetime(2026, 1, 4, 23, 30, tzinfo=dt.UTC).timestamp()  # Mon 08:30 Tokyo
WEDNESDAY = dt.datetime(2025, 12, 31, 12, 0, tzinfo=dt.UTC).timestamp()
TOKYO_GUILD, UTC_GUILD = 111, 555


def answer(make_answer: Callable[..., AnswerRecord], guild: int, when: float, member: int = 1):
    return make_answer(member_id=member, guild_id=guild, answered_at=when)


async def week_members(storage: Storage, guild: int, now: float) -> list[int]:
    board = await storage.leaderboard(guild, period="week", now=now)
    return [row.member_id for row in board.rows]


async def test_a_tokyo_servers_week_turns_at_its_midnight(
    storage: Storage, make_answer: Callable[..., AnswerRecord]
) -> None:
    await storage.set_guild_timezone(TOKYO_GUILD, "Asia/Tokyo")
    await storage.record_answer(answer(make_answer, TOKYO_GUILD, SUNDAY_2330))
    await storage.record_answer(answer(make_answer, UTC_GUILD, SUNDAY_2330, member=2))
    monday_0030_utc = SUNDAY_2330 + 3600
    sunday_2300_tokyo = SUNDAY_2330 - 9.5 * 3600
    # Sunday 23:30 UTC is Monday morning in Tokyo: the new week there, the old one in UTC
    assert await week_members(storage, TOKYO_GUILD, monday_0030_utc) == [1]
    assert await week_members(storage, TOKYO_GUILD, sunday_2300_tokyo) == []
    assert await week_members(storage, UTC_GUILD, monday_0030_utc) == []
    assert await week_members(storage, UTC_GUILD, sunday_2300_tokyo) == [2]
    # its day and its chart week are Tokyo's too
    assert await storage.active_days(TOKYO_GUILD, 1) == [dt.date(2026, 1, 5)]
    assert await storage.active_days(UTC_GUILD, 2) == [dt.date(2026, 1, 4)]
    tokyo_weeks = await storage.member_weekly_accuracy(TOKYO_GUILD, 1)
    utc_weeks = await storage.member_weekly_accuracy(UTC_GUILD, 2)
    assert [row[1] for row in tokyo_weeks] == [week_number(SUNDAY_2330, "Asia/Tokyo")]
    assert [row[1] for row in utc_weeks] == [week_number(SUNDAY_2330)]
    assert week_number(SUNDAY_2330, "Asia/Tokyo") == week_number(SUNDAY_2330) + 1


async def test_a_new_zone_applies_to_answers_from_then_on(
    storage: Storage, make_answer: Callable[..., AnswerRecord]
) -> None:
    # filed in UTC first, then the server moves to Tokyo in the same week: the week goes on
    await storage.record_answer(answer(make_answer, TOKYO_GUILD, WEDNESDAY))
    await storage.set_guild_timezone(TOKYO_GUILD, "Asia/Tokyo")
    thursday = WEDNESDAY + 86_400
    await storage.record_answer(
        make_answer(member_id=1, guild_id=TOKYO_GUILD, question_id="q2", answered_at=thursday)
    )
    board = await storage.leaderboard(TOKYO_GUILD, period="week", now=thursday)
    assert [(row.member_id, row.points, row.correct) for row in board.rows] == [(1, 20, 2)]
    month = await storage.leaderboard(TOKYO_GUILD, period="month", now=WEDNESDAY)
    assert [(row.member_id, row.points) for row in month.rows] == [(1, 10)]  # December


# The migration: a database one version back with answers, upgraded in place.

OLD_ANSWER = (
    "INSERT INTO answers (guild_id, channel_id, member_id, set_id, question_id, mode,"
    " session_id, attempt, chosen, correct, points, seconds, answered_at)"
    " VALUES ({guild}, 1, {member}, 'mini', 'q1', 'challenge', 's1', 1, 'B', {true}, 10, 2.0,"
    " {at})"
)
OLD_SESSION = (
    "INSERT INTO sessions (id, guild_id, channel_id, mode, set_id, starter_id, status,"
    " created_at, updated_at) VALUES ('s1', 0, 1, 'challenge', 'mini', 1, 'running', 0, 0)"
)
ZONE = "INSERT INTO guild_settings (guild_id, timezone) VALUES ({guild}, 'Asia/Tokyo')"
BOARD_ROWS = (
    "SELECT guild_id, set_id, period, period_start, member_id, points FROM board_totals"
    " ORDER BY 1, 2, 3, 4, 5"
)


def old_rows(true: str) -> list[str]:
    """Return the statements filling a database at the previous version (UTC-filed answers)."""
    return [
        OLD_SESSION,
        ZONE.format(guild=TOKYO_GUILD),
        OLD_ANSWER.format(guild=UTC_GUILD, member=2, true=true, at=SUNDAY_2330),
        OLD_ANSWER.format(guild=TOKYO_GUILD, member=1, true=true, at=SUNDAY_2330),
    ]


@pytest.fixture(params=["sqlite", "postgresql"])
async def previous_version(request: pytest.FixtureRequest, tmp_path: Path) -> Any:
    """Yield a database at the schema version before this change, holding answers."""
    if request.param == "sqlite":
        path = tmp_path / "old.db"
        db = await connect(path)
        try:
            await migrate(db, SQLITE_MIGRATIONS[:-1])
        finally:
            await db.close()
        with closing(sqlite3.connect(path)) as raw, raw:
            for sql in old_rows("1"):
                raw.execute(sql)
        yield path
        return
    server: PostgresServer = request.getfixturevalue("postgres_server")
    url = server.create_database()
    connection = await asyncpg.connect(url)
    try:
        await pg_migrate(connection, PG_MIGRATIONS[:-1])
        for sql in old_rows("true"):
            await connection.execute(sql)
    finally:
        await connection.close()
    yield url
    server.drop_database(url)


async def test_the_migration_keeps_utc_boards_and_refiles_a_zoned_servers_answers(
    previous_version: Any, make_answer: Callable[..., AnswerRecord]
) -> None:
    before = await fetch(previous_version, BOARD_ROWS)
    storage = await Storage.open(previous_version)
    try:
        after = await fetch(previous_version, BOARD_ROWS)
        # the UTC server's rows, and everyone's all-time rows, are exactly what they were
        kept = [row for row in before if row[0] == UTC_GUILD or row[2] == "all"]
        assert [row for row in after if row[0] == UTC_GUILD or row[2] == "all"] == kept
        monday_0030_utc = SUNDAY_2330 + 3600
        assert await week_members(storage, UTC_GUILD, SUNDAY_2330) == [2]
        assert await week_members(storage, UTC_GUILD, monday_0030_utc) == []
        # the Tokyo server's answer of Sunday 23:30 UTC is refiled in its Monday's week and day
        assert await week_members(storage, TOKYO_GUILD, SUNDAY_2330 - 9.5 * 3600) == []
        assert await week_members(storage, TOKYO_GUILD, monday_0030_utc) == [1]
        assert await storage.active_days(TOKYO_GUILD, 1) == [dt.date(2026, 1, 5)]
        assert await storage.active_days(UTC_GUILD, 2) == [dt.date(2026, 1, 4)]
        weeks = await storage.member_weekly_accuracy(TOKYO_GUILD, 1)
        assert [row[1] for row in weeks] == [week_number(SUNDAY_2330, "Asia/Tokyo")]
        offsets = await fetch(previous_version, "SELECT guild_id, utc_offset FROM answers"
                                                " ORDER BY guild_id")  # fmt: skip
        assert offsets == [(TOKYO_GUILD, 9 * 3600), (UTC_GUILD, 0)]
        # answers filed from then on go on in the same periods
        await storage.save_session(session_record("s2", guild_id=TOKYO_GUILD))
        later = SUNDAY_2330 + 60
        await storage.record_answer(
            make_answer(member_id=3, guild_id=TOKYO_GUILD, session_id="s2", answered_at=later)
        )
        await storage.record_answer(
            make_answer(member_id=4, guild_id=UTC_GUILD, session_id="s2", answered_at=later)
        )
        assert await week_members(storage, TOKYO_GUILD, monday_0030_utc) == [1, 3]
        assert await week_members(storage, UTC_GUILD, SUNDAY_2330) == [2, 4]
    finally:
        await storage.close()
    # answers are still append-only after the migration filled their new column
    with pytest.raises(SCHEMA_REFUSALS, match="append-only"):
        await execute(previous_version, "UPDATE answers SET utc_offset = 0")
