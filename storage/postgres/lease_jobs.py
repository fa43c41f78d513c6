"""PostgreSQL jobs of the session leases (one process per running session); run on the writer's
connection like the other jobs and reached as ``jobs.<name>``."""

from __future__ import annotations

from collections.abc import Sequence

import asyncpg

# Session leases: a claim takes a session that is free, expired, or already this owner's. Two
# processes claiming at once queue on the row, and the second sees the first one's lease.
CLAIM_LEASES = """
INSERT INTO session_leases AS l (session_id, owner, lease_until)
SELECT unnest($1::text[]), $2, $3
ON CONFLICT (session_id) DO UPDATE SET owner = excluded.owner, lease_until = excluded.lease_until
WHERE l.owner = excluded.owner OR l.lease_until <= $4
"""
HELD_LEASES = """
SELECT session_id FROM session_leases
WHERE owner = $1 AND session_id = ANY($2::text[]) ORDER BY session_id COLLATE "C"
"""
DROP_LEASES_NOT_KEPT = """
DELETE FROM session_leases
WHERE (owner = $1 AND session_id <> ALL($2::text[])) OR (owner <> $1 AND lease_until <= $3)
"""
RENEW_LEASES = "UPDATE session_leases SET lease_until = $1 WHERE owner = $2"
ALL_HELD_LEASES = (
    'SELECT session_id FROM session_leases WHERE owner = $1 ORDER BY session_id COLLATE "C"'
)


async def claim_sessions(
    connection: asyncpg.Connection, owner: str, session_ids: Sequence[str], now: float, until: float
) -> list[str]:
    """Lease the sessions no other live owner holds; return the ids this owner now holds."""
    ids = sorted(set(session_ids))  # one row at most once per statement, locked in one order
    await connection.execute(CLAIM_LEASES, ids, owner, until, now)
    return [row[0] for row in await connection.fetch(HELD_LEASES, owner, ids)]


async def renew_leases(
    connection: asyncpg.Connection, owner: str, session_ids: Sequence[str], now: float, until: float
) -> list[str]:
    """Extend the owner's leases of session_ids, drop its others and every expired lease."""
    await connection.execute(DROP_LEASES_NOT_KEPT, owner, list(session_ids), now)
    await connection.execute(RENEW_LEASES, until, owner)
    return [row[0] for row in await connection.fetch(ALL_HELD_LEASES, owner)]


async def release_leases(connection: asyncpg.Connection, owner: str) -> None:
    """Drop every lease of the owner."""
    await connection.execute("DELETE FROM session_leases WHERE owner = $1", owner)
