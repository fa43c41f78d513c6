"""Benchmark: what /progress reads for a member with a long history, and who waits behind it.

Run: python bench/reads.py [--answers 200000]

One member of guild 1 has ``--answers`` answers over two years (SQLite, a temp file).
1. /progress's two history reads (per-set questions attempted and solved, the chart's weeks),
   as they were (over the member's every answer) and as they are (question_bests' 'all' rows,
   the chart's 12 weeks from weekly_totals plus one earlier total per set): median ms, ratio.
2. A /leaderboard of guild 2 asked while five of those old, whole-history reads of guild 1 run:
   with one reader connection shared by every server (as it was) and with the reader pool and
   its per-server share (as it is): the leaderboard's wait, and the ratio.
Figures are this machine's; the ratios are what to compare.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from functools import partial
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import storage.sqlite.store as sqlite_store
import storage.store as facade
from bot.stats.charts import WEEKS_SHOWN, week_of
from storage import AnswerRecord, SessionRecord, Storage

GUILD, OTHER = 1, 2
MEMBER = 7
START = 1_700_000_000.0
TWO_YEARS = 2 * 365 * 86_400
QUESTIONS = 400

# /progress's history reads before this change, kept here to compare.
OLD_PROGRESS = """
SELECT set_id, count(*) AS attempted, sum(solved) AS solved
FROM (
    SELECT set_id, question_id, max(correct) AS solved
    FROM answers WHERE guild_id = ? AND member_id = ?
    GROUP BY set_id, question_id
)
GROUP BY set_id
"""
OLD_WEEKS = """
SELECT set_id, CAST((answered_at - 345600) / 604800 AS INTEGER) AS week, COUNT(*), SUM(correct)
FROM answers WHERE guild_id = ? AND member_id = ?
GROUP BY set_id, week ORDER BY set_id, week
"""


def answer(guild: int, member: int, number: int, at: float) -> AnswerRecord:
    """Return answer ``number`` (every third one wrong) of a member, at ``at``."""
    right = number % 3 != 0
    return AnswerRecord(
        guild_id=guild,
        channel_id=1,
        member_id=member,
        set_id=f"set-{number % 5}",
        question_id=f"q{number % QUESTIONS}",
        mode="practice",
        session_id=f"s{guild}",
        attempt=number + 1,
        chosen="A",
        correct=right,
        points=10 if right else 0,
        seconds=2.0,
        answered_at=at,
    )


def session(guild: int) -> SessionRecord:
    return SessionRecord(
        id=f"s{guild}",
        guild_id=guild,
        channel_id=1,
        thread_id=None,
        mode="practice",
        set_id="set-0",
        starter_id=MEMBER,
        status="running",
        question_id=None,
        deadline=None,
        message_id=None,
        state="{}",
        created_at=START,
        updated_at=START,
    )


async def fill(path: Path, answers: int) -> None:
    async with await Storage.open(path) as storage:
        for guild in (GUILD, OTHER):
            await storage.save_session(session(guild))
        step = TWO_YEARS / answers
        rows = [answer(GUILD, MEMBER, n, START + n * step) for n in range(answers)]
        for at in range(0, len(rows), 20_000):
            await storage.record_answers(rows[at : at + 20_000])
        await storage.record_answers([answer(OTHER, m, 1, START) for m in range(50)])


async def timed(storage: Storage, query: Any, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        began = time.perf_counter()
        await storage._read(query)
        times.append((time.perf_counter() - began) * 1000)
    return statistics.median(times)


async def raw(sql: str, db: Any) -> Any:
    return await db.execute_fetchall(sql, (GUILD, MEMBER))


async def compare_queries(path: Path) -> None:
    now = START + TWO_YEARS
    since = week_of(now) - (WEEKS_SHOWN - 1)
    async with await Storage.open(path) as storage:
        old = await timed(storage, partial(raw, OLD_PROGRESS)) + await timed(
            storage, partial(raw, OLD_WEEKS)
        )
        q = storage.queries
        new = await timed(
            storage, partial(q.member_progress, guild_id=GUILD, member_id=MEMBER)
        ) + await timed(
            storage,
            partial(q.member_weekly_accuracy, guild_id=GUILD, member_id=MEMBER, since_week=since),
        )
    print(f"/progress history reads: {old:8.1f} ms before, {new:6.1f} ms now, {old / new:6.0f}x")


async def board_wait(path: Path, *, readers: int, share: int) -> float:
    """Return how long a guild-2 leaderboard waits beside five whole-history reads of guild 1."""
    sqlite_store.READERS, facade.READS_PER_GUILD = readers, share
    async with await Storage.open(path) as storage:
        heavy = [
            asyncio.ensure_future(storage._read(partial(raw, OLD_WEEKS), guild_id=GUILD))
            for _ in range(5)
        ]
        await asyncio.sleep(0.05)  # the heavy reads are under way
        began = time.perf_counter()
        await storage.leaderboard(OTHER)
        waited = (time.perf_counter() - began) * 1000
        await asyncio.gather(*heavy)
    return waited


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--answers", type=int, default=200_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "reads.db"
        began = time.perf_counter()
        await fill(path, args.answers)
        print(
            f"{args.answers:,} answers of one member written in {time.perf_counter() - began:.0f} s"
        )
        await compare_queries(path)
        readers, share = sqlite_store.READERS, facade.READS_PER_GUILD
        shared = await board_wait(path, readers=1, share=10**6)
        pooled = await board_wait(path, readers=readers, share=share)
        print(
            f"/leaderboard of another server beside 5 heavy reads: {shared:8.1f} ms with one "
            f"reader, {pooled:6.1f} ms with {readers} readers ({share} per server), "
            f"{shared / pooled:6.0f}x"
        )


if __name__ == "__main__":
    asyncio.run(main())
