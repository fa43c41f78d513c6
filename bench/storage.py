"""Benchmark: answers/s with group commit vs one commit per answer, same schema and pragmas.

Run: python bench/storage.py [--answers 20000] [--members 50] [--baseline-answers 5000]

Every variant: a temp file database, WAL, synchronous=FULL, foreign keys on, the same
migrations (so the same triggers and indexes), members concurrent tasks each awaiting its own
answers one after the other. The per-answer variants are slow, so by default they are timed on
fewer answers; answers/s is what is compared.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import aiosqlite

from storage import AnswerRecord, SessionRecord, Storage, connect, migrate
from storage.db import BUSY_TIMEOUT_MS
from storage.writes import ANSWERS, UPSERT_SESSION, answer_row

GUILD = 1
CHANNEL = 2
SESSION = "bench"
START = 1_700_000_000.0

SESSION_ROW = (
    SESSION, GUILD, CHANNEL, None, "challenge", "bench-set", 1, "running", None, None, None,
    "{}", START, START,
)  # fmt: skip


def answer(member: int, index: int) -> AnswerRecord:
    """Return the index-th answer of a member."""
    correct = index % 3 == 0
    return AnswerRecord(
        guild_id=GUILD,
        channel_id=CHANNEL,
        member_id=1000 + member,
        set_id="bench-set",
        question_id=f"q{index}",
        mode="challenge",
        session_id=SESSION,
        attempt=1,
        chosen="ABCD"[index % 4],
        correct=correct,
        points=10 if correct else 0,
        seconds=1.25,
        answered_at=START + index,
    )


async def members_answer(
    record: Callable[[AnswerRecord], Awaitable[None]], answers: int, members: int
) -> tuple[int, float]:
    """Run members concurrent tasks recording their answers; return (answers, seconds)."""
    per_member = answers // members

    async def member(m: int) -> None:
        for i in range(per_member):
            await record(answer(m, i))

    start = time.perf_counter()
    await asyncio.gather(*(member(m) for m in range(members)))
    return per_member * members, time.perf_counter() - start


async def group_commit(path: Path, answers: int, members: int) -> tuple[int, float, int]:
    """Record through Storage: one transaction per batch of whatever is pending."""
    storage = await Storage.open(path)
    await storage.save_session(SessionRecord(*SESSION_ROW))
    before = storage.commits
    done, seconds = await members_answer(storage.record_answer, answers, members)
    commits = storage.commits - before
    await storage.close()
    return done, seconds, commits


async def insert_then_commit(path: Path, answers: int, members: int) -> tuple[int, float, int]:
    """Record naively: await the INSERT, then await COMMIT, one answer at a time."""
    # sqlite3's default transaction handling: the INSERT opens the transaction, commit() ends it
    db = await aiosqlite.connect(path)
    await db.execute("PRAGMA journal_mode = WAL")
    await db.execute("PRAGMA synchronous = FULL")
    await db.execute("PRAGMA foreign_keys = ON")
    await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS:d}")
    await migrate(db)
    await db.execute(UPSERT_SESSION, SESSION_ROW)
    await db.commit()
    lock = asyncio.Lock()  # without it, concurrent members would share transactions

    async def record(a: AnswerRecord) -> None:
        async with lock:
            await db.execute(ANSWERS.sql, answer_row(a))
            await db.commit()

    done, seconds = await members_answer(record, answers, members)
    await db.close()
    return done, seconds, done


async def autocommit_statement(path: Path, answers: int, members: int) -> tuple[int, float, int]:
    """Record each answer as one autocommitted statement: the cheapest per-answer commit."""
    db = await connect(path)  # the storage's own connection setup
    await migrate(db)
    await db.execute(UPSERT_SESSION, SESSION_ROW)

    async def record(a: AnswerRecord) -> None:
        await db.execute(ANSWERS.sql, answer_row(a))

    done, seconds = await members_answer(record, answers, members)
    await db.close()
    return done, seconds, done


async def main() -> None:
    """Run the variants on temp file databases, print a table and the summary line."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--answers", type=int, default=20_000)
    parser.add_argument("--members", type=int, default=50)
    parser.add_argument("--baseline-answers", type=int, default=5_000)
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="quiz-tutor-bench-") as tmp:
        variants = [
            ("group commit", group_commit, args.answers),
            ("insert then commit", insert_then_commit, args.baseline_answers),
            ("autocommit insert", autocommit_statement, args.baseline_answers),
        ]
        for index, (name, run, answers) in enumerate(variants):
            done, seconds, commits = await run(Path(tmp, f"{index}.db"), answers, args.members)
            rows.append((name, done, commits, seconds, done / seconds))

    line = "{:<20} {:>8} {:>8} {:>8} {:>10}"
    print(line.format("variant", "answers", "commits", "seconds", "answers/s"))
    for name, done, commits, seconds, rate in rows:
        print(line.format(name, done, commits, f"{seconds:.2f}", f"{rate:.0f}"))
    print(
        f"{args.members} concurrent members; WAL + synchronous=FULL everywhere; per-answer "
        f"variants timed on {args.baseline_answers} answers"
    )
    group, naive, floor = rows[0][4], rows[1][4], rows[2][4]
    print(f"group vs autocommit insert (cheapest per-answer commit): ratio {group / floor:.1f}")
    print(
        f"storage: group {group:.0f} answers/s; per-answer commit {naive:.0f} answers/s; "
        f"ratio {group / naive:.1f}"
    )


if __name__ == "__main__":
    asyncio.run(main())
