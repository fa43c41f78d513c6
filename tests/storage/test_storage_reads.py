"""/progress reads are bounded by what it shows, and one server's reads do not queue another's."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import aiosqlite

from storage import Storage
from storage.store import READS_PER_GUILD
from tests.storage.conftest import T0, answer_record, session_record

WEEK = 604_800
QUESTIONS = ("q1", "q2", "q3")


def history(weeks: int, per_week: int, member_id: int = 1) -> list[Any]:
    """A member's answers: ``per_week`` a week for ``weeks`` weeks, every third one wrong."""
    return [
        answer_record(
            member_id,
            QUESTIONS[n % 3],
            attempt=week * per_week + n + 1,
            correct=n % 3 != 0,
            points=0 if n % 3 == 0 else 10,
            answered_at=T0 + week * WEEK + n,
        )
        for week in range(weeks)
        for n in range(per_week)
    ]


async def test_the_chart_weeks_and_the_earlier_total_per_set(storage: Storage) -> None:
    await storage.record_answers(history(weeks=20, per_week=6))
    everything = await storage.member_weekly_accuracy(111, 1)
    assert len(everything) == 20
    first = everything[0][1]
    since = first + 8
    window = await storage.member_weekly_accuracy(111, 1, since)
    before = [row for row in everything if row[1] < since]
    assert window[0] == (
        "asgi-vs-wsgi",
        since - 1,
        sum(row[2] for row in before),
        sum(row[3] for row in before),
    )
    assert window[1:] == [row for row in everything if row[1] >= since]
    assert await storage.member_weekly_accuracy(111, 1, first) == everything  # nothing before
    [progress] = await storage.member_progress(111, 1)
    assert (progress.questions_attempted, progress.questions_correct) == (3, 2)
    assert (progress.attempts, progress.correct_attempts) == (120, 80)


async def vm_steps(storage: Storage, guild_id: int, member_id: int, since: int) -> int:
    """Count the SQLite virtual machine's steps (in hundreds) for what /progress reads."""
    steps = 0

    def step() -> int:
        nonlocal steps
        steps += 1
        return 0

    async def read(name: str, *args: Any) -> None:
        async def counted(db: aiosqlite.Connection) -> None:
            await db.set_progress_handler(step, 100)
            try:
                await getattr(storage.queries, name)(db, *args)
            finally:
                await db.set_progress_handler(None, 100)

        await storage._read(counted)

    await read("member_progress", guild_id, member_id)
    await read("member_weekly_accuracy", guild_id, member_id, since)
    await read("member_badges", guild_id, member_id)
    await read("active_days", guild_id, member_id)
    return steps


async def test_progress_reads_do_not_grow_with_the_answer_history(tmp_path: Path) -> None:
    async with await Storage.open(tmp_path / "quiz.db") as storage:
        await storage.save_session(session_record())
        await storage.record_answers(history(weeks=12, per_week=3, member_id=1))
        await storage.record_answers(history(weeks=12, per_week=600, member_id=2))
        since = (int(T0) - 345_600) // WEEK
        few, many = await vm_steps(storage, 111, 1, since), await vm_steps(storage, 111, 2, since)
    assert many < 2 * few + 50, (few, many)  # 200 times the answers, about the same work


async def test_one_server_takes_at_most_its_share_of_the_readers(storage: Storage) -> None:
    held, full = asyncio.Event(), asyncio.Event()
    inside: list[int] = []

    async def slow(db: Any) -> None:
        inside.append(1)
        if len(inside) == READS_PER_GUILD:
            full.set()
        await held.wait()

    heavy = [asyncio.ensure_future(storage._read(slow, guild_id=1)) for _ in range(5)]
    try:
        await asyncio.wait_for(full.wait(), 60)  # the server's share of readers is taken
        # another server reads at once (the timeout only turns a queue into a failure)
        board = await asyncio.wait_for(storage.leaderboard(2), 60)
        assert board.rows == ()
        assert len(inside) == READS_PER_GUILD  # the others wait for their server's turn
    finally:
        held.set()
        await asyncio.gather(*heavy)
    assert len(inside) == 5
