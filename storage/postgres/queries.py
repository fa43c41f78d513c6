"""PostgreSQL read queries, returning the same records in the same order as SQLite's.

Text keys are ordered with COLLATE "C" (byte order, as SQLite's default), whatever collation
the database was created with.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import asyncpg

from ..records import (
    AnswerRecord,
    BadgeRecord,
    GuildSetRecord,
    Leaderboard,
    LeaderboardRow,
    SessionRecord,
    SetProgress,
)
from .connection import schema_version as _schema_version

SESSION_COLUMNS = """
    id, guild_id, channel_id, thread_id, mode, set_id, starter_id, status,
    question_id, deadline, message_id, state, created_at, updated_at
"""

OPEN_SESSIONS = f"""
SELECT {SESSION_COLUMNS} FROM sessions WHERE status = 'running'
ORDER BY created_at, id COLLATE "C"
"""

SESSION_ANSWERS = """
SELECT guild_id, channel_id, member_id, set_id, question_id, mode, session_id,
       attempt, chosen, correct, points, seconds, answered_at
FROM answers WHERE session_id = $1 ORDER BY id
"""

MEMBER_PROGRESS = """
WITH sets AS (
    SELECT set_id FROM member_totals WHERE guild_id = $1 AND member_id = $2
    UNION
    SELECT set_id FROM set_bests WHERE guild_id = $1 AND member_id = $2
), questions AS (
    SELECT set_id, count(*) AS attempted, sum(solved) AS solved
    FROM (
        SELECT set_id, question_id, max(correct::integer) AS solved
        FROM answers WHERE guild_id = $1 AND member_id = $2
        GROUP BY set_id, question_id
    ) AS per_question
    GROUP BY set_id
)
SELECT s.set_id,
       coalesce(q.attempted, 0), coalesce(q.solved, 0),
       coalesce(t.attempts, 0), coalesce(t.correct, 0), coalesce(t.points, 0),
       c.score, c.total, x.score, x.total,
       greatest(coalesce(t.last_at, 0), coalesce(c.achieved_at, 0), coalesce(x.achieved_at, 0))
           AS last_active
FROM sets AS s
LEFT JOIN questions AS q ON q.set_id = s.set_id
LEFT JOIN member_totals AS t
    ON t.guild_id = $1 AND t.member_id = $2 AND t.set_id = s.set_id
LEFT JOIN set_bests AS c
    ON c.guild_id = $1 AND c.member_id = $2 AND c.set_id = s.set_id AND c.mode = 'challenge'
LEFT JOIN set_bests AS x
    ON x.guild_id = $1 AND x.member_id = $2 AND x.set_id = s.set_id AND x.mode = 'test'
ORDER BY last_active DESC, s.set_id COLLATE "C"
"""

MEMBER_BADGES = """
SELECT guild_id, member_id, set_id, name, emoji, session_id, awarded_at
FROM badges WHERE guild_id = $1 AND member_id = $2 ORDER BY awarded_at, set_id COLLATE "C"
"""

ACTIVE_DAYS = "SELECT day FROM activity_days WHERE guild_id = $1 AND member_id = $2 ORDER BY day"

# A board is one row per member: points, correct answers, and when the points were reached.
_BOARD_ALL_SETS = """
WITH board AS (
    SELECT member_id, sum(points) AS points, sum(correct) AS correct,
           coalesce(max(CASE WHEN points > 0 THEN reached_at END), min(reached_at)) AS reached_at
    FROM member_totals WHERE guild_id = $1 GROUP BY member_id
)
"""

_BOARD_ONE_SET = """
WITH board AS (
    SELECT member_id, points, correct, reached_at
    FROM member_totals WHERE guild_id = $1 AND set_id = $3
)
"""

# Ties: more correct answers first, then whoever reached the points earlier.
_RANKED = """
SELECT rank, member_id, points, correct FROM (
    SELECT row_number() OVER (ORDER BY points DESC, correct DESC, reached_at, member_id) AS rank,
           member_id, points, correct
    FROM board
) AS ranked
"""

LEADERBOARD_TOP = _BOARD_ALL_SETS + _RANKED + "ORDER BY rank LIMIT $2"
LEADERBOARD_ASKER = _BOARD_ALL_SETS + _RANKED + "WHERE member_id = $2"
SET_LEADERBOARD_TOP = _BOARD_ONE_SET + _RANKED + "ORDER BY rank LIMIT $2"
SET_LEADERBOARD_ASKER = _BOARD_ONE_SET + _RANKED + "WHERE member_id = $2"

GUILD_SET_COLUMNS = "guild_id, set_id, yaml_text, loaded_by, loaded_at, version"
GUILD_SETS = (
    f'SELECT {GUILD_SET_COLUMNS} FROM guild_sets WHERE guild_id = $1 ORDER BY set_id COLLATE "C"'
)
GUILD_SET = f"SELECT {GUILD_SET_COLUMNS} FROM guild_sets WHERE guild_id = $1 AND set_id = $2"
ALL_GUILD_SETS = f'SELECT {GUILD_SET_COLUMNS} FROM guild_sets ORDER BY guild_id, set_id COLLATE "C"'


async def schema_version(connection: asyncpg.Connection) -> int:
    """Return the newest migration applied."""
    return await _schema_version(connection)


async def open_sessions(connection: asyncpg.Connection) -> list[SessionRecord]:
    """Return the running sessions, oldest first."""
    return [SessionRecord(*row) for row in await connection.fetch(OPEN_SESSIONS)]


async def session_answers(connection: asyncpg.Connection, session_id: str) -> list[AnswerRecord]:
    """Return a session's answers in recorded order."""
    return [AnswerRecord(*row) for row in await connection.fetch(SESSION_ANSWERS, session_id)]


async def member_progress(
    connection: asyncpg.Connection, guild_id: int, member_id: int
) -> list[SetProgress]:
    """Return a member's progress per set, most recently active first."""
    rows = await connection.fetch(MEMBER_PROGRESS, guild_id, member_id)
    return [
        SetProgress(
            set_id=row[0],
            questions_attempted=row[1],
            questions_correct=row[2],
            attempts=row[3],
            correct_attempts=row[4],
            points=row[5],
            best_challenge=None if row[6] is None else (row[6], row[7]),
            best_test=None if row[8] is None else (row[8], row[9]),
            last_active=row[10],
        )
        for row in rows
    ]


async def member_badges(
    connection: asyncpg.Connection, guild_id: int, member_id: int
) -> list[BadgeRecord]:
    """Return a member's badges in a guild, oldest first."""
    return [BadgeRecord(*row) for row in await connection.fetch(MEMBER_BADGES, guild_id, member_id)]


async def active_days(
    connection: asyncpg.Connection, guild_id: int, member_id: int
) -> list[datetime.date]:
    """Return the UTC days a member answered anything in a guild, ascending."""
    return [row[0] for row in await connection.fetch(ACTIVE_DAYS, guild_id, member_id)]


async def leaderboard(
    connection: asyncpg.Connection,
    guild_id: int,
    set_id: str | None,
    asker_id: int | None,
    limit: int,
) -> Leaderboard:
    """Return the top members by points, and the asker's row when it is not among them."""
    if set_id is None:
        top_sql, asker_sql, extra = LEADERBOARD_TOP, LEADERBOARD_ASKER, ()
    else:
        top_sql, asker_sql, extra = SET_LEADERBOARD_TOP, SET_LEADERBOARD_ASKER, (set_id,)
    rows = tuple(_board_rows(await connection.fetch(top_sql, guild_id, limit, *extra)))
    asker = None
    if asker_id is not None and all(row.member_id != asker_id for row in rows):
        found = _board_rows(await connection.fetch(asker_sql, guild_id, asker_id, *extra))
        asker = found[0] if found else None
    return Leaderboard(rows=rows, asker=asker)


async def guild_sets(connection: asyncpg.Connection, guild_id: int) -> list[GuildSetRecord]:
    """Return a guild's own sets by id."""
    return [GuildSetRecord(*row) for row in await connection.fetch(GUILD_SETS, guild_id)]


async def guild_set(
    connection: asyncpg.Connection, guild_id: int, set_id: str
) -> GuildSetRecord | None:
    """Return one of a guild's own sets, or None."""
    row = await connection.fetchrow(GUILD_SET, guild_id, set_id)
    return GuildSetRecord(*row) if row is not None else None


async def all_guild_sets(connection: asyncpg.Connection) -> list[GuildSetRecord]:
    """Return every guild's own sets, by guild and id."""
    return [GuildSetRecord(*row) for row in await connection.fetch(ALL_GUILD_SETS)]


def _board_rows(rows: Iterable[Any]) -> list[LeaderboardRow]:
    """Return leaderboard rows from (rank, member, points, correct) rows."""
    return [LeaderboardRow(*row) for row in rows]
