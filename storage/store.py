"""The Storage facade the bot calls, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
import time
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, ClassVar, Self, TypeVar

from .errors import StorageClosedError
from .leases import LeasesPart
from .periods import PERIODS
from .records import (
    ENDED_STATUSES,
    AnswerRecord,
    BadgeRecord,
    CardRecord,
    FirstTry,
    GuildSetRecord,
    GuildTranslationRecord,
    Leaderboard,
    ResultRecord,
    SessionRecord,
    SetProgress,
)
from .schedules import SchedulesPart
from .writer import GroupCommitWriter, RowInsert

T = TypeVar("T")

POSTGRES_SCHEMES = ("postgresql://", "postgres://")

# Totals and daily activity follow in the same transaction (a trigger on both backends).
ANSWERS = RowInsert("answers", width=13)
# Inserted or replaced in the transaction of the answer that moved the card.
CARDS = RowInsert("cards", width=7)


def is_postgres_url(database: str | Path) -> bool:
    """Return whether database names a PostgreSQL server rather than a SQLite file."""
    return isinstance(database, str) and database.startswith(POSTGRES_SCHEMES)


def answer_row(a: AnswerRecord) -> tuple[Any, ...]:
    """Return the ANSWERS row of an answer, in the column order of every backend."""
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
    )


def card_row(c: CardRecord) -> tuple[Any, ...]:
    """Return the CARDS row of a card, in the column order of every backend."""
    return (c.guild_id, c.member_id, c.set_id, c.question_id, c.due, c.state, c.last_review)


class Storage(LeasesPart, SchedulesPart):
    """Everything a study group earns; ``await Storage.open(database)`` picks the backend.

    ``database`` is a SQLite path, ``":memory:"``, or a ``postgresql://`` URL. Writes go through
    one group-commit writer: each call returns once the transaction that holds it has committed,
    so a returned call is durable. Reads first wait for every write submitted before them.
    A backend provides ``jobs`` and ``queries`` modules with the same function names, the
    writer's connection and ``_run_read``.
    """

    backend: ClassVar[str]
    jobs: ClassVar[ModuleType]
    queries: ClassVar[ModuleType]

    def __init__(self, database: str | Path, writer: GroupCommitWriter) -> None:
        self.database = database
        self._writer = writer
        self._closed = False

    @property
    def path(self) -> str | Path:
        """Return what the storage was opened on (kept for callers of the SQLite-only storage)."""
        return self.database

    @classmethod
    async def open(cls, database: str | Path) -> Storage:
        """Open (creating or upgrading) the database: a SQLite path, ":memory:" or a URL."""
        # the backends import this module, so they are imported here, when first needed
        if is_postgres_url(database):
            from .postgres.store import PostgresStorage  # noqa: PLC0415

            return await PostgresStorage.open_url(str(database))
        from .sqlite.store import SqliteStorage  # noqa: PLC0415

        return await SqliteStorage.open_path(database)

    async def close(self) -> None:
        """Commit every pending write, stop the writer and release the connections."""
        if self._closed:
            return
        self._closed = True
        try:
            await self._writer.close()
        finally:
            await self._release()

    async def _release(self) -> None:
        """Close the backend's connections (after the writer has finished)."""
        raise NotImplementedError

    async def _run_read(self, query: Callable[[Any], Awaitable[T]]) -> T:
        """Run a query on a connection of the backend, outside any write transaction."""
        raise NotImplementedError

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
        if card is None:
            await self._writer.insert(ANSWERS, (answer_row(answer),))
            return
        if (card.guild_id, card.member_id, card.set_id, card.question_id) != (
            answer.guild_id, answer.member_id, answer.set_id, answer.question_id,
        ):  # fmt: skip
            raise ValueError("the card must be the answered question's card of the same member")
        await self._writer.insert(ANSWERS, (answer_row(answer),), (CARDS, (card_row(card),)))

    async def record_answers(self, answers: Sequence[AnswerRecord]) -> None:
        """Record several answers atomically: all of them or, on error, none."""
        if answers:
            self._check_open()
            await self._writer.insert(ANSWERS, [answer_row(a) for a in answers])

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

    async def put_guild_set(
        self, guild_id: int, set_id: str, yaml_text: str, loaded_by: int, at: float
    ) -> int:
        """Add or replace a guild's own set; return its new version (1, 2, ...)."""
        return await self._write(
            partial(
                self.jobs.put_guild_set,
                guild_id=guild_id,
                set_id=set_id,
                yaml_text=yaml_text,
                loaded_by=loaded_by,
                at=at,
            )
        )

    async def put_guild_translation(  # noqa: PLR0917
        self, guild_id: int, set_id: str, language: str, yaml_text: str, loaded_by: int, at: float
    ) -> int:
        """Add or replace a guild's translation of a set in ``language``; return its version."""
        put = self.jobs.put_guild_translation
        fields = {"set_id": set_id, "language": language, "yaml_text": yaml_text}
        return await self._write(
            partial(put, guild_id=guild_id, loaded_by=loaded_by, at=at, **fields)
        )

    async def all_guild_translations(self) -> list[GuildTranslationRecord]:
        """Return every guild's translations of sets (to load them at startup)."""
        return await self._read(self.queries.all_guild_translations)

    async def remove_guild_set(self, guild_id: int, set_id: str) -> bool:
        """Remove a guild's own set, keeping all history; return False if it had none."""
        return await self._write(
            partial(self.jobs.remove_guild_set, guild_id=guild_id, set_id=set_id)
        )

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
            partial(self.queries.member_progress, guild_id=guild_id, member_id=member_id)
        )

    async def member_badges(self, guild_id: int, member_id: int) -> list[BadgeRecord]:
        """Return a member's badges in a guild, oldest first."""
        return await self._read(
            partial(self.queries.member_badges, guild_id=guild_id, member_id=member_id)
        )

    async def active_days(self, guild_id: int, member_id: int) -> list[datetime.date]:
        """Return the UTC days a member answered in a guild, ascending."""
        return await self._read(
            partial(self.queries.active_days, guild_id=guild_id, member_id=member_id)
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

        A member's points in a period ("all", "week": the ISO week from Monday 00:00 UTC,
        "month": from the 1st 00:00 UTC; the one containing now, by default the current time)
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
            )
        )

    async def guild_sets(self, guild_id: int) -> list[GuildSetRecord]:
        """Return a guild's own sets by id."""
        return await self._read(partial(self.queries.guild_sets, guild_id=guild_id))

    async def guild_set(self, guild_id: int, set_id: str) -> GuildSetRecord | None:
        """Return one of a guild's own sets, or None."""
        return await self._read(partial(self.queries.guild_set, guild_id=guild_id, set_id=set_id))

    async def all_guild_sets(self) -> list[GuildSetRecord]:
        """Return every guild's own sets (to load them all at startup)."""
        return await self._read(self.queries.all_guild_sets)

    async def guild_set_version(
        self, guild_id: int, set_id: str, version: int
    ) -> GuildSetRecord | None:
        """Return one version of a guild's set, also after it was replaced; None if unknown.

        remove_guild_set deletes a set's versions with it.
        """
        return await self._read(
            partial(
                self.queries.guild_set_version, guild_id=guild_id, set_id=set_id, version=version
            )
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
            )
        )

    async def member_weekly_accuracy(
        self, guild_id: int, member_id: int
    ) -> list[tuple[str, int, int, int]]:
        """Return (set id, UTC week from Monday, answers, right answers) rows of a member."""
        return await self._read(
            partial(self.queries.member_weekly_accuracy, guild_id=guild_id, member_id=member_id)
        )

    async def member_cards(
        self, guild_id: int, member_id: int, set_id: str | None = None
    ) -> list[CardRecord]:
        """Return a member's review cards (of one set, or all), the soonest due first."""
        return await self._read(
            partial(
                self.queries.member_cards, guild_id=guild_id, member_id=member_id, set_id=set_id
            )
        )

    async def first_tries(self, guild_id: int, set_id: str) -> list[FirstTry]:
        """Return each member's first-ever attempt-1 answer per question of a set.

        Ordered by member, then question id. Kept by the answers trigger, so this reads one
        row per member and question, however many answers the set has.
        """
        return await self._read(partial(self.queries.first_tries, guild_id=guild_id, set_id=set_id))

    # plumbing

    async def _write(self, job: Callable[[Any], Awaitable[T]]) -> T:
        """Submit a job to the writer and wait for its commit."""
        self._check_open()
        return await self._writer.run(job)

    async def _read(self, query: Callable[[Any], Awaitable[T]]) -> T:
        """Run a query after the writes submitted so far, never inside a write transaction."""
        self._check_open()
        await self._writer.flush()
        self._check_open()
        return await self._run_read(query)

    def _check_open(self) -> None:
        """Raise if the storage is closed."""
        if self._closed:
            raise StorageClosedError("storage is closed")
