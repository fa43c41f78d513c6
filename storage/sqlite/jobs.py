"""SQLite write statements and the jobs the group-commit writer runs inside its transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

import aiosqlite

from ..errors import LimitReachedError, limit_refusal
from ..records import (
    DEFAULT_TIMEZONE,
    BadgeRecord,
    ResultRecord,
    ScheduleRecord,
    SessionRecord,
)

# Totals and daily activity follow in the same transaction (trigger answers_count).
INSERT_ANSWER = """
INSERT INTO answers (guild_id, channel_id, member_id, set_id, question_id, mode, session_id,
                     attempt, chosen, correct, points, seconds, answered_at, utc_offset)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

UPSERT_SESSION = """
INSERT INTO sessions (id, guild_id, channel_id, thread_id, mode, set_id, starter_id, status,
                      question_id, deadline, message_id, state, created_at, updated_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (id) DO UPDATE SET
    thread_id = excluded.thread_id,
    status = excluded.status,
    question_id = excluded.question_id,
    deadline = excluded.deadline,
    message_id = excluded.message_id,
    state = excluded.state,
    updated_at = excluded.updated_at
WHERE guild_id = excluded.guild_id AND channel_id = excluded.channel_id
  AND mode = excluded.mode AND set_id = excluded.set_id AND starter_id = excluded.starter_id
"""

# An ended session's state is never read again (only running sessions are restored): it is
# emptied in the same statement, so finished sessions do not keep their last snapshot.
END_SESSION = """
UPDATE sessions SET status = ?, updated_at = max(updated_at, ?), state = '{}'
WHERE id = ? AND status = 'running'
"""

# A session that had already ended (saved as ended) loses its state too; no row: no session.
EMPTY_ENDED_STATE = "UPDATE sessions SET state = '{}' WHERE id = ? AND status <> 'running'"

INSERT_RESULT = """
INSERT INTO results (session_id, member_id, guild_id, set_id, mode, score, total, finished_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (session_id, member_id) DO NOTHING
"""

# A score is better when its ratio is higher, or equal with more questions (10/10 beats 5/5);
# on a tie the older best stays.
UPSERT_BEST = """
INSERT INTO set_bests (guild_id, member_id, set_id, mode, score, total, session_id, achieved_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (guild_id, member_id, set_id, mode) DO UPDATE SET
    score = excluded.score,
    total = excluded.total,
    session_id = excluded.session_id,
    achieved_at = excluded.achieved_at
WHERE excluded.score * total > score * excluded.total
   OR (excluded.score * total = score * excluded.total AND excluded.score > score)
"""

INSERT_BADGE = """
INSERT INTO badges (guild_id, member_id, set_id, name, emoji, session_id, awarded_at)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (guild_id, member_id, set_id) DO NOTHING
"""

UPSERT_GUILD_SET = """
INSERT INTO guild_sets (guild_id, set_id, yaml_text, loaded_by, loaded_at, version, questions)
VALUES (?, ?, ?, ?, ?, 1, ?)
ON CONFLICT (guild_id, set_id) DO UPDATE SET
    yaml_text = excluded.yaml_text,
    loaded_by = excluded.loaded_by,
    loaded_at = excluded.loaded_at,
    version = version + 1,
    questions = excluded.questions
"""

# What a server's other sets hold, and whether this one replaces a set (the limits' check).
OTHER_GUILD_SETS = """
SELECT count(*), coalesce(sum(questions), 0) FROM guild_sets WHERE guild_id = ? AND set_id <> ?
"""
GUILD_SET_EXISTS = "SELECT count(*) FROM guild_sets WHERE guild_id = ? AND set_id = ?"
COUNT_SET_QUESTIONS = """
UPDATE guild_sets SET questions = ? WHERE guild_id = ? AND set_id = ? AND questions IS NULL
"""
GUILD_SCHEDULE_COUNT = "SELECT count(*) FROM schedules WHERE guild_id = ?"

GUILD_SET_VERSION = "SELECT version FROM guild_sets WHERE guild_id = ? AND set_id = ?"

KEEP_GUILD_SET_VERSION = """
INSERT INTO guild_set_versions (guild_id, set_id, version, yaml_text, loaded_by, loaded_at)
SELECT guild_id, set_id, version, yaml_text, loaded_by, loaded_at
FROM guild_sets WHERE guild_id = ? AND set_id = ?
"""

UPSERT_GUILD_TRANSLATION = """
INSERT INTO guild_set_translations
    (guild_id, set_id, language, yaml_text, loaded_by, loaded_at, version)
VALUES (?, ?, ?, ?, ?, ?, 1)
ON CONFLICT (guild_id, set_id, language) DO UPDATE SET
    yaml_text = excluded.yaml_text,
    loaded_by = excluded.loaded_by,
    loaded_at = excluded.loaded_at,
    version = version + 1
RETURNING version
"""
DELETE_GUILD_TRANSLATIONS = "DELETE FROM guild_set_translations WHERE guild_id = ? AND set_id = ?"
# A server's other translations (the limit's check: a replacement is not counted again).
OTHER_GUILD_TRANSLATIONS = """
SELECT count(*) FROM guild_set_translations
WHERE guild_id = ? AND NOT (set_id = ? AND language = ?)
"""

DELETE_GUILD_SET = "DELETE FROM guild_sets WHERE guild_id = ? AND set_id = ?"
DELETE_GUILD_SET_VERSIONS = "DELETE FROM guild_set_versions WHERE guild_id = ? AND set_id = ?"

# A card is replaced whole by the answer that moved it (same transaction as the answer).
UPSERT_CARD = """
INSERT INTO cards (guild_id, member_id, set_id, question_id, due, state, last_review)
VALUES (?, ?, ?, ?, ?, ?, ?)
ON CONFLICT (guild_id, member_id, set_id, question_id) DO UPDATE SET
    due = excluded.due,
    state = excluded.state,
    last_review = excluded.last_review
"""

INSERT_SCHEDULE = """
INSERT INTO schedules (guild_id, channel_id, set_id, hour, minute, weekday, repeat, role_id,
                       created_by, next_run_at, created_at)
VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
"""

DELETE_SCHEDULE = "DELETE FROM schedules WHERE guild_id = ? AND id = ?"
RESCHEDULE = "UPDATE schedules SET next_run_at = ? WHERE id = ?"
# Compare and swap: only the caller that saw the current next run moves it.
ADVANCE_SCHEDULE = "UPDATE schedules SET next_run_at = ? WHERE id = ? AND next_run_at = ?"

UPSERT_TIMEZONE = """
INSERT INTO guild_settings (guild_id, timezone) VALUES (?, ?)
ON CONFLICT (guild_id) DO UPDATE SET timezone = excluded.timezone
"""

UPSERT_LANGUAGE = """
INSERT INTO guild_settings (guild_id, timezone, language) VALUES (?, ?, ?)
ON CONFLICT (guild_id) DO UPDATE SET language = excluded.language
"""


def session_row(s: SessionRecord) -> tuple[Any, ...]:
    """Return the UPSERT_SESSION parameters of a session."""
    return (
        s.id,
        s.guild_id,
        s.channel_id,
        s.thread_id,
        s.mode,
        s.set_id,
        s.starter_id,
        s.status,
        s.question_id,
        s.deadline,
        s.message_id,
        s.state,
        s.created_at,
        s.updated_at,
    )


async def save_sessions(db: aiosqlite.Connection, sessions: Sequence[SessionRecord]) -> None:
    """Insert or update sessions (one per id); their guild, channel, mode, set and starter stay."""
    cursor = await db.executemany(UPSERT_SESSION, [session_row(s) for s in sessions])
    if cursor.rowcount != len(sessions):
        raise ValueError(identity_changed(sessions))


def identity_changed(sessions: Sequence[SessionRecord]) -> str:
    """Return the sentence for a save that would change what a session never changes."""
    names = ", ".join(repr(s.id) for s in sessions)
    return f"session {names} already exists with another guild, channel, mode, set or starter"


async def end_session(db: aiosqlite.Connection, session_id: str, status: str, at: float) -> bool:
    """Mark a running session ended; return False if it had already ended."""
    cursor = await db.execute(END_SESSION, (status, at, session_id))
    if cursor.rowcount == 1:
        return True
    cursor = await db.execute(EMPTY_ENDED_STATE, (session_id,))
    if cursor.rowcount != 1:
        raise LookupError(f"no session {session_id!r}")
    return False


async def record_result(db: aiosqlite.Connection, r: ResultRecord) -> bool:
    """Store a finished score and keep the best; return True if it is a new best."""
    cursor = await db.execute(
        INSERT_RESULT,
        (r.session_id, r.member_id, r.guild_id, r.set_id, r.mode, r.score, r.total, r.finished_at),
    )
    if cursor.rowcount != 1:  # this session's result for this member is already recorded
        return False
    cursor = await db.execute(
        UPSERT_BEST,
        (r.guild_id, r.member_id, r.set_id, r.mode, r.score, r.total, r.session_id, r.finished_at),
    )
    return cursor.rowcount == 1


async def award_badge(db: aiosqlite.Connection, b: BadgeRecord) -> bool:
    """Store a badge; return False if the member already had this set's badge."""
    cursor = await db.execute(
        INSERT_BADGE,
        (b.guild_id, b.member_id, b.set_id, b.name, b.emoji, b.session_id, b.awarded_at),
    )
    return cursor.rowcount == 1


async def put_guild_set(
    db: aiosqlite.Connection,
    *,
    guild_id: int,
    set_id: str,
    yaml_text: str,
    loaded_by: int,
    at: float,
    questions: int | None = None,
    max_sets: int | None = None,
    max_questions: int | None = None,
) -> int | LimitReachedError:
    """Add or replace a guild's set; return its new version, or why the limits refuse it.

    The writer's transaction (BEGIN IMMEDIATE, jobs one after another) holds every other
    write back from the check to the commit, so concurrent loads cannot pass it together.
    """
    if max_sets is not None or max_questions is not None:
        [(count, held)] = await db.execute_fetchall(OTHER_GUILD_SETS, (guild_id, set_id))
        [(replacing,)] = await db.execute_fetchall(GUILD_SET_EXISTS, (guild_id, set_id))
        refused = limit_refusal(
            other_sets=count,
            other_questions=held,
            replacing=bool(replacing),
            questions=questions,
            max_sets=max_sets,
            max_questions=max_questions,
        )
        if refused is not None:
            return refused
    await db.execute(UPSERT_GUILD_SET, (guild_id, set_id, yaml_text, loaded_by, at, questions))
    await db.execute(KEEP_GUILD_SET_VERSION, (guild_id, set_id))
    rows = list(await db.execute_fetchall(GUILD_SET_VERSION, (guild_id, set_id)))
    return int(rows[0][0])


async def count_set_questions(
    db: aiosqlite.Connection, counts: Sequence[tuple[int, str, int]]
) -> None:
    """Fill in how many questions sets stored before that was kept hold: (guild, set, n)."""
    await db.executemany(COUNT_SET_QUESTIONS, [(n, g, s) for g, s, n in counts])


async def remove_guild_set(db: aiosqlite.Connection, guild_id: int, set_id: str) -> bool:
    """Delete a guild's set and its versions (never the members' history); False if none."""
    cursor = await db.execute(DELETE_GUILD_SET, (guild_id, set_id))
    await db.execute(DELETE_GUILD_SET_VERSIONS, (guild_id, set_id))
    await db.execute(DELETE_GUILD_TRANSLATIONS, (guild_id, set_id))
    return cursor.rowcount == 1


async def put_guild_translation(
    db: aiosqlite.Connection,
    *,
    guild_id: int,
    set_id: str,
    language: str,
    yaml_text: str,
    loaded_by: int,
    at: float,
    max_translations: int | None = None,
) -> int | LimitReachedError:
    """Add or replace a guild's translation of a set into ``language``; return its version.

    With ``max_translations`` a new translation past that many of the server's is refused
    (checked in the writer's transaction, like put_guild_set's limits).
    """
    if max_translations is not None:
        [(count,)] = await db.execute_fetchall(
            OTHER_GUILD_TRANSLATIONS, (guild_id, set_id, language)
        )
        if count >= max_translations:
            return LimitReachedError("translations", max_translations, count)
    row = (guild_id, set_id, language, yaml_text, loaded_by, at)
    rows = list(await db.execute_fetchall(UPSERT_GUILD_TRANSLATION, row))
    return int(rows[0][0])


def schedule_row(s: ScheduleRecord) -> tuple[Any, ...]:
    """Return the INSERT_SCHEDULE parameters of a schedule (every column but its id)."""
    return (
        s.guild_id, s.channel_id, s.set_id, s.hour, s.minute, s.weekday, s.repeat, s.role_id,
        s.created_by, s.next_run_at, s.created_at,
    )  # fmt: skip


async def add_schedule(
    db: aiosqlite.Connection, s: ScheduleRecord, max_per_guild: int | None = None
) -> int | LimitReachedError:
    """Store a new schedule; return its id, or why the server's limit refuses it."""
    if max_per_guild is not None:
        rows = list(await db.execute_fetchall(GUILD_SCHEDULE_COUNT, (s.guild_id,)))
        if rows[0][0] >= max_per_guild:
            return LimitReachedError("schedules", max_per_guild, rows[0][0])
    cursor = await db.execute(INSERT_SCHEDULE, schedule_row(s))
    if cursor.lastrowid is None:
        raise RuntimeError("the new schedule got no id")
    return int(cursor.lastrowid)


async def remove_schedule(db: aiosqlite.Connection, guild_id: int, schedule_id: int) -> bool:
    """Delete one of a guild's schedules; return False if that guild has no such schedule."""
    cursor = await db.execute(DELETE_SCHEDULE, (guild_id, schedule_id))
    return cursor.rowcount == 1


async def reschedule(db: aiosqlite.Connection, schedule_id: int, next_run_at: float) -> None:
    """Set a schedule's next run (nothing happens if it was removed meanwhile)."""
    await db.execute(RESCHEDULE, (next_run_at, schedule_id))


async def advance_schedule(
    db: aiosqlite.Connection, schedule_id: int, expected_next_run_at: float, next_run_at: float
) -> bool:
    """Move a schedule's next run if it still is expected_next_run_at; return whether it moved."""
    cursor = await db.execute(ADVANCE_SCHEDULE, (next_run_at, schedule_id, expected_next_run_at))
    return cursor.rowcount == 1


async def set_guild_timezone(db: aiosqlite.Connection, guild_id: int, zone: str) -> None:
    """Set the time zone a guild's schedules use."""
    await db.execute(UPSERT_TIMEZONE, (guild_id, zone))


async def set_guild_language(db: aiosqlite.Connection, guild_id: int, language: str | None) -> None:
    """Set (None: forget) the language of a guild's channel messages."""
    await db.execute(UPSERT_LANGUAGE, (guild_id, DEFAULT_TIMEZONE, language))


async def save_card(db: aiosqlite.Connection, row: tuple[Any, ...]) -> None:
    """Insert or replace one review card (a question that ran out of time has no answer row)."""
    await db.execute(UPSERT_CARD, row)


# Session leases: a claim takes a session that is free, expired, or already this owner's.
CLAIM_LEASE = """
INSERT INTO session_leases (session_id, owner, lease_until) VALUES (?, ?, ?)
ON CONFLICT (session_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
WHERE session_leases.owner = excluded.owner OR session_leases.lease_until <= ?
"""
HELD_LEASES = """
SELECT session_id FROM session_leases
WHERE owner = ? AND session_id IN (SELECT value FROM json_each(?)) ORDER BY session_id
"""
DROP_LEASES_NOT_KEPT = """
DELETE FROM session_leases
WHERE (owner = ? AND session_id NOT IN (SELECT value FROM json_each(?)))
   OR (owner <> ? AND lease_until <= ?)
"""
RENEW_LEASES = "UPDATE session_leases SET lease_until = ? WHERE owner = ?"
ALL_HELD_LEASES = "SELECT session_id FROM session_leases WHERE owner = ? ORDER BY session_id"


async def claim_sessions(
    db: aiosqlite.Connection, owner: str, session_ids: Sequence[str], now: float, until: float
) -> list[str]:
    """Lease the sessions no other live owner holds; return the ids this owner now holds."""
    await db.executemany(CLAIM_LEASE, [(sid, owner, until, now) for sid in session_ids])
    rows = await db.execute_fetchall(HELD_LEASES, (owner, json.dumps(list(session_ids))))
    return [row[0] for row in rows]


async def renew_leases(
    db: aiosqlite.Connection, owner: str, session_ids: Sequence[str], now: float, until: float
) -> list[str]:
    """Extend the owner's leases of session_ids, drop its others and every expired lease."""
    await db.execute(DROP_LEASES_NOT_KEPT, (owner, json.dumps(list(session_ids)), owner, now))
    await db.execute(RENEW_LEASES, (until, owner))
    return [row[0] for row in await db.execute_fetchall(ALL_HELD_LEASES, (owner,))]


async def release_leases(db: aiosqlite.Connection, owner: str) -> None:
    """Drop every lease of the owner."""
    await db.execute("DELETE FROM session_leases WHERE owner = ?", (owner,))
