"""PostgreSQL write statements and the jobs the group-commit writer runs in its transaction."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import asyncpg

from ..errors import LimitReachedError, limit_refusal
from ..records import (
    BadgeRecord,
    ResultRecord,
    SessionRecord,
)
from ..sqlite.jobs import identity_changed
from .lease_jobs import claim_sessions, release_leases, renew_leases  # noqa: F401 (jobs.<name>)
from .schedule_jobs import (  # noqa: F401 (reached as jobs.<name>)
    LIMITS_LOCK,
    LOCK_GUILD,
    add_schedule,
    advance_schedule,
    affected,
    remove_schedule,
    reschedule,
    set_guild_language,
    set_guild_timezone,
)

# One statement for any number of rows: arrays unnested in order, so ids follow that order.
# Totals and daily activity follow in the same transaction (statement trigger answers_count).
INSERT_ANSWERS = """
INSERT INTO answers (guild_id, channel_id, member_id, set_id, question_id, mode, session_id,
                     attempt, chosen, correct, points, seconds, answered_at, utc_offset)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::integer[], $9::text[], $10::boolean[],
                     $11::integer[], $12::float8[], $13::float8[], $14::integer[])
"""

# One row per id (the writer keeps the last save of each session in a batch).
UPSERT_SESSIONS = """
INSERT INTO sessions AS s (id, guild_id, channel_id, thread_id, mode, set_id, starter_id, status,
                           question_id, deadline, message_id, state, created_at, updated_at)
SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[], $4::bigint[], $5::text[],
                     $6::text[], $7::bigint[], $8::text[], $9::text[], $10::float8[],
                     $11::bigint[], $12::text[], $13::float8[], $14::float8[])
ON CONFLICT (id) DO UPDATE SET
    thread_id = excluded.thread_id,
    status = excluded.status,
    question_id = excluded.question_id,
    deadline = excluded.deadline,
    message_id = excluded.message_id,
    state = excluded.state,
    updated_at = excluded.updated_at
WHERE s.guild_id = excluded.guild_id AND s.channel_id = excluded.channel_id
  AND s.mode = excluded.mode AND s.set_id = excluded.set_id AND s.starter_id = excluded.starter_id
"""

# An ended session's state is never read again (only running sessions are restored): it is
# emptied in the same statement, so finished sessions do not keep their last snapshot.
END_SESSION = """
UPDATE sessions SET status = $1, updated_at = greatest(updated_at, $2), state = '{}'
WHERE id = $3 AND status = 'running'
"""

# A session that had already ended (saved as ended) loses its state too; no row: no session.
EMPTY_ENDED_STATE = "UPDATE sessions SET state = '{}' WHERE id = $1 AND status <> 'running'"

INSERT_RESULT = """
INSERT INTO results (session_id, member_id, guild_id, set_id, mode, score, total, finished_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (session_id, member_id) DO NOTHING
"""

# A score is better when its ratio is higher, or equal with more questions (10/10 beats 5/5);
# on a tie the older best stays.
UPSERT_BEST = """
INSERT INTO set_bests AS b (guild_id, member_id, set_id, mode, score, total, session_id,
                            achieved_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
ON CONFLICT (guild_id, member_id, set_id, mode) DO UPDATE SET
    score = excluded.score,
    total = excluded.total,
    session_id = excluded.session_id,
    achieved_at = excluded.achieved_at
WHERE excluded.score * b.total > b.score * excluded.total
   OR (excluded.score * b.total = b.score * excluded.total AND excluded.score > b.score)
"""

INSERT_BADGE = """
INSERT INTO badges (guild_id, member_id, set_id, name, emoji, session_id, awarded_at)
VALUES ($1, $2, $3, $4, $5, $6, $7)
ON CONFLICT (guild_id, member_id, set_id) DO NOTHING
"""

UPSERT_GUILD_SET = """
INSERT INTO guild_sets AS g (guild_id, set_id, yaml_text, loaded_by, loaded_at, version,
                             questions)
VALUES ($1, $2, $3, $4, $5, 1, $6)
ON CONFLICT (guild_id, set_id) DO UPDATE SET
    yaml_text = excluded.yaml_text,
    loaded_by = excluded.loaded_by,
    loaded_at = excluded.loaded_at,
    version = g.version + 1,
    questions = excluded.questions
RETURNING version
"""

# A server's limits are checked under a lock of that server held to the commit: processes
# writing the same server's sets or schedules at once take turns from check to commit
# (transaction-level advisory lock; two 32-bit keys, a space apart from the migrations' lock).
OTHER_GUILD_SETS = """
SELECT count(*), coalesce(sum(questions), 0) FROM guild_sets WHERE guild_id = $1 AND set_id <> $2
"""
GUILD_SET_EXISTS = "SELECT count(*) FROM guild_sets WHERE guild_id = $1 AND set_id = $2"
COUNT_SET_QUESTIONS = """
UPDATE guild_sets AS g SET questions = c.questions
FROM unnest($1::bigint[], $2::text[], $3::integer[]) AS c (guild_id, set_id, questions)
WHERE g.guild_id = c.guild_id AND g.set_id = c.set_id AND g.questions IS NULL
"""

KEEP_GUILD_SET_VERSION = """
INSERT INTO guild_set_versions (guild_id, set_id, version, yaml_text, loaded_by, loaded_at)
VALUES ($1, $2, $3, $4, $5, $6)
"""

UPSERT_GUILD_TRANSLATION = """
INSERT INTO guild_set_translations AS t
    (guild_id, set_id, language, yaml_text, loaded_by, loaded_at, version)
VALUES ($1, $2, $3, $4, $5, $6, 1)
ON CONFLICT (guild_id, set_id, language) DO UPDATE SET
    yaml_text = excluded.yaml_text,
    loaded_by = excluded.loaded_by,
    loaded_at = excluded.loaded_at,
    version = t.version + 1
RETURNING version
"""
DELETE_GUILD_TRANSLATIONS = "DELETE FROM guild_set_translations WHERE guild_id = $1 AND set_id = $2"
# A server's other translations (the limit's check: a replacement is not counted again).
OTHER_GUILD_TRANSLATIONS = """
SELECT count(*) FROM guild_set_translations
WHERE guild_id = $1 AND NOT (set_id = $2 AND language = $3)
"""

DELETE_GUILD_SET = "DELETE FROM guild_sets WHERE guild_id = $1 AND set_id = $2"
DELETE_GUILD_SET_VERSIONS = "DELETE FROM guild_set_versions WHERE guild_id = $1 AND set_id = $2"

# A card is replaced whole by the answer that moved it (same transaction as the answer); one
# row per key (upsert_cards keeps the last of a batch).
UPSERT_CARDS = """
INSERT INTO cards AS c (guild_id, member_id, set_id, question_id, due, state, last_review)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[], $5::float8[],
                     $6::text[], $7::float8[])
ON CONFLICT (guild_id, member_id, set_id, question_id) DO UPDATE SET
    due = excluded.due,
    state = excluded.state,
    last_review = excluded.last_review
"""

# A batch of answers with their cards in one statement: the cards' upsert is a data-modifying
# CTE of the answers' INSERT (so the answers' statement triggers and foreign keys run as usual).
INSERT_ANSWERS_AND_CARDS = """
WITH new_cards AS (
    INSERT INTO cards AS c (guild_id, member_id, set_id, question_id, due, state, last_review)
    SELECT * FROM unnest($15::bigint[], $16::bigint[], $17::text[], $18::text[], $19::float8[],
                         $20::text[], $21::float8[])
    ON CONFLICT (guild_id, member_id, set_id, question_id) DO UPDATE SET
        due = excluded.due,
        state = excluded.state,
        last_review = excluded.last_review
)
INSERT INTO answers (guild_id, channel_id, member_id, set_id, question_id, mode, session_id,
                     attempt, chosen, correct, points, seconds, answered_at, utc_offset)
SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::text[], $5::text[],
                     $6::text[], $7::text[], $8::integer[], $9::text[], $10::boolean[],
                     $11::integer[], $12::float8[], $13::float8[], $14::integer[])
"""


def columns(rows: Sequence[Sequence[Any]], width: int) -> list[list[Any]]:
    """Return rows turned into one list per column (the unnest statements' arrays)."""
    if not rows:
        return [[] for _ in range(width)]
    return [list(column) for column in zip(*rows, strict=True)]


async def insert_answers(connection: asyncpg.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Insert answer rows (in the storage's column order) with one statement."""
    arrays = columns(rows, 14)
    arrays[9] = [bool(correct) for correct in arrays[9]]
    await connection.execute(INSERT_ANSWERS, *arrays)


async def insert_answers_and_cards(
    connection: asyncpg.Connection,
    answers: Sequence[Sequence[Any]],
    cards: Sequence[Sequence[Any]],
) -> None:
    """Insert answer rows and upsert cards (last per key wins) with one statement."""
    if not cards:
        await insert_answers(connection, answers)
        return
    if not answers:
        await upsert_cards(connection, cards)
        return
    arrays = columns(answers, 14)
    arrays[9] = [bool(correct) for correct in arrays[9]]
    last = {tuple(row[:4]): row for row in cards}  # one statement may touch a row only once
    await connection.execute(INSERT_ANSWERS_AND_CARDS, *arrays, *columns(list(last.values()), 7))


async def save_sessions(connection: asyncpg.Connection, sessions: Sequence[SessionRecord]) -> None:
    """Insert or update sessions (one per id); their guild, channel, mode, set and starter stay."""
    rows = [
        (s.id, s.guild_id, s.channel_id, s.thread_id, s.mode, s.set_id, s.starter_id, s.status,
         s.question_id, s.deadline, s.message_id, s.state, s.created_at, s.updated_at)
        for s in sessions
    ]  # fmt: skip
    status = await connection.execute(UPSERT_SESSIONS, *columns(rows, 14))
    if affected(status) != len(sessions):
        raise ValueError(identity_changed(sessions))


async def end_session(
    connection: asyncpg.Connection, session_id: str, status: str, at: float
) -> bool:
    """Mark a running session ended; return False if it had already ended."""
    if affected(await connection.execute(END_SESSION, status, at, session_id)) == 1:
        return True
    if affected(await connection.execute(EMPTY_ENDED_STATE, session_id)) != 1:
        raise LookupError(f"no session {session_id!r}")
    return False


async def record_result(connection: asyncpg.Connection, r: ResultRecord) -> bool:
    """Store a finished score and keep the best; return True if it is a new best."""
    status = await connection.execute(
        INSERT_RESULT,
        r.session_id, r.member_id, r.guild_id, r.set_id, r.mode, r.score, r.total, r.finished_at,
    )  # fmt: skip
    if affected(status) != 1:  # this session's result for this member is already recorded
        return False
    status = await connection.execute(
        UPSERT_BEST,
        r.guild_id, r.member_id, r.set_id, r.mode, r.score, r.total, r.session_id, r.finished_at,
    )  # fmt: skip
    return affected(status) == 1


async def award_badge(connection: asyncpg.Connection, b: BadgeRecord) -> bool:
    """Store a badge; return False if the member already had this set's badge."""
    status = await connection.execute(
        INSERT_BADGE, b.guild_id, b.member_id, b.set_id, b.name, b.emoji, b.session_id,
        b.awarded_at,
    )  # fmt: skip
    return affected(status) == 1


async def put_guild_set(
    connection: asyncpg.Connection,
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
    """Add or replace a guild's set; return its new version, or why the limits refuse it."""
    if max_sets is not None or max_questions is not None:
        await connection.execute(LOCK_GUILD, LIMITS_LOCK, guild_id)
        count, held = await connection.fetchrow(OTHER_GUILD_SETS, guild_id, set_id)
        replacing = await connection.fetchval(GUILD_SET_EXISTS, guild_id, set_id)
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
    version = await connection.fetchval(
        UPSERT_GUILD_SET, guild_id, set_id, yaml_text, loaded_by, at, questions
    )
    await connection.execute(
        KEEP_GUILD_SET_VERSION, guild_id, set_id, version, yaml_text, loaded_by, at
    )
    return int(version)


async def remove_guild_set(connection: asyncpg.Connection, guild_id: int, set_id: str) -> bool:
    """Delete a guild's set and its versions (never the members' history); False if none."""
    removed = affected(await connection.execute(DELETE_GUILD_SET, guild_id, set_id)) == 1
    await connection.execute(DELETE_GUILD_SET_VERSIONS, guild_id, set_id)
    await connection.execute(DELETE_GUILD_TRANSLATIONS, guild_id, set_id)
    return removed


async def put_guild_translation(
    connection: asyncpg.Connection,
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

    With ``max_translations`` a new translation past that many of the server's is refused,
    checked under the server's limits lock held to the commit (like put_guild_set's).
    """
    if max_translations is not None:
        await connection.execute(LOCK_GUILD, LIMITS_LOCK, guild_id)
        count = await connection.fetchval(OTHER_GUILD_TRANSLATIONS, guild_id, set_id, language)
        if count >= max_translations:
            return LimitReachedError("translations", max_translations, count)
    version = await connection.fetchval(
        UPSERT_GUILD_TRANSLATION, guild_id, set_id, language, yaml_text, loaded_by, at
    )
    return int(version)


async def upsert_cards(connection: asyncpg.Connection, rows: Sequence[Sequence[Any]]) -> None:
    """Insert or replace cards (rows in card_row's order); of one key, the last row wins."""
    last = {tuple(row[:4]): row for row in rows}  # one statement may touch a row only once
    await connection.execute(UPSERT_CARDS, *columns(list(last.values()), 7))


async def count_set_questions(
    connection: asyncpg.Connection, counts: Sequence[tuple[int, str, int]]
) -> None:
    """Fill in how many questions sets stored before that was kept hold: (guild, set, n)."""
    await connection.execute(COUNT_SET_QUESTIONS, *columns(counts, 3))


async def save_card(connection: asyncpg.Connection, row: tuple[Any, ...]) -> None:
    """Insert or replace one review card (a question that ran out of time has no answer row)."""
    await upsert_cards(connection, [row])
