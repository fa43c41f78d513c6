"""Session leases: which process runs each running session, on every backend."""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from .parts import StoragePart


class LeasesPart(StoragePart):
    """The lease methods of the Storage facade.

    A lease says that ``owner`` (one bot process) runs a session until ``lease_until``. Another
    owner may claim the session only once that time has passed, so a session is never run by
    two processes at once, and a successor takes it over after its owner has gone quiet.
    """

    async def next_lease_expiry(self, now: float, owner: str) -> float | None:
        """Return when the first lease another owner holds on a running session runs out.

        None when no other owner holds a live lease on a running session; a standby process
        looks again for sessions to take over at that time.
        """
        return await self._read(partial(self.queries.next_lease_expiry, now=now, owner=owner))

    async def claim_sessions(
        self, owner: str, session_ids: Sequence[str], now: float, lease_seconds: float
    ) -> list[str]:
        """Lease to ``owner`` the sessions no other owner holds past ``now``.

        Return the ids (of ``session_ids``, sorted) ``owner`` holds afterwards, until
        ``now + lease_seconds``; a lease of another owner that has not expired is left alone.
        """
        if not session_ids:
            return []
        return await self._write(
            partial(
                self.jobs.claim_sessions,
                owner=owner,
                session_ids=list(session_ids),
                now=now,
                until=now + lease_seconds,
            )
        )

    async def renew_leases(
        self, owner: str, session_ids: Sequence[str], now: float, lease_seconds: float
    ) -> list[str]:
        """Extend ``owner``'s leases of ``session_ids`` to ``now + lease_seconds``.

        The owner's leases of other sessions (ended ones) are dropped, and so is every expired
        lease. Return the ids ``owner`` still holds, sorted: a session missing from them was
        taken over by another owner after this one's lease had expired.
        """
        return await self._write(
            partial(
                self.jobs.renew_leases,
                owner=owner,
                session_ids=list(session_ids),
                now=now,
                until=now + lease_seconds,
            )
        )

    async def release_leases(self, owner: str) -> None:
        """Drop every lease of ``owner`` (it stops): its sessions are free to claim at once."""
        await self._write(partial(self.jobs.release_leases, owner=owner))
