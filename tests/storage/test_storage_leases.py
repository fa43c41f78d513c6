"""Session leases: one owner per running session, taken over only after the lease expired."""

from __future__ import annotations

from pathlib import Path

from storage import Storage
from tests.storage.raw import fetch

T0 = 1_767_225_600.0
LEASE = 60.0


async def test_claim_takes_free_sessions_and_refuses_a_live_lease(
    database_target: Path | str,
) -> None:
    async with await Storage.open(database_target) as storage:
        assert await storage.claim_sessions("a", ["s2", "s1"], T0, LEASE) == ["s1", "s2"]
        # b overlaps a: only the free one is b's
        assert await storage.claim_sessions("b", ["s1", "s3"], T0 + 10, LEASE) == ["s3"]
        # claiming again what one already holds keeps it (and extends it)
        assert await storage.claim_sessions("a", ["s1"], T0 + 20, LEASE) == ["s1"]
        assert await storage.claim_sessions("b", ["s1"], T0 + 20 + LEASE - 1, LEASE) == []
        assert await storage.claim_sessions("b", [], T0, LEASE) == []
    rows = await fetch(database_target, "SELECT session_id, owner, lease_until FROM session_leases")
    assert sorted(rows) == [("s1", "a", T0 + 20 + LEASE), ("s2", "a", T0 + LEASE),
                            ("s3", "b", T0 + 10 + LEASE)]  # fmt: skip


async def test_an_expired_lease_is_taken_over_and_the_old_owner_learns_it(
    database_target: Path | str,
) -> None:
    async with await Storage.open(database_target) as storage:
        assert await storage.claim_sessions("a", ["s1", "s2"], T0, LEASE) == ["s1", "s2"]
        assert await storage.claim_sessions("b", ["s1"], T0 + LEASE - 0.5, LEASE) == []
        assert await storage.claim_sessions("b", ["s1"], T0 + LEASE, LEASE) == ["s1"]
        # a comes back: it renews what it still holds and learns s1 is b's now
        assert await storage.renew_leases("a", ["s1", "s2"], T0 + LEASE + 1, LEASE) == ["s2"]
        assert await storage.claim_sessions("a", ["s1"], T0 + LEASE + 1, LEASE) == []


async def test_renewing_keeps_a_lease_alive_past_its_first_expiry(
    database_target: Path | str,
) -> None:
    async with await Storage.open(database_target) as storage:
        await storage.claim_sessions("a", ["s1"], T0, LEASE)
        for step in range(1, 10):  # renewed every 10 s for 90 s
            assert await storage.renew_leases("a", ["s1"], T0 + 10 * step, LEASE) == ["s1"]
        assert await storage.claim_sessions("b", ["s1"], T0 + 90 + LEASE - 1, LEASE) == []
        assert await storage.claim_sessions("b", ["s1"], T0 + 90 + LEASE, LEASE) == ["s1"]


async def test_renew_drops_ended_sessions_and_expired_leases_and_release_frees_all(
    database_target: Path | str,
) -> None:
    async with await Storage.open(database_target) as storage:
        await storage.claim_sessions("a", ["s1", "s2", "s3"], T0, LEASE)
        await storage.claim_sessions("gone", ["x1"], T0, LEASE)
        await storage.claim_sessions("b", ["y1"], T0 + 30, LEASE)
        # s2 ended: a keeps s1 and s3; gone's lease has expired and is cleaned up, b's is not
        assert await storage.renew_leases("a", ["s1", "s3"], T0 + LEASE, LEASE) == ["s1", "s3"]
        rows = await fetch(database_target, "SELECT session_id, owner FROM session_leases")
        assert sorted(rows) == [("s1", "a"), ("s3", "a"), ("y1", "b")]
        await storage.release_leases("a")
        # released: free at once, long before the lease would have expired
        assert await storage.claim_sessions("b", ["s1", "s3"], T0 + LEASE + 1, LEASE) == [
            "s1",
            "s3",
        ]
        rows = await fetch(database_target, "SELECT session_id, owner FROM session_leases")
        assert sorted(rows) == [("s1", "b"), ("s3", "b"), ("y1", "b")]
