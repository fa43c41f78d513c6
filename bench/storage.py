"""Benchmark: durable answers/s with group commit vs one commit per answer, on both backends.

Run: python bench/storage.py [--answers 20000] [--baseline-answers 2000] [--members 50]
                             [--million] [--backend sqlite|postgresql]

An "answer" is everything one answer writes in the bot: the answer row, the member's totals and
activity day (trigger, same transaction) and the session's saved state (as the bot's
save_session). Members are concurrent tasks, each awaiting its own answers one after the other.
SQLite: a temp file, WAL, synchronous=FULL. PostgreSQL: QUIZ_TUTOR_BENCH_POSTGRES if set (a
URL of an empty database), else a throwaway server started like the tests' but durable (fsync
and synchronous_commit on, on disk). --million also times the leaderboard and progress queries
on a database holding 1,000,000 answers (takes a few minutes): the all-time, per-set, week
and month leaderboards with a bottom-ranked asker, progress, and a set's first tries.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite
import asyncpg

from storage import AnswerRecord, SessionRecord, Storage
from storage.postgres import jobs as pg_jobs
from storage.sqlite import jobs as sqlite_jobs
from storage.sqlite.connection import connect
from storage.store import answer_row
from tests.pgserver import PostgresServer

GUILD = 1
START = 1_700_000_000.0
Record = Callable[[AnswerRecord, SessionRecord], Awaitable[None]]


def session(number: int) -> SessionRecord:
    """Return the running challenge number (members answer in ten challenges at once)."""
    return SessionRecord(
        f"bench-{number}", GUILD, 100 + number, None, "challenge", "bench-set", 1, "running",
        "q0", None, None, "{}", START, START,
    )  # fmt: skip


def answer(member: int, index: int, tag: str) -> AnswerRecord:
    """Return the index-th answer of a member, in the member's challenge (tag: the variant)."""
    correct = index % 3 == 0
    return AnswerRecord(GUILD, 100 + member % 10, 1000 + member, "bench-set", f"{tag}{index}",
                        "challenge", f"bench-{member % 10}", 1, "ABCD"[index % 4], correct,
                        60 if correct else 0, 1.25, START + index)  # fmt: skip


async def members_answer(record: Record, answers: int, members: int, tag: str) -> tuple[int, float]:
    """Run members concurrent tasks recording answers and session saves; return (n, seconds)."""
    per_member = answers // members

    async def member(m: int) -> None:
        for i in range(per_member):
            live = replace(session(m % 10), question_id=f"q{i}", state=f'{{"index": {i}}}',
                           updated_at=START + i)  # fmt: skip
            await record(answer(m, i, tag), live)

    start = time.perf_counter()
    await asyncio.gather(*(member(m) for m in range(members)))
    return per_member * members, time.perf_counter() - start


async def group_commit(database: str | Path, answers: int, members: int) -> float:
    """Answers/s through Storage: what the bot does (answer and save gathered per answer)."""
    storage = await Storage.open(database)
    try:
        for number in range(10):
            await storage.save_session(session(number))

        async def record(a: AnswerRecord, s: SessionRecord) -> None:
            await asyncio.gather(storage.record_answer(a), storage.save_session(s))

        done, seconds = await members_answer(record, answers, members, "g")
    finally:
        await storage.close()
    return done / seconds


async def sqlite_per_answer(path: Path, answers: int, members: int) -> float:
    """Answers/s committing each answer (row, totals, session save) in its own transaction."""
    storage = await Storage.open(path)
    for number in range(10):
        await storage.save_session(session(number))
    await storage.close()
    db: aiosqlite.Connection = await connect(path)  # the storage's own pragmas
    lock = asyncio.Lock()  # one transaction at a time on one connection

    async def record(a: AnswerRecord, s: SessionRecord) -> None:
        async with lock:
            await db.execute("BEGIN IMMEDIATE")
            await db.execute(sqlite_jobs.INSERT_ANSWER, answer_row(a))
            await db.execute(sqlite_jobs.UPSERT_SESSION, sqlite_jobs.session_row(s))
            await db.execute("COMMIT")

    try:
        done, seconds = await members_answer(record, answers, members, "s")
    finally:
        await db.close()
    return done / seconds


async def postgres_per_answer(url: str, answers: int, members: int) -> float:
    """Answers/s committing each answer in its own transaction, on a pool as large as Storage's."""
    storage = await Storage.open(url)
    for number in range(10):
        await storage.save_session(session(number))
    await storage.close()
    pool = await asyncpg.create_pool(url, min_size=10, max_size=10)

    async def record(a: AnswerRecord, s: SessionRecord) -> None:
        async with pool.acquire() as connection, connection.transaction():
            await pg_jobs.insert_answers(connection, [answer_row(a)])
            await pg_jobs.save_sessions(connection, [s])

    try:
        done, seconds = await members_answer(record, answers, members, "p")
    finally:
        await pool.close()
    return done / seconds


async def million(database: str | Path, backend: str) -> str:
    """Load 1,000,000 answers (10,000 members, 50 sets) and time the bot's reads on them."""
    storage = await Storage.open(database)
    try:
        for number in range(50):
            await storage.save_session(replace(session(0), id=f"big-{number}",
                                               set_id=f"set-{number}"))  # fmt: skip
        batch: list[AnswerRecord] = []
        start = time.perf_counter()
        for index in range(1_000_000):
            member, number = index % 10_000, (index // 10_000) % 50
            correct = (index * 7) % 3 == 0
            batch.append(AnswerRecord(GUILD, 100, 5000 + member, f"set-{number}",
                                      f"q{index // 500_000}-{(index // 10_000) % 50}", "challenge",
                                      f"big-{number}", 1 + index // 500_000, "A", correct,
                                      40 if correct else 0, 2.0, START + index))  # fmt: skip
            if len(batch) == 20_000:
                await storage.record_answers(batch)
                batch = []

        async def timed(read: Callable[[], Awaitable[Any]]) -> float:
            times = []
            for _ in range(7):
                start = time.perf_counter()
                await read()
                times.append(time.perf_counter() - start)
            return statistics.median(times) * 1000

        loaded = time.perf_counter() - start
        last = START + 999_999
        asker = 5000 + 9_999
        board = await timed(lambda: storage.leaderboard(GUILD, asker_id=asker, now=last))
        set_board = await timed(lambda: storage.leaderboard(GUILD, set_id="set-7", asker_id=5001))
        week = await timed(
            lambda: storage.leaderboard(GUILD, asker_id=asker, period="week", now=last)
        )
        month = await timed(
            lambda: storage.leaderboard(GUILD, asker_id=asker, period="month", now=last)
        )
        progress = await timed(lambda: storage.member_progress(GUILD, 5000 + 1234))
        tries = await storage.first_tries(GUILD, "set-7")
        first = await timed(lambda: storage.first_tries(GUILD, "set-7"))
    finally:
        await storage.close()
    return (
        f"queries ({backend}) at 1000000 answers (loaded in {loaded:.0f} s): "
        f"leaderboard {board:.1f} ms; set leaderboard {set_board:.1f} ms; "
        f"week leaderboard {week:.1f} ms; month leaderboard {month:.1f} ms; "
        f"progress {progress:.1f} ms; first tries of a set ({len(tries)} rows) {first:.1f} ms "
        "(median of 7)"
    )


async def fresh_postgres(server: PostgresServer | None, given: str | None) -> str:
    """Return an empty database: a new one on the throwaway server, or the given URL."""
    if server is not None:
        return await asyncio.to_thread(server.create_database)
    if given is None:
        raise ValueError("no PostgreSQL server and no QUIZ_TUTOR_BENCH_POSTGRES")
    return given


async def main() -> None:
    """Run each backend and print its line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--baseline-answers", type=int, default=2_000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    given = os.environ.get("QUIZ_TUTOR_BENCH_POSTGRES")
    server = None
    if "postgresql" in backends and not given:
        server = await asyncio.to_thread(PostgresServer.start, durable=True)
    lines = []
    try:
        with tempfile.TemporaryDirectory(prefix="quiz-tutor-bench-") as tmp:
            for backend in backends:
                if backend == "sqlite":
                    group = await group_commit(Path(tmp, "group.db"), args.answers, args.members)
                    single = await sqlite_per_answer(
                        Path(tmp, "single.db"), args.baseline_answers, args.members
                    )
                else:
                    url = await fresh_postgres(server, given)
                    group = await group_commit(url, args.answers, args.members)
                    url = await fresh_postgres(server, given)
                    single = await postgres_per_answer(url, args.baseline_answers, args.members)
                line = (
                    f"storage ({backend}): group {group:.0f} answers/s; "
                    f"per-answer commit {single:.0f} answers/s; ratio {group / single:.1f}"
                )
                print(line, flush=True)
                lines.append(line)
            if args.million:
                for backend in backends:
                    if backend == "sqlite":
                        target: str | Path = Path(tmp, "million.db")
                    else:
                        target = await fresh_postgres(server, given)
                    print(await million(target, backend), flush=True)
    finally:
        if server is not None:
            server.stop()
    print(
        f"({args.members} concurrent members in 10 challenges; group timed on {args.answers} "
        f"answers, per-answer commit on {args.baseline_answers}; every commit durable)"
    )


if __name__ == "__main__":
    asyncio.run(main())
