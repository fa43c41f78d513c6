"""Scheduled challenges and a server's time zone: the Storage facade's schedule methods."""

from __future__ import annotations

import dataclasses
import time
from functools import partial

from .errors import LimitReachedError
from .parts import StoragePart
from .records import ScheduleRecord

# How long a server's time zone is used from memory before it is read again: a zone set
# through this storage is known at once; one set by another process, within this time.
ZONE_TTL = 300.0


class SchedulesPart(StoragePart):
    """The schedule methods of the Storage facade, the same on every backend."""

    _zones: dict[int, tuple[str, float]]
    """Guild id → (its time zone, when to read it again), for the answer path and boards."""

    async def add_schedule(
        self, record: ScheduleRecord, *, max_per_guild: int | None = None
    ) -> ScheduleRecord:
        """Store a new schedule (record.id is ignored); return it with its id.

        With ``max_per_guild``, a guild that already has that many schedules gets none more:
        checked in the write's own transaction (under a per-guild lock on PostgreSQL), so
        concurrent adds never pass it together; raises ``LimitReachedError``.
        """
        outcome = await self._write(
            partial(self.jobs.add_schedule, s=record, max_per_guild=max_per_guild)
        )
        if isinstance(outcome, LimitReachedError):
            raise outcome
        return dataclasses.replace(record, id=outcome)

    async def remove_schedule(self, guild_id: int, schedule_id: int) -> bool:
        """Remove one of a guild's schedules; return False if that guild has no such one."""
        return await self._write(
            partial(self.jobs.remove_schedule, guild_id=guild_id, schedule_id=schedule_id)
        )

    async def reschedule(self, schedule_id: int, next_run_at: float) -> None:
        """Set a schedule's next run (nothing happens if it was removed meanwhile)."""
        await self._write(
            partial(self.jobs.reschedule, schedule_id=schedule_id, next_run_at=next_run_at)
        )

    async def advance_schedule(
        self, schedule_id: int, expected_next_run_at: float, next_run_at: float
    ) -> bool:
        """Move a schedule's next run from expected_next_run_at to next_run_at, atomically.

        Return True if this call moved it; False if the next run was no longer
        expected_next_run_at (another process fired this run first) or the schedule is gone.
        """
        return await self._write(
            partial(
                self.jobs.advance_schedule,
                schedule_id=schedule_id,
                expected_next_run_at=expected_next_run_at,
                next_run_at=next_run_at,
            )
        )

    async def set_guild_timezone(self, guild_id: int, zone: str) -> None:
        """Set the time zone (an IANA name) a guild's schedules use."""
        await self._write(partial(self.jobs.set_guild_timezone, guild_id=guild_id, zone=zone))
        self._zones[guild_id] = (zone, time.monotonic() + ZONE_TTL)

    async def guild_schedules(self, guild_id: int) -> list[ScheduleRecord]:
        """Return a guild's schedules by id."""
        return await self._read(
            partial(self.queries.guild_schedules, guild_id=guild_id), guild_id=guild_id
        )

    async def all_schedules(self) -> list[ScheduleRecord]:
        """Return every schedule, the next to run first."""
        return await self._read(self.queries.all_schedules)

    async def guild_timezone(self, guild_id: int) -> str:
        """Return the time zone of a guild's schedules ("UTC" until one is set)."""
        zone = await self._read(
            partial(self.queries.guild_timezone, guild_id=guild_id), guild_id=guild_id
        )
        self._zones[guild_id] = (zone, time.monotonic() + ZONE_TTL)
        return zone

    async def load_zones(self) -> None:
        """Read every server's time zone into memory (the answer path reads none itself)."""
        until = time.monotonic() + ZONE_TTL
        for guild_id, zone in await self._read(self.queries.guild_timezones):
            self._zones[guild_id] = (zone, until)

    async def zone_of(self, guild_id: int) -> str:
        """Return a guild's time zone, from memory when read or set within ZONE_TTL.

        Its periods (leaderboard week and month, streak days, chart weeks) follow it: one read
        per server every few minutes, never one per answer.
        """
        known = self._zones.get(guild_id)
        if known is not None and known[1] > time.monotonic():
            return known[0]
        return await self.guild_timezone(guild_id)

    async def set_guild_language(self, guild_id: int, language: str | None) -> None:
        """Set the Discord locale of a guild's channel messages (None: back to the default)."""
        await self._write(
            partial(self.jobs.set_guild_language, guild_id=guild_id, language=language)
        )

    async def guild_language(self, guild_id: int) -> str | None:
        """Return the Discord locale set with /settings language (None until one is set)."""
        return await self._read(
            partial(self.queries.guild_language, guild_id=guild_id), guild_id=guild_id
        )
