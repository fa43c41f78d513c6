"""Read queries, returning records."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

import aiosqlite

from ..records import (
    AnswerRecord,
    BadgeRecord,
    GuildSetRecord,
    Leaderboard,
    LeaderboardRow,
    SessionRecord,
    SetProgress,
)

SESSION_COLUMNS = """
    id, guild_id, channel_id, thread_id, mode, set_id, starter_id, status,
    question_id, deadline, message_id, state, created_at, updated_at
"""

OPEN_SESSIONS = f"""
SELECT {SESSION_COLUMNS} FROM sessions WHERE status = 'running' ORDER BY created_at, id
"""

SESSION_ANSWERS = """
SELECT guild_id, channel_id, member_id, set_id, question_id, mode, session_id,
       attempt, chosen, correct, points, seconds, answered_at
FROM answers WHERE session_id = ? ORDER BY id
"""

MEMBER_PROGRESS = """
WITH sets AS (
    SELECT set_id FROM member_totals WHERE guild_id = :guild AND member_id = :member
    UNION
    SELECT set_id FROM set_bests WHERE guild_id = :guild AND member_id = :member
), questions AS (
    SELECT set_id, count(*) AS attempted, sum(solved) AS solved
    FROM (
        SELECT set_id, question_id, max(correct) AS solved
        FROM answers WHERE guild_id = :guild AND member_id = :member
        GROUP BY set_id, question_id
    )
    GROUP BY set_id
)
SELECT s.set_id,
       coalesce(q.attempted, 0), coalesce(q.solved, 0),
       coalesce(t.attempts, 0), coalesce(t.correct, 0), coalesce(t.points, 0),
       c.score, c.total, x.score, x.total,
       max(coalesce(t.last_at, 0), coalesce(c.achieved_at, 0), coalesce(x.achieved_at, 0))
           AS last_active
FROM sets AS s
LEFT JOIN questions AS q ON q.set_id = s.set_id
LEFT JOIN member_totals AS t
    ON t.guild_id = :guild AND t.member_id = :member AND t.set_id = s.set_id
LEFT JOIN set_bests AS c
    ON c.guild_id = :guild AND c.member_id = :member AND c.set_id = s.set_id
   AND c.mode = 'challenge'
LEFT JOIN set_bests AS x
    ON x.guild_id = :guild AND x.member_id = :member AND x.set_id = s.set_id AND x.mode = 'test'
ORDER BY last_active DESC, s.set_id
"""

MEMBER_BADGES = """
SELECT guild_id, member_id, set_id, name, emoji, session_id, awarded_at
FROM badges WHERE guild_id = ? AND member_id = ? ORDER BY awarded_at, set_id
"""

ACTIVE_DAYS = """
SELECT day FROM activity_days WHERE guild_id = ? AND member_id = ? ORDER BY day
"""

# A board is one row per member: points, correct answers, and when the points were reached.
_BOARD_ALL_SETS = """
WITH board AS (
    SELECT member_id, sum(points) AS points, sum(correct) AS correct,
           coalesce(max(CASE WHEN points > 0 THEN reached_at END), min(reached_at)) AS reached_at
    FROM member_totals WHERE guild_id = :guild GROUP BY member_id
)
"""

_BOARD_ONE_SET = """
WITH board AS (
    SELECT member_id, points, correct, reached_at
    FROM member_totals WHERE guild_id = :guild AND set_id = :set
)
"""

# Ties: more correct answers first, then whoever reached the points earlier.
_RANKED = """
SELECT rank, member_id, points, correct FROM (
    SELECT row_number() OVER (ORDER BY points DESC, correct DESC, reached_at, member_id) AS rank,
           member_id, points, correct
    FROM board
)
"""

LEADERBOARD_TOP = _BOARD_ALL_SETS + _RANKED + "ORDER BY rank LIMIT :limit"
LEADERBOARD_ASKER = _BOARD_ALL_SETS + _RANKED + "WHERE member_id = :asker"
SET_LEADERBOARD_TOP = _BOARD_ONE_SET + _RANKED + "ORDER BY rank LIMIT :limit"
SET_LEADERBOARD_ASKER = _BOARD_ONE_SET + _RANKED + "WHERE member_id = :asker"

GUILD_SET_COLUMNS = "guild_id, set_id, yaml_text, loaded_by, loaded_at, version"
GUILD_SETS = f"SELECT {GUILD_SET_COLUMNS} FROM guild_sets WHERE guild_id = ? ORDER BY set_id"
GUILD_SET = f"SELECT {GUILD_SET_COLUMNS} FROM guild_sets WHERE guild_id = ? AND set_id = ?"
ALL_GUILD_SETS = f"SELECT {GUILD_SET_COLUMNS} FROM guild_sets ORDER BY guild_id, set_id"


async def open_sessions(db: aiosqlite.Connection) -> list[SessionRecord]:
    """Return the running sessions, oldest first."""
    return [SessionRecord(*row) for row in await db.execute_fetchall(OPEN_SESSIONS)]


async def session_answers(db: aiosqlite.Connection, session_id: str) -> list[AnswerRecord]:
    """Return a session's answers in recorded order."""
    rows = await db.execute_fetchall(SESSION_ANSWERS, (session_id,))
    return [_answer(row) for row in rows]


async def member_progress(
    db: aiosqlite.Connection, guild_id: int, member_id: int
) -> list[SetProgress]:
    """Return a member's progress per set, most recently active first."""
    rows = await db.execute_fetchall(MEMBER_PROGRESS, {"guild": guild_id, "member": member_id})
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
    db: aiosqlite.Connection, guild_id: int, member_id: int
) -> list[BadgeRecord]:
    """Return a member's badges in a guild, oldest first."""
    rows = await db.execute_fetchall(MEMBER_BADGES, (guild_id, member_id))
    return [BadgeRecord(*row) for row in rows]


async def active_days(
    db: aiosqlite.Connection, guild_id: int, member_id: int
) -> list[datetime.date]:
    """Return the UTC days a member answered anything in a guild, ascending."""
    rows = await db.execute_fetchall(ACTIVE_DAYS, (guild_id, member_id))
    return [datetime.date.fromisoformat(row[0]) for row in rows]


async def leaderboard(
    db: aiosqlite.Connection, guild_id: int, set_id: str | None, asker_id: int | None, limit: int
) -> Leaderboard:
    """Return the top members by points, and the asker's row when it is not among them."""
    top_sql, asker_sql = (
        (LEADERBOARD_TOP, LEADERBOARD_ASKER)
        if set_id is None
        else (SET_LEADERBOARD_TOP, SET_LEADERBOARD_ASKER)
    )
    params: dict[str, Any] = {"guild": guild_id, "set": set_id, "limit": limit}
    rows = tuple(_board_rows(await db.execute_fetchall(top_sql, params)))
    asker = None
    if asker_id is not None and all(row.member_id != asker_id for row in rows):
        found = _board_rows(await db.execute_fetchall(asker_sql, {**params, "asker": asker_id}))
        asker = found[0] if found else None
    return Leaderboard(rows=rows, asker=asker)


async def guild_sets(db: aiosqlite.Connection, guild_id: int) -> list[GuildSetRecord]:
    """Return a guild's own sets by id."""
    return [GuildSetRecord(*row) for row in await db.execute_fetchall(GUILD_SETS, (guild_id,))]


async def guild_set(db: aiosqlite.Connection, guild_id: int, set_id: str) -> GuildSetRecord | None:
    """Return one of a guild's own sets, or None."""
    rows = list(await db.execute_fetchall(GUILD_SET, (guild_id, set_id)))
    return GuildSetRecord(*rows[0]) if rows else None


async def all_guild_sets(db: aiosqlite.Connection) -> list[GuildSetRecord]:
    """Return every guild's own sets, by guild and id."""
    return [GuildSetRecord(*row) for row in await db.execute_fetchall(ALL_GUILD_SETS)]


def _answer(row: Any) -> AnswerRecord:
    """Return an answer record from a SESSION_ANSWERS row."""
    return AnswerRecord(*row[:9], bool(row[9]), *row[10:])


def _board_rows(rows: Iterable[Any]) -> list[LeaderboardRow]:
    """Return leaderboard rows from (rank, member, points, correct) rows."""
    return [LeaderboardRow(*row) for row in rows]


async def schema_version(db: aiosqlite.Connection) -> int:
    """Return the schema version stored in the database (PRAGMA user_version)."""
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0
