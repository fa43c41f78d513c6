"""Read queries, returning records."""

from __future__ import annotations

import datetime
from typing import Any

import aiosqlite

from ..periods import period_start
from ..records import (
    DEFAULT_TIMEZONE,
    SESSION_COLUMNS,
    AnswerRecord,
    BadgeRecord,
    CardRecord,
    FirstTry,
    GuildSetRecord,
    GuildTranslationRecord,
    Leaderboard,
    LeaderboardRow,
    ScheduleRecord,
    SessionRecord,
    SetProgress,
)

OPEN_SESSIONS = f"""
SELECT {SESSION_COLUMNS} FROM sessions WHERE status = 'running' ORDER BY created_at, id
"""

# Running sessions no process holds a live lease on (a lease is live while lease_until > now):
# the running-sessions index, then one primary-key probe of session_leases per session.
UNLEASED_SESSIONS = f"""
SELECT {SESSION_COLUMNS} FROM sessions AS s
WHERE status = 'running' AND NOT EXISTS (
    SELECT 1 FROM session_leases AS l WHERE l.session_id = s.id AND l.lease_until > ?
)
ORDER BY created_at, id
"""

# When the first lease another owner holds on a running session runs out (a standby wakes then).
NEXT_LEASE_EXPIRY = """
SELECT min(l.lease_until) FROM session_leases AS l
JOIN sessions AS s ON s.id = l.session_id
WHERE s.status = 'running' AND l.lease_until > ? AND l.owner <> ?
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
    SELECT set_id, count(*) AS attempted, sum(correct) AS solved
    FROM question_bests
    WHERE guild_id = :guild AND member_id = :member AND period = 'all' AND period_start = 0
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

# A board reads board_totals (the sums of each member's best points per question in a period;
# set_id '' is all sets) in rank order straight off the board_totals_ranked index.
# Ties: more questions right first, then whoever reached the points earlier.
_BOARD = """
WHERE guild_id = :guild AND set_id = :set AND period = :period AND period_start = :start
"""
LEADERBOARD_TOP = f"""
SELECT member_id, points, correct FROM board_totals {_BOARD}
ORDER BY points DESC, correct DESC, reached_at, member_id LIMIT :limit
"""
LEADERBOARD_MEMBER = f"""
SELECT points, correct, reached_at FROM board_totals {_BOARD} AND member_id = :member
"""
# The asker's rank: 1 + the members ahead (an index range, as long as the rank is deep).
LEADERBOARD_AHEAD = f"""
SELECT count(*) FROM board_totals {_BOARD} AND points >= :points
  AND (points > :points OR correct > :correct
       OR (correct = :correct AND (reached_at < :reached
                                   OR (reached_at = :reached AND member_id < :member))))
"""

GUILD_SET_COLUMNS = "guild_id, set_id, yaml_text, loaded_by, loaded_at, version, questions"
VERSION_COLUMNS = "guild_id, set_id, yaml_text, loaded_by, loaded_at, version"
ALL_GUILD_TRANSLATIONS = """
SELECT guild_id, set_id, language, yaml_text, loaded_by, loaded_at, version
FROM guild_set_translations ORDER BY guild_id, set_id, language
"""
GUILD_SETS = f"SELECT {GUILD_SET_COLUMNS} FROM guild_sets WHERE guild_id = ? ORDER BY set_id"
GUILD_SET = f"SELECT {GUILD_SET_COLUMNS} FROM guild_sets WHERE guild_id = ? AND set_id = ?"
ALL_GUILD_SETS = f"SELECT {GUILD_SET_COLUMNS} FROM guild_sets ORDER BY guild_id, set_id"
GUILD_SET_VERSION = f"""
SELECT {VERSION_COLUMNS} FROM guild_set_versions WHERE guild_id = ? AND set_id = ? AND version = ?
"""

SCHEDULE_COLUMNS = """
    id, guild_id, channel_id, set_id, hour, minute, weekday, repeat, role_id, created_by,
    next_run_at, created_at
"""
GUILD_SCHEDULES = f"SELECT {SCHEDULE_COLUMNS} FROM schedules WHERE guild_id = ? ORDER BY id"
ALL_SCHEDULES = f"SELECT {SCHEDULE_COLUMNS} FROM schedules ORDER BY next_run_at, id"
GUILD_TIMEZONE = "SELECT timezone FROM guild_settings WHERE guild_id = ?"
GUILD_LANGUAGE = "SELECT language FROM guild_settings WHERE guild_id = ?"

CARD_COLUMNS = "guild_id, member_id, set_id, question_id, due, state, last_review"
CARD = f"""
SELECT {CARD_COLUMNS} FROM cards
WHERE guild_id = ? AND member_id = ? AND set_id = ? AND question_id = ?
"""
MEMBER_CARDS = f"""
SELECT {CARD_COLUMNS} FROM cards
WHERE guild_id = :guild AND member_id = :member AND (:set IS NULL OR set_id = :set)
ORDER BY due, set_id, question_id
"""

FIRST_TRIES = """
SELECT member_id, question_id, chosen, correct FROM first_tries
WHERE guild_id = ? AND set_id = ? ORDER BY member_id, question_id
"""


async def open_sessions(db: aiosqlite.Connection) -> list[SessionRecord]:
    """Return the running sessions, oldest first."""
    return [SessionRecord(*row) for row in await db.execute_fetchall(OPEN_SESSIONS)]


async def unleased_sessions(db: aiosqlite.Connection, now: float) -> list[SessionRecord]:
    """Return the running sessions whose lease is missing or expired at now, oldest first."""
    return [SessionRecord(*row) for row in await db.execute_fetchall(UNLEASED_SESSIONS, (now,))]


async def next_lease_expiry(db: aiosqlite.Connection, now: float, owner: str) -> float | None:
    """Return when the first live lease of another owner on a running session runs out."""
    rows = list(await db.execute_fetchall(NEXT_LEASE_EXPIRY, (now, owner)))
    found = rows[0][0]
    return None if found is None else float(found)


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
    """Return the days (of the server's clock) a member answered anything in a guild."""
    rows = await db.execute_fetchall(ACTIVE_DAYS, (guild_id, member_id))
    return [datetime.date.fromisoformat(row[0]) for row in rows]


async def leaderboard(
    db: aiosqlite.Connection,
    *,
    guild_id: int,
    set_id: str | None,
    asker_id: int | None,
    limit: int,
    period: str,
    now: float,
    zone: str = "UTC",
) -> Leaderboard:
    """Return the top members of a period by points, and the asker's row when not among them."""
    board: dict[str, Any] = {
        "guild": guild_id,
        "set": set_id or "",
        "period": period,
        "start": period_start(period, now, zone),
    }
    top = await db.execute_fetchall(LEADERBOARD_TOP, {**board, "limit": limit})
    rows = tuple(LeaderboardRow(rank, *row) for rank, row in enumerate(top, 1))
    if asker_id is None or any(row.member_id == asker_id for row in rows):
        return Leaderboard(rows=rows)
    board["member"] = asker_id
    found = list(await db.execute_fetchall(LEADERBOARD_MEMBER, board))
    if not found:
        return Leaderboard(rows=rows)
    points, correct, reached = found[0]
    mine = {**board, "points": points, "correct": correct, "reached": reached}
    ahead = list(await db.execute_fetchall(LEADERBOARD_AHEAD, mine))
    return Leaderboard(rows=rows, asker=LeaderboardRow(ahead[0][0] + 1, asker_id, points, correct))


async def guild_sets(db: aiosqlite.Connection, guild_id: int) -> list[GuildSetRecord]:
    """Return a guild's own sets by id."""
    return [GuildSetRecord(*row) for row in await db.execute_fetchall(GUILD_SETS, (guild_id,))]


async def guild_set(db: aiosqlite.Connection, guild_id: int, set_id: str) -> GuildSetRecord | None:
    """Return one of a guild's own sets, or None."""
    rows = list(await db.execute_fetchall(GUILD_SET, (guild_id, set_id)))
    return GuildSetRecord(*rows[0]) if rows else None


async def all_guild_translations(db: aiosqlite.Connection) -> list[GuildTranslationRecord]:
    """Return every guild's translations of sets (to load them at startup)."""
    rows = await db.execute_fetchall(ALL_GUILD_TRANSLATIONS)
    return [GuildTranslationRecord(*row) for row in rows]


async def all_guild_sets(db: aiosqlite.Connection) -> list[GuildSetRecord]:
    """Return every guild's own sets, by guild and id."""
    return [GuildSetRecord(*row) for row in await db.execute_fetchall(ALL_GUILD_SETS)]


async def guild_set_version(
    db: aiosqlite.Connection, guild_id: int, set_id: str, version: int
) -> GuildSetRecord | None:
    """Return one version of a guild's set (also after it was replaced), or None."""
    rows = list(await db.execute_fetchall(GUILD_SET_VERSION, (guild_id, set_id, version)))
    return GuildSetRecord(*rows[0]) if rows else None


async def guild_schedules(db: aiosqlite.Connection, guild_id: int) -> list[ScheduleRecord]:
    """Return a guild's schedules by id."""
    return [ScheduleRecord(*row) for row in await db.execute_fetchall(GUILD_SCHEDULES, (guild_id,))]


async def all_schedules(db: aiosqlite.Connection) -> list[ScheduleRecord]:
    """Return every schedule, the next to run first."""
    return [ScheduleRecord(*row) for row in await db.execute_fetchall(ALL_SCHEDULES)]


async def guild_timezones(db: aiosqlite.Connection) -> list[tuple[int, str]]:
    """Return (guild id, time zone) of every server that set one."""
    rows = await db.execute_fetchall("SELECT guild_id, timezone FROM guild_settings")
    return [(int(guild), str(zone)) for guild, zone in rows]


async def guild_timezone(db: aiosqlite.Connection, guild_id: int) -> str:
    """Return the time zone of a guild's schedules (UTC until one is set)."""
    rows = list(await db.execute_fetchall(GUILD_TIMEZONE, (guild_id,)))
    return str(rows[0][0]) if rows else DEFAULT_TIMEZONE


async def guild_language(db: aiosqlite.Connection, guild_id: int) -> str | None:
    """Return the language set for a guild's channel messages (None until one is set)."""
    rows = list(await db.execute_fetchall(GUILD_LANGUAGE, (guild_id,)))
    return str(rows[0][0]) if rows and rows[0][0] is not None else None


async def card(
    db: aiosqlite.Connection, guild_id: int, member_id: int, set_id: str, question_id: str
) -> CardRecord | None:
    """Return a member's card for one question, or None."""
    rows = list(await db.execute_fetchall(CARD, (guild_id, member_id, set_id, question_id)))
    return CardRecord(*rows[0]) if rows else None


async def member_cards(
    db: aiosqlite.Connection, guild_id: int, member_id: int, set_id: str | None
) -> list[CardRecord]:
    """Return a member's cards (of one set, or all), the soonest due first."""
    rows = await db.execute_fetchall(
        MEMBER_CARDS, {"guild": guild_id, "member": member_id, "set": set_id}
    )
    return [CardRecord(*row) for row in rows]


async def first_tries(db: aiosqlite.Connection, guild_id: int, set_id: str) -> list[FirstTry]:
    """Return each member's first attempt-1 answer per question of a set, by member, question."""
    rows = await db.execute_fetchall(FIRST_TRIES, (guild_id, set_id))
    return [
        FirstTry(member, question, chosen, bool(correct))
        for member, question, chosen, correct in rows
    ]


def _answer(row: Any) -> AnswerRecord:
    """Return an answer record from a SESSION_ANSWERS row."""
    return AnswerRecord(*row[:9], bool(row[9]), *row[10:])


async def schema_version(db: aiosqlite.Connection) -> int:
    """Return the schema version stored in the database (PRAGMA user_version)."""
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


# Weeks count from Monday 1970-01-05 00:00 UTC (345,600 s after the epoch), like the chart's;
# weekly_totals holds them per member, week and set (kept by the answers trigger).
WEEKLY_ACCURACY = """
SELECT set_id, week, answers, correct FROM weekly_totals
WHERE guild_id = :guild AND member_id = :member AND week >= :since
UNION ALL
SELECT t.set_id, :since - 1, t.attempts - coalesce(w.answers, 0), t.correct - coalesce(w.correct, 0)
FROM member_totals AS t
LEFT JOIN (
    SELECT set_id, sum(answers) AS answers, sum(correct) AS correct FROM weekly_totals
    WHERE guild_id = :guild AND member_id = :member AND week >= :since GROUP BY set_id
) AS w ON w.set_id = t.set_id
WHERE t.guild_id = :guild AND t.member_id = :member AND :since > :first
  AND t.attempts > coalesce(w.answers, 0)
ORDER BY set_id, week
"""
# The first week there is (a member's whole history, when no window is asked for).
FIRST_WEEK = -(2**62)


async def member_weekly_accuracy(
    db: aiosqlite.Connection, guild_id: int, member_id: int, since_week: int | None = None
) -> list[tuple[str, int, int, int]]:
    """Return (set id, UTC week number, answers, right answers) of a member, by set and week.

    From ``since_week`` on, with one row per set for the weeks before (at ``since_week - 1``,
    from the member's totals): what a chart of those weeks needs, however long the history.
    """
    since = FIRST_WEEK if since_week is None else since_week
    params = {"guild": guild_id, "member": member_id, "since": since, "first": FIRST_WEEK}
    rows = await db.execute_fetchall(WEEKLY_ACCURACY, params)
    return [(str(s), int(w), int(n), int(c)) for s, w, n, c in rows]
