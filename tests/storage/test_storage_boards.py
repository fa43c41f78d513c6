"""Fair leaderboards: per question the best points count once; all time, this week, this month."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from storage import AnswerRecord, LeaderboardRow, SessionRecord, Storage, period_start

Answer = Callable[..., AnswerRecord]
T0 = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC, a Thursday
DAY = 86_400.0
MONDAY = T0 + 4 * DAY  # 2026-01-05 00:00:00 UTC
FEBRUARY = T0 + 31 * DAY  # 2026-02-01 00:00:00 UTC


def board(rows: tuple[LeaderboardRow, ...]) -> list[tuple[int, int, int]]:
    return [(r.member_id, r.points, r.correct) for r in rows]


async def test_repeating_a_question_never_adds_up(
    storage: Storage, make_answer: Answer, make_session: Callable[..., SessionRecord]
) -> None:
    await storage.save_session(make_session("s2", mode="test", created_at=T0, updated_at=T0 + 9))
    await storage.record_answer(make_answer(1, "q1", points=10, answered_at=T0 + 10))
    await storage.record_answer(make_answer(2, "q1", points=10, answered_at=T0 + 11))
    # member 1 answers q1 again with the same points, then retakes it in a test: no more points
    await storage.record_answer(make_answer(1, "q1", attempt=2, points=10, answered_at=T0 + 20))
    await storage.record_answer(make_answer(1, "q1", session_id="s2", mode="test", points=10,
                                            answered_at=T0 + 30))  # fmt: skip
    all_time = await storage.leaderboard(111, now=T0 + 40)
    assert board(all_time.rows) == [(1, 10, 1), (2, 10, 1)]  # tie: 1 reached 10 first
    # a better answer later raises the best, by the difference only
    await storage.record_answer(make_answer(2, "q1", attempt=2, points=25, answered_at=T0 + 50))
    await storage.record_answer(make_answer(1, "q2", points=0, correct=False, answered_at=T0 + 51))
    assert board((await storage.leaderboard(111)).rows) == [(2, 25, 1), (1, 10, 1)]
    one_set = await storage.leaderboard(111, set_id="asgi-vs-wsgi", asker_id=1, limit=1)
    assert board(one_set.rows) == [(2, 25, 1)]
    assert one_set.asker == LeaderboardRow(2, 1, 10, 1)
    # the raw totals of /progress still count every answer
    [progress] = await storage.member_progress(111, 1)
    assert (progress.points, progress.attempts) == (30, 4)


async def test_week_starts_monday_utc_and_month_on_the_first(
    storage: Storage, make_answer: Answer
) -> None:
    await storage.record_answers(
        [
            make_answer(1, "q1", points=10, answered_at=MONDAY - 1),  # Sunday 23:59:59
            make_answer(2, "q1", points=20, answered_at=MONDAY),  # Monday 00:00:00
            make_answer(1, "q1", attempt=2, points=5, answered_at=MONDAY + 60),
            make_answer(3, "q1", points=7, answered_at=FEBRUARY - 1),  # 31 January 23:59:59
            make_answer(3, "q2", points=8, answered_at=FEBRUARY),
        ]
    )

    async def rows(period: str, now: float) -> list[tuple[int, int, int]]:
        return board((await storage.leaderboard(111, period=period, now=now)).rows)

    assert await rows("all", T0) == [(2, 20, 1), (3, 15, 2), (1, 10, 1)]
    assert await rows("week", MONDAY - 1) == [(1, 10, 1)]
    assert await rows("week", T0) == [(1, 10, 1)]  # Thursday 1st: the same ISO week
    # in the new week member 1's best so far is the 5 of this week, not the 10 of last week
    assert await rows("week", MONDAY + 3 * DAY) == [(2, 20, 1), (1, 5, 1)]
    assert await rows("week", MONDAY + 7 * DAY) == []
    assert await rows("month", FEBRUARY - 1) == [(2, 20, 1), (1, 10, 1), (3, 7, 1)]
    assert await rows("month", FEBRUARY) == [(3, 8, 1)]
    february = await storage.leaderboard(111, set_id="asgi-vs-wsgi", period="month",
                                         now=FEBRUARY + 5 * DAY, asker_id=1)  # fmt: skip
    assert (board(february.rows), february.asker) == ([(3, 8, 1)], None)
    with pytest.raises(ValueError, match="period"):
        await storage.leaderboard(111, period="year")


async def test_period_boards_default_to_now(storage: Storage, make_answer: Answer) -> None:
    await storage.record_answer(make_answer(1, "q1", points=10, answered_at=time.time()))
    await storage.record_answer(make_answer(2, "q1", points=50, answered_at=T0))
    assert board((await storage.leaderboard(111, period="week")).rows) == [(1, 10, 1)]
    assert board((await storage.leaderboard(111, period="month")).rows) == [(1, 10, 1)]
    assert board((await storage.leaderboard(111)).rows) == [(2, 50, 1), (1, 10, 1)]


async def test_period_asker_rank(storage: Storage, make_answer: Answer) -> None:
    await storage.record_answers(
        [make_answer(m, "q1", points=100 - m, answered_at=MONDAY + m) for m in range(1, 16)]
        + [make_answer(99, "q1", points=500, answered_at=T0)]  # last week: not this week
    )
    week = await storage.leaderboard(111, period="week", now=MONDAY + DAY, asker_id=12, limit=3)
    assert [r.member_id for r in week.rows] == [1, 2, 3]
    assert week.asker == LeaderboardRow(12, 12, 88, 1)
    last_week = await storage.leaderboard(111, period="week", now=T0, asker_id=12)
    assert (board(last_week.rows), last_week.asker) == ([(99, 500, 1)], None)


def test_period_start_arithmetic() -> None:
    assert period_start("all", T0 + 5) == 0
    assert period_start("week", MONDAY - 1) == MONDAY - 7 * DAY
    assert period_start("week", MONDAY) == MONDAY
    assert period_start("week", MONDAY + 7 * DAY - 0.5) == MONDAY
    assert period_start("month", FEBRUARY - 0.5) == T0
    assert period_start("month", FEBRUARY) == FEBRUARY
    with pytest.raises(ValueError, match="period"):
        period_start("day", T0)
