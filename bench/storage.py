"""Benchmark: durable answers/s with group commit vs the same writes without fsync.

Run: python bench/storage.py [--answers 20000] [--members 50]
                             [--no-beside] [--million] [--what-if] [--backend sqlite|postgresql]

The first line of each backend compares group commit (every commit durable) with the same
writes, in the same run, with the flush to disk left out: the physical limit of those writes on
this machine. The ratio (durable / unflushed) is what durability costs; the CPU time is this
process's, per durable answer.

An "answer" is everything one answer writes in the bot: the answer row, then in the same
transaction the member's totals and activity day, the fair-board bests and totals and the first
try (the answers triggers), and the question's review card. The session's whole state is saved
as the bot saves a group session's: by a pulse every 2 s (``PULSE_SECONDS``), each session once,
not per answer. Members are concurrent tasks, each awaiting its own answers one after the other,
in ten challenges. SQLite: a temp file, WAL, synchronous=FULL. PostgreSQL: the URL in
QUIZ_TUTOR_BENCH_POSTGRES if set (an empty database), else a throwaway server started like the
tests' but durable (fsync and synchronous_commit on, on disk).

Then (unless --no-beside) group commit again with the /leaderboard of a 10,000-member guild
asked in a loop beside it, against the same run alone (``answers_beside_leaderboard``,
importable by bench/sessions.py), and that leaderboard's own time. --million times the reads
on 1,000,000 answers (a few minutes). --what-if adds a counterfactual line per backend: the same
runs on a database whose fair-board trigger (first tries, bests per question and period, board
totals) is dropped, to show what keeping the fair /leaderboard in the answer's transaction costs.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite
import asyncpg

from storage import AnswerRecord, CardRecord, SessionRecord, Storage
from tests.pgserver import PostgresServer

GUILD = 1
BOARD_GUILD = 2
START = 1_700_000_000.0
CHALLENGES = 10
PULSE_SECONDS = 2.0  # the bot saves each dirty group session once per pulse
BOARD_MEMBERS = 10_000
Record = Callable[[AnswerRecord, CardRecord], Awaitable[None]]
Save = Callable[[SessionRecord], Awaitable[None]]


def session(number: int, index: int = 0) -> SessionRecord:
    """Return running challenge number at question index, with a whole state of ~4 KB."""
    state = json.dumps(
        {
            "index": index,
            "members": [
                {"id": 1000 + m, "points": index * 60, "answers": ["A"] * 40} for m in range(20)
            ],
        }
    )
    return SessionRecord(
        f"bench-{number}", GUILD, 100 + number, None, "challenge", "bench-set", 1, "running",
        f"q{index}", None, None, state, START, START + index,
    )  # fmt: skip


def answer(member: int, index: int, tag: str) -> AnswerRecord:
    """Return the index-th answer of a member, in the member's challenge (tag: the variant)."""
    correct = index % 3 == 0
    return AnswerRecord(GUILD, 100 + member % CHALLENGES, 1000 + member, "bench-set",
                        f"{tag}{index}", "challenge", f"bench-{member % CHALLENGES}", 1,
                        "ABCD"[index % 4], correct, 60 if correct else 0, 1.25,
                        START + index)  # fmt: skip


def card(a: AnswerRecord) -> CardRecord:
    """Return the review card the answer moved (the size of the bot's FSRS card)."""
    state = json.dumps({"stability": 3.2, "difficulty": 5.1, "state": 2, "step": None,
                        "reps": 1, "lapses": 0, "due": a.answered_at + 86400})  # fmt: skip
    return CardRecord(a.guild_id, a.member_id, a.set_id, a.question_id, a.answered_at + 86400,
                      state, a.answered_at)  # fmt: skip


async def members_answer(
    record: Record, save: Save, answers: int, members: int, tag: str
) -> tuple[int, float]:
    """Run the members' tasks and a pulse saving every session's state; return (n, seconds)."""
    per_member = answers // members
    done = asyncio.Event()

    async def member(m: int) -> None:
        for i in range(per_member):
            a = answer(m, i, tag)
            await record(a, card(a))

    async def pulse() -> None:
        index = 0
        while not done.is_set():
            index += 1
            await asyncio.gather(*(save(session(n, index)) for n in range(CHALLENGES)))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(done.wait(), PULSE_SECONDS)

    pulsing = asyncio.create_task(pulse())
    start = time.perf_counter()
    try:
        await asyncio.gather(*(member(m) for m in range(members)))
    finally:
        seconds = time.perf_counter() - start
        done.set()
        await pulsing
    return per_member * members, seconds


async def prepared(database: str | Path) -> Storage:
    """Open the storage with the bench's running challenges saved."""
    storage = await Storage.open(database)
    await asyncio.gather(*(storage.save_session(session(n)) for n in range(CHALLENGES)))
    return storage


async def group_commit(
    database: str | Path, answers: int, members: int, *, fsync: bool = True
) -> tuple[float, float]:
    """Return answers/s through Storage, as the bot records a group answer and pulses, and the
    CPU seconds this process spent per answer.

    ``fsync=False``: the same writes with the flush to disk left out (SQLite synchronous=OFF
    on the writing connections, PostgreSQL synchronous_commit off for the database), the
    physical limit group commit can approach.
    """
    async with _fsync_off(database, off=not fsync):
        storage = await prepared(database)
        if not fsync and not isinstance(database, str):
            engine = storage.engine
            for connection in (engine._db, engine._checkpointer):  # type: ignore[attr-defined]
                if connection is not None:
                    await connection.execute("PRAGMA synchronous = OFF")
        cpu = time.process_time()
        try:
            done, seconds = await members_answer(
                storage.record_answer, storage.save_session, answers, members, "g"
            )
        finally:
            await storage.close()
        cpu = time.process_time() - cpu
    return done / seconds, cpu / done


@contextlib.asynccontextmanager
async def _fsync_off(database: str | Path, *, off: bool) -> AsyncIterator[None]:
    """On PostgreSQL, turn synchronous_commit off for the database while the block runs."""
    if not off or not isinstance(database, str):
        yield
        return
    name = str(database).rsplit("/", 1)[-1]
    connection = await asyncpg.connect(database)
    try:
        await connection.execute(f'ALTER DATABASE "{name}" SET synchronous_commit = off')
        yield
    finally:
        await connection.execute(f'ALTER DATABASE "{name}" RESET synchronous_commit')
        await connection.close()


async def load_board_guild(storage: Storage, members: int = BOARD_MEMBERS) -> None:
    """Give BOARD_GUILD members with 5 answers each (a ranked board of `members` rows)."""
    await storage.save_session(replace(session(0), id="board", guild_id=BOARD_GUILD))
    rows = [
        AnswerRecord(BOARD_GUILD, 7, 50_000 + m, f"set-{m % 5}", f"q{i}", "challenge", "board",
                     1, "A", (m + i) % 3 != 0, 10 * ((m * 7 + i) % 13), 2.0, START + m + i)
        for m in range(members) for i in range(5)
    ]  # fmt: skip
    for first in range(0, len(rows), 10_000):
        await storage.record_answers(rows[first : first + 10_000])


async def timed_ms(read: Callable[[], Awaitable[Any]], times: int = 15) -> float:
    """Return the median milliseconds of a read."""
    spent = []
    for _ in range(times):
        start = time.perf_counter()
        await read()
        spent.append(time.perf_counter() - start)
    return statistics.median(spent) * 1000


async def answers_beside_leaderboard(
    database: str | Path, answers: int = 20_000, members: int = 50
) -> tuple[float, float, float]:
    """Return (answers/s with a big /leaderboard in a loop beside, alone, board ms).

    The board is the all-time leaderboard of a 10,000-member guild asked by its last-ranked
    member, in a loop as fast as it answers; group commit runs as in group_commit.
    """
    storage = await prepared(database)
    try:
        await load_board_guild(storage)
        if isinstance(database, str):  # PostgreSQL: as autovacuum leaves it after a bulk load
            connection = await asyncpg.connect(database)
            try:
                await connection.execute("VACUUM ANALYZE")
            finally:
                await connection.close()
        last = BOARD_MEMBERS - 1

        def board() -> Awaitable[Any]:
            return storage.leaderboard(BOARD_GUILD, asker_id=50_000 + last, now=START)

        board_ms = await timed_ms(board)
        n, seconds = await members_answer(
            storage.record_answer, storage.save_session, answers, members, "a"
        )
        alone = n / seconds
        stop = asyncio.Event()

        async def asking() -> None:
            while not stop.is_set():
                await board()

        askers = asyncio.create_task(asking())
        try:
            n, seconds = await members_answer(
                storage.record_answer, storage.save_session, answers, members, "b"
            )
        finally:
            stop.set()
            await askers
    finally:
        await storage.close()
    return n / seconds, alone, board_ms


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
        loaded = time.perf_counter() - start
        last = START + 999_999
        asker = 5000 + 9_999

        def board(period: str = "all", set_id: str | None = None) -> Callable[[], Awaitable[Any]]:
            return lambda: storage.leaderboard(
                GUILD, set_id=set_id, asker_id=asker, period=period, now=last
            )

        all_time = await timed_ms(board(), 7)
        set_board = await timed_ms(board(set_id="set-7"), 7)
        week = await timed_ms(board("week"), 7)
        month = await timed_ms(board("month"), 7)
        progress = await timed_ms(lambda: storage.member_progress(GUILD, 5000 + 1234), 7)
        tries = await storage.first_tries(GUILD, "set-7")
        first = await timed_ms(lambda: storage.first_tries(GUILD, "set-7"), 7)
    finally:
        await storage.close()
    return (
        f"queries ({backend}) at 1000000 answers (loaded in {loaded:.0f} s): "
        f"leaderboard {all_time:.1f} ms; set leaderboard {set_board:.1f} ms; "
        f"week leaderboard {week:.1f} ms; month leaderboard {month:.1f} ms; "
        f"progress {progress:.1f} ms; first tries of a set ({len(tries)} rows) {first:.1f} ms "
        "(median of 7)"
    )


async def without_fair_boards(database: str | Path) -> str | Path:
    """Return the database, migrated, with its fair-board trigger dropped (--what-if only)."""
    await (await Storage.open(database)).close()
    if isinstance(database, str):
        connection = await asyncpg.connect(database)
        try:
            await connection.execute("DROP TRIGGER answers_bests ON answers")
        finally:
            await connection.close()
    else:
        db = await aiosqlite.connect(database)
        try:
            await db.execute("DROP TRIGGER answers_bests")
            await db.commit()
        finally:
            await db.close()
    return database


async def durable_answers(
    backend: str, database: Callable[[], Awaitable[str | Path]], args: argparse.Namespace
) -> str:
    """Return the line of one backend: group commit against the same writes without fsync."""
    group, cpu = await group_commit(await database(), args.answers, args.members)
    unflushed, _ = await group_commit(await database(), args.answers, args.members, fsync=False)
    return (
        f"storage ({backend}): group {group:.0f} answers/s; "
        f"same writes without fsync {unflushed:.0f} answers/s; ratio {group / unflushed:.2f}; "
        f"CPU {cpu * 1e6:.0f} µs per durable answer (this process)"
    )


async def main() -> None:
    """Run each backend and print its lines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--no-beside", action="store_true")
    parser.add_argument("--million", action="store_true")
    parser.add_argument("--what-if", action="store_true")
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], action="append")
    args = parser.parse_args()
    backends = args.backend or ["sqlite", "postgresql"]
    given = os.environ.get("QUIZ_TUTOR_BENCH_POSTGRES")
    server = None
    if "postgresql" in backends and not given:
        server = await asyncio.to_thread(PostgresServer.start, durable=True)
    files = iter(range(1_000_000))
    try:
        with tempfile.TemporaryDirectory(prefix="quiz-tutor-bench-") as tmp:

            async def fresh(backend: str) -> str | Path:
                if backend == "sqlite":
                    return Path(tmp, f"bench-{next(files)}.db")
                if server is not None:
                    return await asyncio.to_thread(server.create_database)
                if given is None:
                    raise ValueError("no PostgreSQL server and no QUIZ_TUTOR_BENCH_POSTGRES")
                return given

            for backend in backends:
                print(await durable_answers(backend, lambda b=backend: fresh(b), args), flush=True)
                if args.what_if:

                    async def stripped(b: str = backend) -> str | Path:
                        return await without_fair_boards(await fresh(b))

                    line = await durable_answers(backend, stripped, args)
                    print(f"what-if, no fair boards: {line}", flush=True)
                if not args.no_beside:
                    beside, alone, board = await answers_beside_leaderboard(
                        await fresh(backend), args.answers, args.members
                    )
                    print(
                        f"storage ({backend}): with leaderboard beside {beside:.0f} answers/s "
                        f"(alone {alone:.0f}/s)\n"
                        f"storage ({backend}): leaderboard of {BOARD_MEMBERS} members "
                        f"{board:.1f} ms (asker ranked last, median of 15)",
                        flush=True,
                    )
            if args.million:
                for backend in backends:
                    print(await million(await fresh(backend), backend), flush=True)
    finally:
        if server is not None:
            server.stop()
    print(
        f"({args.members} concurrent members in {CHALLENGES} challenges, states saved every "
        f"{PULSE_SECONDS:g} s; {args.answers} answers per run; ratio: durable over unflushed, "
        "what durability costs; PostgreSQL's own CPU is not counted)"
    )


if __name__ == "__main__":
    asyncio.run(main())
