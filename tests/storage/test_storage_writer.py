"""Group commit: many writers, one transaction per batch, failures isolated, nothing lost."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest

from storage import (
    AnswerRecord,
    BadgeRecord,
    ConstraintError,
    DuplicateError,
    SessionRecord,
    Storage,
    StorageClosedError,
)
from tests.storage.raw import fetch

Answer = Callable[..., AnswerRecord]
T0 = 1_767_225_600.0


def writer_tasks() -> list[asyncio.Task[object]]:
    """Return the storage writer tasks alive on this loop."""
    return [t for t in asyncio.all_tasks() if t.get_name() == "storage-writer" and not t.done()]


async def totals_match_answers(database: Path | str) -> None:
    """Assert the totals and activity tables equal aggregates of the answer rows."""
    totals = await fetch(
        database,
        "SELECT guild_id, member_id, set_id, points, attempts, correct FROM member_totals"
        " ORDER BY 1, 2, 3",
    )
    expected = await fetch(
        database,
        "SELECT guild_id, member_id, set_id, sum(points), count(*), sum(correct)"
        " FROM answers GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        "SELECT guild_id, member_id, set_id, sum(points), count(*), count(*) FILTER (WHERE correct)"
        " FROM answers GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )
    assert totals == expected
    days = await fetch(
        database,
        "SELECT guild_id, member_id, day, answers FROM activity_days ORDER BY 1, 2, 3",
        "SELECT guild_id, member_id, day::text, answers FROM activity_days ORDER BY 1, 2, 3",
    )
    expected_days = await fetch(
        database,
        "SELECT guild_id, member_id, date(answered_at, 'unixepoch'), count(*)"
        " FROM answers GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
        "SELECT guild_id, member_id, (to_timestamp(answered_at) AT TIME ZONE 'UTC')::date::text,"
        " count(*) FROM answers GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
    )
    assert days == expected_days
    assert len(days) > 1


async def test_fifty_writers_share_few_commits(
    storage: Storage, make_answer: Answer, database: Path | str
) -> None:
    members, per_member = 50, 40
    before = storage.commits

    async def member(m: int) -> None:
        for i in range(per_member):
            correct = (m + i) % 3 == 0
            await storage.record_answer(
                make_answer(m, f"q{i}", correct=correct, points=10 if correct else 0,
                            chosen="C" if correct else "A", answered_at=T0 + i * 3_000)
            )  # fmt: skip

    await asyncio.gather(*(member(m) for m in range(members)))
    commits = storage.commits - before
    total = members * per_member
    assert commits <= total // 10, f"{commits} commits for {total} answers"
    assert len(await storage.session_answers("s1")) == total
    board = await storage.leaderboard(111, limit=members)
    assert len(board.rows) == members
    assert sum(row.correct for row in board.rows) == sum(
        (m + i) % 3 == 0 for m in range(members) for i in range(per_member)
    )
    await storage.close()
    await totals_match_answers(database)


async def test_one_bad_item_fails_alone(storage: Storage, make_answer: Answer) -> None:
    await storage.record_answer(make_answer(7, "q1"))
    before = storage.commits
    good = [make_answer(m, "q2") for m in range(20)]
    duplicate = make_answer(7, "q1", chosen="A", correct=False, points=0)
    submitted = [*good[:10], duplicate, *good[10:]]
    outcomes = await asyncio.gather(
        *(storage.record_answer(a) for a in submitted), return_exceptions=True
    )
    failures = [(a, o) for a, o in zip(submitted, outcomes, strict=True) if o is not None]
    assert len(failures) == 1
    assert failures[0][0] is duplicate
    assert isinstance(failures[0][1], DuplicateError)
    stored = {a.key for a in await storage.session_answers("s1")}
    assert stored == {a.key for a in good} | {make_answer(7, "q1").key}
    assert storage.commits - before == 1  # the retry isolates the bad item, commits once


async def test_mixed_batch_with_failures(
    storage: Storage, make_answer: Answer, make_session: Callable[..., SessionRecord]
) -> None:
    badge = BadgeRecord(111, 1, "asgi-vs-wsgi", "Master", "*", "s1", T0)
    outcomes = await asyncio.gather(
        storage.save_session(make_session("s2")),
        storage.record_answer(make_answer(1, "q1")),
        storage.award_badge(badge),
        storage.award_badge(badge),
        storage.record_answer(make_answer(2, "q1", session_id="missing")),
        storage.put_guild_set(111, "orm", "id: orm\n", 1, T0),
        storage.put_guild_set(111, "orm", "id: orm\n", 1, T0),
        storage.end_session("missing", "stopped", T0),
        storage.record_answer(make_answer(3, "q1", session_id="s2")),
        return_exceptions=True,
    )
    assert outcomes[:4] == [None, None, True, False]
    assert isinstance(outcomes[4], ConstraintError)
    assert outcomes[5:7] == [1, 2]
    assert isinstance(outcomes[7], LookupError)
    assert outcomes[8] is None
    assert [s.id for s in await storage.open_sessions()] == ["s1", "s2"]
    assert len(await storage.session_answers("s1")) == 1
    assert len(await storage.session_answers("s2")) == 1


async def test_close_commits_pending_writes(database: Path | str, make_answer: Answer) -> None:
    storage = await Storage.open(database)
    await storage.save_session(
        SessionRecord("s1", 111, 222, None, "challenge", "asgi-vs-wsgi", 9, "running",
                      None, None, None, "{}", T0, T0)
    )  # fmt: skip
    writes = [asyncio.create_task(storage.record_answer(make_answer(m))) for m in range(100)]
    closing = asyncio.create_task(storage.close())  # runs after every write was submitted
    await closing
    assert all(task.done() and task.exception() is None for task in writes)
    assert writer_tasks() == []
    with pytest.raises(StorageClosedError):
        await storage.record_answer(make_answer(200))
    with pytest.raises(StorageClosedError):
        await storage.open_sessions()
    await storage.close()  # twice is fine

    reopened = await Storage.open(database)
    try:
        assert len(await reopened.session_answers("s1")) == 100
    finally:
        await reopened.close()


async def test_writer_task_runs_only_while_writes_are_pending(
    database: Path | str, make_answer: Answer
) -> None:
    storage = await Storage.open(database)
    assert writer_tasks() == []
    await storage.flush()  # nothing pending: no task needed
    assert await storage.open_sessions() == []
    assert writer_tasks() == []
    pending = asyncio.ensure_future(storage.put_guild_set(1, "x", "id: x\n", 2, T0))
    await asyncio.sleep(0)
    assert len(writer_tasks()) == 1
    assert await pending == 1
    await asyncio.sleep(0)
    assert writer_tasks() == []  # the writer ends once nothing is pending
    await storage.close()
    assert writer_tasks() == []


async def test_flush_waits_for_everything_submitted(
    storage: Storage, make_answer: Answer, database: Path | str
) -> None:
    writes = [asyncio.create_task(storage.record_answer(make_answer(m))) for m in range(10)]
    flushing = asyncio.create_task(storage.flush())
    await flushing
    assert all(task.done() for task in writes)
    # committed: visible to another connection
    assert await fetch(database, "SELECT count(*) FROM answers") == [(10,)]


async def test_a_cancelled_caller_does_not_stop_the_writer(
    storage: Storage, make_answer: Answer
) -> None:
    waiting = asyncio.create_task(storage.record_answer(make_answer(1)))

    async def cancel_waiting() -> None:
        waiting.cancel()  # runs after waiting has submitted its answer

    canceller = asyncio.create_task(cancel_waiting())
    others = [asyncio.create_task(storage.record_answer(make_answer(m))) for m in range(2, 6)]
    await canceller
    with pytest.raises(asyncio.CancelledError):
        await waiting
    await asyncio.gather(*others)
    await storage.record_answer(make_answer(9))
    members = {a.member_id for a in await storage.session_answers("s1")}
    assert members == {1, 2, 3, 4, 5, 9}  # once submitted, an answer is written


async def test_memory_storage_groups_commits_too(make_answer: Answer) -> None:
    storage = await Storage.open(":memory:")
    try:
        await storage.save_session(
            SessionRecord("s1", 111, 222, None, "challenge", "asgi-vs-wsgi", 9, "running",
                          None, None, None, "{}", T0, T0)
        )  # fmt: skip
        await asyncio.gather(*(storage.record_answer(make_answer(m)) for m in range(200)))
        assert len(await storage.session_answers("s1")) == 200
        assert storage.commits < 10
    finally:
        await storage.close()
