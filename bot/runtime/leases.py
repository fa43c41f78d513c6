"""One process per running session: the bot's side of the storage's session leases."""

from __future__ import annotations

import logging
import os
import secrets
import socket
from collections.abc import Awaitable, Callable, Iterable
from typing import Protocol

from discord.ext import tasks

from bot.runtime.clock import now
from bot.runtime.live import LiveSession
from bot.runtime.retry import retrying
from storage import SessionRecord, Storage

log = logging.getLogger(__name__)

LEASE_SECONDS = 60.0
"""How long a claim holds without renewal: a dead process's sessions resume elsewhere after it."""
RENEW_SECONDS = 10.0
"""How often a process renews its leases (on the event loop's clock)."""
STANDBY_SECONDS = LEASE_SECONDS
"""How often a process that holds nothing looks for sessions to take over; it also looks the
moment a lease another process holds runs out. Few rounds keep a long quiet stretch cheap."""


def process_owner_id() -> str:
    """Return an owner id unique to this process: host, process id and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{secrets.token_hex(4)}"


class LeaseHolder(Protocol):
    """What the leases need of the session manager (kept narrow: no import circle)."""

    storage: Storage
    closing: bool
    by_id: dict[str, LiveSession]

    def stop_running_here(self, live: LiveSession) -> None: ...


class SessionLeases:
    """Claim, renew and release the leases of the sessions this process runs.

    ``held`` is what this process holds. Every renewal also looks for running sessions of this
    process's guilds that no live process holds (their owner stopped, or died longer than a
    lease ago) and adopts them through ``adopt``, the session manager's restore. A process of a
    shard range (``watch(standby=True)``) looks for as long as it runs, so it also adopts
    sessions started after it started; a lone process only while sessions it found held by
    another at its start (``waiting``) are not adopted yet.
    """

    def __init__(self, sessions: LeaseHolder) -> None:
        self.sessions = sessions
        self.owner = process_owner_id()
        self.held: set[str] = set()
        self.claiming: set[str] = set()
        self.waiting: set[str] = set()
        self.failed_resumes: dict[str, int] = {}
        """Sessions of this process that could not be read back, and how many times."""
        self.adopt: Callable[[list[SessionRecord]], Awaitable[None]] | None = None
        self.owns_guild: Callable[[int], bool] = lambda _guild_id: True
        # A discord.ext.tasks loop rather than a Scheduler timer, like the pulse: SimCord knows
        # such loops, so its settling never waits for a renewal that is not due.
        self.renewing: tasks.Loop[Callable[[], Awaitable[None]]] = tasks.loop(
            seconds=RENEW_SECONDS
        )(self._tick)
        self._watching = False
        self._stopping = False
        self._held_at_last_renewal = False

    async def claim(self, session_ids: Iterable[str]) -> set[str]:
        """Claim the sessions no other live process holds; return those this process holds."""
        ids = sorted(set(session_ids))
        if not ids:
            return set()
        storage = self.sessions.storage
        self.claiming.update(ids)  # a renewal meanwhile must not drop these
        try:
            claimed = set(
                await retrying(
                    lambda: storage.claim_sessions(self.owner, ids, now(), LEASE_SECONDS)
                )
            )
        finally:
            self.claiming.difference_update(ids)
        self.held |= claimed
        self.keep_renewing()
        return claimed

    async def hold(self, session_id: str) -> bool:
        """Make sure this process holds a session it runs; False if another process does."""
        return session_id in self.held or session_id in await self.claim([session_id])

    def forget(self, session_id: str) -> None:
        """A session stopped running here: its lease is dropped at the next renewal."""
        self.held.discard(session_id)

    def watch(
        self,
        adopt: Callable[[list[SessionRecord]], Awaitable[None]],
        owns_guild: Callable[[int], bool],
        *,
        standby: bool,
        waiting: Iterable[str] = (),
    ) -> None:
        """Look for sessions nobody runs at every renewal: always, or while any is ``waiting``."""
        self.adopt = adopt
        self.owns_guild = owns_guild
        self._watching = self._watching or standby
        self.waiting |= set(waiting)
        self.keep_renewing()

    def keep_renewing(self) -> None:
        """Run the renewals while there is anything to renew or to watch for."""
        if not self._busy or self.sessions.closing:
            return
        if self._renewing_due and self.renewing.seconds != RENEW_SECONDS:
            self.renewing.change_interval(seconds=RENEW_SECONDS)  # a standby just took one on
        if not self.renewing.is_running():
            self.renewing.start()
        elif self._stopping:  # it is winding down after its last round: run it again
            self.renewing.restart()
        self._stopping = False

    async def _tick(self) -> None:
        if self.renewing.current_loop > 0:  # the first round runs at start: nothing is due
            await self.renew()
            if self._watching or self.waiting:
                await self.adopt_orphans()
        if not self._busy:
            self._stopping = True
            self.renewing.stop()
            return
        interval = RENEW_SECONDS if self._renewing_due else await self._standby_interval()
        if interval != self.renewing.seconds:
            self.renewing.change_interval(seconds=interval)

    @property
    def _renewing_due(self) -> bool:
        """Whether leases are held or awaited: renewals then come every RENEW_SECONDS."""
        return bool(self.held or self.claiming or self.waiting)

    async def _standby_interval(self) -> float:
        """Return when a process holding nothing looks again: when a lease it saw runs out."""
        try:
            expiry = await self.sessions.storage.next_lease_expiry(now(), self.owner)
        except Exception as error:  # looked at again soon
            log.warning("could not read when the other processes' leases run out: %s", error)
            return RENEW_SECONDS
        if expiry is None:
            return STANDBY_SECONDS
        return min(max(expiry - now() + 1.0, 1.0), STANDBY_SECONDS)

    @property
    def _busy(self) -> bool:
        return bool(self.held or self.waiting or self._watching)

    async def adopt_orphans(self) -> None:
        """Adopt the running sessions of this process's guilds whose lease nobody holds."""
        if self.adopt is None or self.sessions.closing:
            return
        try:
            orphans = await retrying(lambda: self.sessions.storage.unleased_sessions(now()))
        except Exception as error:  # looked at again at the next renewal
            log.warning("could not look for sessions left by another process: %s", error)
            return
        orphans = [
            record
            for record in orphans
            if record.id not in self.sessions.by_id
            and record.id not in self.claiming
            and self.owns_guild(record.guild_id)
        ]
        if not orphans:
            return
        adopting = {record.id for record in orphans}
        self.waiting -= adopting  # resumed, ended as unplayable, or put back by a failed resume
        try:
            await self.adopt(orphans)
        except Exception:  # looked at again at the next renewal
            log.exception("could not adopt the sessions another process left")
            self.waiting |= adopting

    async def renew(self) -> None:
        """Extend this process's leases; let go of sessions another process took over."""
        sessions = self.sessions
        before = set(self.held)
        keep = sorted(before | self.claiming)
        if not keep and not self._held_at_last_renewal:
            return  # nothing to extend, and nothing of this process's left to drop
        try:
            held = set(
                await retrying(
                    lambda: sessions.storage.renew_leases(self.owner, keep, now(), LEASE_SECONDS)
                )
            )
        except Exception as error:  # the next renewal tries again, well within the lease
            log.warning("could not renew the session leases: %s", error)
            return
        self._held_at_last_renewal = bool(keep)
        lost = before - held
        self.held -= lost  # claims made while renewing stay
        for session_id in sorted(lost):
            live = sessions.by_id.get(session_id)
            if live is not None:
                log.warning(
                    "session %s is run by another process now (this one was away longer than "
                    "its %s s lease): no longer running it here",
                    session_id,
                    LEASE_SECONDS,
                )
                sessions.stop_running_here(live)

    async def release(self) -> None:
        """Give up every lease (this process stops): its sessions may resume elsewhere at once."""
        self.renewing.cancel()
        self._watching = False
        self.held.clear()
        self.waiting.clear()
        try:
            await self.sessions.storage.release_leases(self.owner)
        except Exception as error:  # they expire by themselves after LEASE_SECONDS
            log.warning("could not release the session leases: %s", error)
