"""The Storage facade the bot calls, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
import datetime
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TypeVar

from .engine import Engine
from .errors import StorageClosedError
from .factory import open_engine
from .guild_sets import GuildSetsPart
from .leases import LeasesPart
from .periods import PERIODS, utc_offset
from .records import (
    DEFAULT_TIMEZONE,
    ENDED_STATUSES,
    AnswerRecord,
    BadgeRecord,
    CardRecord,
    FirstTry,
    Leaderboard,
    ResultRecord,
    SessionRecord,
    SetProgress,
)
from .schedules import SchedulesPart
from .writer import RowInsert

T = TypeVar("T")

# Of the reads under way, one server's may hold at most this many connections at once (SQLite
# has READERS of them): a server's slow reads wait for each other, not other servers' reads.
READS_PER_GUILD = 2

# Totals and daily activity follow in the same transaction (a trigger on both backends).
ANSWERS = RowInsert("answers", width=14)
# Inserted or replaced in the transaction of the answer that moved the card.
CARDS = RowInsert("cards", width=7)


def answer_row(a: AnswerRecord, zone: str = "UTC") -> tuple[Any, ...]:
    """Return the ANSWERS row of an answer, in the column order of every backend.

    The last column is the offset of the server's time zone at the answer's time: the
    triggers file the answer under the week, month and day of the server's clock.
    """
    return (
        a.guild_id,
        a.channel_id,
        a.member_id,
        a.set_id,
        a.question_id,
        a.mode,
        a.session_id,
        a.attempt,
        a.chosen,
        a.correct,
        a.points,
        a.seconds,
        a.answered_at,
        utc_offset(zone, a.answered_at),
    )


def card_row(c: CardRecord) -> tuple[Any, ...]:
    """Return the CARDS row of a card, in the column order of every backend."""
    return (c.guild_id, c.member_id, c.set_id, c.question_id, c.due, c.state, c.last_review)


class Storage(GuildSetsPart, LeasesPart, SchedulesPart):
    """Everything a study group earns; ``await Storage.open(database)`` picks the backend.

    ``database`` is a SQLite path, ``":memory:"``, or a ``postgresql://`` URL. Writes go through
    one group-commit writer: each call returns once the transaction that holds it has committed,
    so a returned call is durable. Reads first wait for every write submitted before them.
    The backend (an ``Engine``) provides ``jobs`` and ``queries`` modules with the same
    function names, the writer's connection and the reads' connections.
    """

    def __init__(self, database: str | Path, engine: Engine) -> None:
        self.database = database
        self.engine = engine
        self.jobs = engine.jobs
        self.queries = engine.queries
        self._writer = engine.writer
        self._closed = False
        self._guild_reads: dict[int, asyncio.Semaphore] = {}
        self._guild_waiting: dict[int, int] = {}
        self._zones: dict[int, tuple[str, float]] = {}

    @property
    def backend(self) -> str:
        """Return the backend's name: "sqlite" or "postgresql"."""
        return self.engine.name

    @property
    def path(self) -> str | Path:
        """Return what the storage was opened on (kept for callers of the SQLite-only storage)."""
        return self.database

    @classmethod
    async def open(cls, database: str | Path) -> Storage:
        """Open (creating or upgrading) the database: a SQLite path, ":memory:" or a URL."""
        storage = cls(database, await open_engine(database))
        try:
            await storage.load_zones()
        except BaseException:
            await storage.close()
            raise
        return storage

    async def close(self) -> None:
        """Commit every pending write, stop the writer and release the connections."""
        if self._closed:
            return
        self._closed = True
        self.engine.closed = True
        try:
            await self._writer.close()
        finally:
            await self.engine.release()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def commits(self) -> int:
        """Return how many write transactions have committed (for tests and benchmarks)."""
        return self._writer.commits

    @property
    def closed(self) -> bool:
        """Return whether close() has been called."""
        return self._closed

    async def flush(self) -> None:
        """Wait until everything submitted so far is committed."""
        if self._closed:
            return
        await self._writer.flush()

    async def schema_version(self) -> int:
        """Return the schema version of the open database (numbered per backend)."""
        return await self._read(self.queries.schema_version)

    # writes

    async def record_answer(self, answer: AnswerRecord, card: CardRecord | None = None) -> None:
        """Record one answer attempt, with its totals and daily activity, durably.

        A card given (the question's review card after this answer) is inserted or replaced in
        the same transaction: both are written, or neither.
        """
        # the hot path: kept flat on purpose
        if self._closed:
            raise StorageClosedError("storage is closed")
        # the server's zone from memory (all read at open, kept by set_guild_timezone and
        # refreshed by reads): no read here, so the answer is submitted before any await
        known = self._zones.get(answer.guild_id)
        row = answer_row(answer, DEFAULT_TIMEZONE if known is None else known[0])
        if card is None:
            await self._writer.insert(ANSWERS, (row,))
            return
        if (card.guild_id, card.member_id, card.set_id, card.question_id) != (
            answer.guild_id, answer.member_id, answer.set_id, answer.question_id,
        ):  # fmt: skip
            raise ValueError("the card must be the answered question's card of the same member")
        await self._writer.insert(ANSWERS, (row,), (CARDS, (card_row(card),)))

    async def record_answers(self, answers: Sequence[AnswerRecord]) -> None:
        """Record several answers atomically: all of them or, on error, none."""
        if answers:
            self._check_open()
            zones = {
                a.guild_id: self._zones.get(a.guild_id, (DEFAULT_TIMEZONE,))[0] for a in answers
            }
            await self._writer.insert(ANSWERS, [answer_row(a, zones[a.guild_id]) for a in answers])

    async def save_session(self, session: SessionRecord) -> None:
        """Insert or update a session by id; its guild, channel, mode, set and starter stay."""
        self._check_open()
        await self._writer.save_session(session)

    async def end_session(self, session_id: str, status: str, at: float) -> bool:
        """End a running session as finished or stopped; return False if already ended.

        The ended session's saved state is emptied ('{}') in the same statement: only running
        sessions are ever restored from it.
        """
        if status not in ENDED_STATUSES:
            raise ValueError(f"status must be one of {ENDED_STATUSES}, not {status!r}")
        return await self._write(
            partial(self.jobs.end_session, session_id=session_id, status=status, at=at)
        )

    async def record_result(self, result: ResultRecord) -> bool:
        """Record a challenge or test score; return True if it is the member's new best."""
        return await self._write(partial(self.jobs.record_result, r=result))

    async def award_badge(self, badge: BadgeRecord) -> bool:
        """Award a set's badge; return False if the member already had it."""
        return await self._write(partial(self.jobs.award_badge, b=badge))

    async def save_card(self, card: CardRecord) -> None:
        """Insert or replace a review card with no answer of its own (time ran out)."""
        await self._write(partial(self.jobs.save_card, row=card_row(card)))

    # reads

    async def open_sessions(self) -> list[SessionRecord]:
        """Return the running sessions, oldest first."""
        return await self._read(self.queries.open_sessions)

    async def unleased_sessions(self, now: float) -> list[SessionRecord]:
        """Return the running sessions no process holds a lease on at ``now``, oldest first.

        A lease is live while its lease_until is after now; a session without a lease row or
        with an expired one is returned (what a standby process would take over).
        """
        return await self._read(partial(self.queries.unleased_sessions, now=now))

    async def session_answers(self, session_id: str) -> list[AnswerRecord]:
        """Return a session's answers in recorded order."""
        return await self._read(partial(self.queries.session_answers, session_id=session_id))

    async def member_progress(self, guild_id: int, member_id: int) -> list[SetProgress]:
        """Return a member's progress per set, most recently active first."""
        return await self._read(
            partial(self.queries.member_progress, guild_id=guild_id, member_id=member_id),
            guild_id=guild_id,
        )

    async def member_badges(self, guild_id: int, member_id: int) -> list[BadgeRecord]:
        """Return a member's badges in a guild, oldest first."""
        return await self._read(
            partial(self.queries.member_badges, guild_id=guild_id, member_id=member_id),
            guild_id=guild_id,
        )

    async def active_days(self, guild_id: int, member_id: int) -> list[datetime.date]:
        """Return the days (in the server's time zone) a member answered in a guild, ascending."""
        return await self._read(
            partial(self.queries.active_days, guild_id=guild_id, member_id=member_id),
            guild_id=guild_id,
        )

    async def leaderboard(
        self,
        guild_id: int,
        *,
        set_id: str | None = None,
        asker_id: int | None = None,
        limit: int = 10,
        period: str = "all",
        now: float | None = None,
    ) -> Leaderboard:
        """Return the top members by points, plus the asker's row and rank if not among them.

        A member's points in a period ("all", "week": the week from Monday 00:00, "month": from
        the 1st 00:00, in the server's time zone; the one containing now, by default the
        current time)
        are the sum over questions of the best points earned on each in that period; correct is
        the number of questions answered right in it. Ties: more correct, then who got there
        first.
        """
        if limit < 0:
            raise ValueError(f"limit must be >= 0, not {limit}")
        if period not in PERIODS:
            raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
        return await self._read(
            partial(
                self.queries.leaderboard,
                guild_id=guild_id,
                set_id=set_id,
                asker_id=asker_id,
                limit=limit,
                period=period,
                now=time.time() if now is None else now,
                zone=await self.zone_of(guild_id),
            ),
            guild_id=guild_id,
        )

    async def card(
        self, guild_id: int, member_id: int, set_id: str, question_id: str
    ) -> CardRecord | None:
        """Return a member's review card for one question, or None."""
        return await self._read(
            partial(
                self.queries.card,
                guild_id=guild_id,
                member_id=member_id,
                set_id=set_id,
                question_id=question_id,
            ),
            guild_id=guild_id,
        )

    async def member_weekly_accuracy(
        self, guild_id: int, member_id: int, since_week: int | None = None
    ) -> list[tuple[str, int, int, int]]:
        """Return (set id, week from Monday in the server's zone, answers, right) rows of a member.

        With ``since_week`` (a chart's first week), the weeks from it on, plus one row per set
        at ``since_week - 1`` holding all its earlier answers: as many rows as the chart shows,
        read from totals kept per week, never from the member's whole history.
        """
        return await self._read(
            partial(
                self.queries.member_weekly_accuracy,
                guild_id=guild_id,
                member_id=member_id,
                since_week=since_week,
            ),
            guild_id=guild_id,
        )

    async def member_cards(
        self, guild_id: int, member_id: int, set_id: str | None = None
    ) -> list[CardRecord]:
        """Return a member's review cards (of one set, or all), the soonest due first."""
        return await self._read(
            partial(
                self.queries.member_cards, guild_id=guild_id, member_id=member_id, set_id=set_id
            ),
            guild_id=guild_id,
        )

    async def first_tries(self, guild_id: int, set_id: str) -> list[FirstTry]:
        """Return each member's first-ever attempt-1 answer per question of a set.

        Ordered by member, then question id. Kept by the answers trigger, so this reads one
        row per member and question, however many answers the set has.
        """
        return await self._read(
            partial(self.queries.first_tries, guild_id=guild_id, set_id=set_id), guild_id=guild_id
        )

    # plumbing

    async def _write(self, job: Callable[[Any], Awaitable[T]]) -> T:
        """Submit a job to the writer and wait for its commit."""
        self._check_open()
        return await self._writer.run(job)

    async def _read(self, query: Callable[[Any], Awaitable[T]], guild_id: int | None = None) -> T:
        """Run a query after the writes submitted so far, never inside a write transaction.

        A read of one guild waits for that guild's earlier reads when READS_PER_GUILD of them
        are under way, so the other connections stay free for other guilds.
        """
        self._check_open()
        await self._writer.flush()
        self._check_open()
        if guild_id is None:
            return await self.engine.run_read(query)
        turn = self._guild_reads.setdefault(guild_id, asyncio.Semaphore(READS_PER_GUILD))
        self._guild_waiting[guild_id] = self._guild_waiting.get(guild_id, 0) + 1
        try:
            async with turn:
                return await self.engine.run_read(query)
        finally:
            self._guild_waiting[guild_id] -= 1
            if not self._guild_waiting[guild_id]:  # nobody holds or waits: forget the guild
                del self._guild_waiting[guild_id], self._guild_reads[guild_id]

    def _check_open(self) -> None:
        """Raise if the storage is closed."""
        if self._closed:
            raise StorageClosedError("storage is closed")
