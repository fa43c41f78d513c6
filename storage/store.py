"""The Storage facade the bot calls, the same on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from pathlib import Path
from types import ModuleType, TracebackType
from typing import Any, ClassVar, Self, TypeVar

from .errors import StorageClosedError
from .records import (
    ENDED_STATUSES,
    AnswerRecord,
    BadgeRecord,
    GuildSetRecord,
    Leaderboard,
    ResultRecord,
    SessionRecord,
    SetProgress,
)
from .writer import GroupCommitWriter, RowInsert

T = TypeVar("T")

POSTGRES_SCHEMES = ("postgresql://", "postgres://")

# Totals and daily activity follow in the same transaction (a trigger on both backends).
ANSWERS = RowInsert("answers", width=13)


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


class Storage:
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

    async def record_answer(self, answer: AnswerRecord) -> None:
        """Record one answer attempt, with its totals and daily activity, durably."""
        # the hot path: kept flat on purpose
        if self._closed:
            raise StorageClosedError("storage is closed")
        await self._writer.insert(ANSWERS, (answer_row(answer),))

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
        """End a running session as finished or stopped; return False if already ended."""
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

    async def remove_guild_set(self, guild_id: int, set_id: str) -> bool:
        """Remove a guild's own set, keeping all history; return False if it had none."""
        return await self._write(
            partial(self.jobs.remove_guild_set, guild_id=guild_id, set_id=set_id)
        )

    # reads

    async def open_sessions(self) -> list[SessionRecord]:
        """Return the running sessions, oldest first."""
        return await self._read(self.queries.open_sessions)

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
    ) -> Leaderboard:
        """Return the top members by points, plus the asker's row and rank if not among them."""
        if limit < 0:
            raise ValueError(f"limit must be >= 0, not {limit}")
        return await self._read(
            partial(
                self.queries.leaderboard,
                guild_id=guild_id,
                set_id=set_id,
                asker_id=asker_id,
                limit=limit,
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
