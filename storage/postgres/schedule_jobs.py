"""PostgreSQL jobs of schedules and a server's settings (time zone, language); run on the
writer's connection like the other jobs and reached as ``jobs.<name>``."""

from __future__ import annotations

import asyncpg

from ..errors import LimitReachedError
from ..records import DEFAULT_TIMEZONE, ScheduleRecord
from ..sqlite.jobs import schedule_row


def affected(status: str) -> int:
    """Return the row count of a command status such as 'INSERT 0 3' or 'UPDATE 1'."""
    return int(status.rsplit(" ", 1)[-1])


# The limits' lock: one server's limited writes (sets, translations, schedules) queue on it.
LIMITS_LOCK = 0x5154_4C4D
LOCK_GUILD = "SELECT pg_advisory_xact_lock($1, hashint8($2::bigint))"
GUILD_SCHEDULE_COUNT = "SELECT count(*) FROM schedules WHERE guild_id = $1"

INSERT_SCHEDULE = """
INSERT INTO schedules (guild_id, channel_id, set_id, hour, minute, weekday, repeat, role_id,
                       created_by, next_run_at, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
RETURNING id
"""

DELETE_SCHEDULE = "DELETE FROM schedules WHERE guild_id = $1 AND id = $2"
RESCHEDULE = "UPDATE schedules SET next_run_at = $1 WHERE id = $2"
# Compare and swap: only the caller that saw the current next run moves it (two processes
# racing queue on the row; the second re-checks next_run_at and finds it moved).
ADVANCE_SCHEDULE = "UPDATE schedules SET next_run_at = $1 WHERE id = $2 AND next_run_at = $3"

UPSERT_TIMEZONE = """
INSERT INTO guild_settings (guild_id, timezone) VALUES ($1, $2)
ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone
"""

UPSERT_LANGUAGE = """
INSERT INTO guild_settings (guild_id, timezone, language) VALUES ($1, $2, $3)
ON CONFLICT (guild_id) DO UPDATE SET language = excluded.language
"""


async def add_schedule(
    connection: asyncpg.Connection, s: ScheduleRecord, max_per_guild: int | None = None
) -> int | LimitReachedError:
    """Store a new schedule; return its id, or why the server's limit refuses it."""
    if max_per_guild is not None:
        await connection.execute(LOCK_GUILD, LIMITS_LOCK, s.guild_id)
        count = await connection.fetchval(GUILD_SCHEDULE_COUNT, s.guild_id)
        if count >= max_per_guild:
            return LimitReachedError("schedules", max_per_guild, count)
    return int(await connection.fetchval(INSERT_SCHEDULE, *schedule_row(s)))


async def remove_schedule(connection: asyncpg.Connection, guild_id: int, schedule_id: int) -> bool:
    """Delete one of a guild's schedules; return False if that guild has no such schedule."""
    return affected(await connection.execute(DELETE_SCHEDULE, guild_id, schedule_id)) == 1


async def reschedule(connection: asyncpg.Connection, schedule_id: int, next_run_at: float) -> None:
    """Set a schedule's next run (nothing happens if it was removed meanwhile)."""
    await connection.execute(RESCHEDULE, next_run_at, schedule_id)


async def advance_schedule(
    connection: asyncpg.Connection,
    schedule_id: int,
    expected_next_run_at: float,
    next_run_at: float,
) -> bool:
    """Move a schedule's next run if it still is expected_next_run_at; return whether it moved."""
    status = await connection.execute(
        ADVANCE_SCHEDULE, next_run_at, schedule_id, expected_next_run_at
    )
    return affected(status) == 1


async def set_guild_timezone(connection: asyncpg.Connection, guild_id: int, zone: str) -> None:
    """Set the time zone a guild's schedules use."""
    await connection.execute(UPSERT_TIMEZONE, guild_id, zone)


async def set_guild_language(
    connection: asyncpg.Connection, guild_id: int, language: str | None
) -> None:
    """Set (None: forget) the language of a guild's channel messages."""
    await connection.execute(UPSERT_LANGUAGE, guild_id, DEFAULT_TIMEZONE, language)
