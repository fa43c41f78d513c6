"""Reads: sessions, answers, progress, leaderboards, badges, streak days, guild sets."""

from __future__ import annotations

import asyncio
import datetime
import enum
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from storage import (
    AnswerRecord,
    BadgeRecord,
    LeaderboardRow,
    ResultRecord,
    SessionRecord,
    Storage,
)

Answer = Callable[..., AnswerRecord]
T0 = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC
DAY = 86_400.0


async def test_session_round_trip_resume_and_end(
    storage: Storage, make_session: Callable[..., SessionRecord], database: Path | str
) -> None:
    moved = make_session(
        thread_id=555, question_id="q2", deadline=T0 + 300, message_id=777,
        state='{"index": 1, "asked": ["q1"]}', updated_at=T0 + 200,
    )  # fmt: skip
    await storage.save_session(moved)
    untimed = make_session(
        "s2", mode="practice", deadline=None, created_at=T0 + 5, updated_at=T0 + 5
    )
    await storage.save_session(untimed)
    assert await storage.open_sessions() == [moved, untimed]

    await storage.close()  # a restart sees exactly what was saved
    reopened = await Storage.open(database)
    try:
        assert await reopened.open_sessions() == [moved, untimed]
        assert await reopened.end_session("s1", "stopped", T0 + 400) is True
        assert await reopened.end_session("s1", "finished", T0 + 500) is False  # first end wins
        assert await reopened.open_sessions() == [untimed]
    finally:
        await reopened.close()


async def test_session_answers_in_recorded_order(storage: Storage, make_answer: Answer) -> None:
    recorded = [
        make_answer(3, "q2", answered_at=T0 + 1),
        make_answer(1, "q1", answered_at=T0 + 5),
        make_answer(1, "q1", attempt=2, answered_at=T0 + 2),
        make_answer(2, "q1", correct=False, points=0, chosen="A"),
    ]
    for answer in recorded:
        await storage.record_answer(answer)
    assert await storage.session_answers("s1") == recorded
    assert await storage.session_answers("other") == []


async def test_str_enum_modes_are_stored_as_text(storage: Storage, make_answer: Answer) -> None:
    class Mode(enum.StrEnum):
        CHALLENGE = "challenge"

    await storage.record_answer(make_answer(mode=Mode.CHALLENGE))
    [stored] = await storage.session_answers("s1")
    assert stored.mode == "challenge"


async def test_member_progress(
    storage: Storage, make_answer: Answer, make_session: Callable[..., SessionRecord]
) -> None:
    await storage.save_session(make_session("t1", mode="test", set_id="other", starter_id=1))
    await storage.record_answers(
        [
            make_answer(1, "q1", attempt=1, correct=False, points=0, chosen="A"),
            make_answer(1, "q1", attempt=2, correct=True, points=5),
            make_answer(1, "q2", attempt=1, correct=False, points=0, chosen="B"),
            make_answer(1, "q2", attempt=2, correct=False, points=0, chosen="D"),
            make_answer(1, "q3", attempt=1, correct=True, points=10, answered_at=T0 + 70),
            make_answer(2, "q1", attempt=1),  # someone else
        ]
    )
    await storage.record_answer(
        make_answer(1, "x1", session_id="t1", set_id="other", mode="test", answered_at=T0 + 10)
    )
    await storage.record_result(ResultRecord(111, 1, "other", "test", "t1", 1, 1, T0 + 20))
    await storage.record_result(ResultRecord(111, 1, "asgi-vs-wsgi", "challenge", "s1", 2, 3, T0))
    progress = await storage.member_progress(111, 1)
    assert [p.set_id for p in progress] == ["asgi-vs-wsgi", "other"]  # most recent first
    main, other = progress
    assert (main.questions_attempted, main.questions_correct) == (3, 2)
    assert (main.attempts, main.correct_attempts, main.points) == (5, 2, 15)
    assert main.accuracy == pytest.approx(0.4)
    assert (main.best_challenge, main.best_test) == ((2, 3), None)
    assert main.last_active == T0 + 70
    assert (other.questions_attempted, other.questions_correct, other.points) == (1, 1, 10)
    assert (other.best_challenge, other.best_test) == (None, (1, 1))
    assert await storage.member_progress(999, 1) == []  # guilds are separate


async def test_progress_for_a_result_without_answers(storage: Storage) -> None:
    await storage.record_result(ResultRecord(111, 5, "asgi-vs-wsgi", "test", "s1", 0, 10, T0))
    [progress] = await storage.member_progress(111, 5)
    assert (progress.attempts, progress.accuracy, progress.best_test) == (0, None, (0, 10))


async def test_best_scores_keep_the_best(storage: Storage) -> None:
    def result(score: int, total: int, at: float) -> ResultRecord:
        session = f"r{int(at)}"
        return ResultRecord(111, 1, "asgi-vs-wsgi", "test", session, score, total, at)

    async def best() -> tuple[int, int] | None:
        [progress] = await storage.member_progress(111, 1)
        return progress.best_test

    for at in (1.0, 2.0, 3.0, 4.0, 5.0):
        await storage.save_session(
            SessionRecord(f"r{int(at)}", 111, 2, None, "test", "asgi-vs-wsgi", 1, "finished",
                          None, None, None, "{}", at, at)
        )  # fmt: skip
    assert await storage.record_result(result(6, 10, 1.0)) is True
    assert await storage.record_result(result(5, 10, 2.0)) is False
    assert await best() == (6, 10)
    assert await storage.record_result(result(3, 5, 3.0)) is False  # same ratio, fewer points
    assert await storage.record_result(result(9, 10, 4.0)) is True
    assert await best() == (9, 10)
    assert await storage.record_result(result(9, 10, 4.0)) is False  # same result twice
    assert await storage.record_result(result(10, 10, 5.0)) is True
    assert await best() == (10, 10)


async def test_leaderboard_order_and_ties(storage: Storage, make_answer: Answer) -> None:
    await storage.record_answers(
        [
            make_answer(1, "q1", points=30, answered_at=T0 + 50),
            make_answer(2, "q1", points=20, answered_at=T0 + 10),
            make_answer(2, "q2", points=10, correct=False, answered_at=T0 + 20),
            # 3 ties 2 on points and correct answers but got there later
            make_answer(3, "q1", points=30, answered_at=T0 + 30),
            # 4 ties 1 on points with fewer correct answers
            make_answer(4, "q1", points=30, correct=False, answered_at=T0 + 1),
            make_answer(5, "q1", points=0, correct=False),
        ]
    )
    board = await storage.leaderboard(111)
    assert board.rows == (
        LeaderboardRow(1, 2, 30, 1),
        LeaderboardRow(2, 3, 30, 1),
        LeaderboardRow(3, 1, 30, 1),
        LeaderboardRow(4, 4, 30, 0),
        LeaderboardRow(5, 5, 0, 0),
    )
    assert board.asker is None
    assert (await storage.leaderboard(111, asker_id=3)).asker is None  # already in the rows
    assert (await storage.leaderboard(111, asker_id=404)).asker is None  # never answered
    assert (await storage.leaderboard(222)).rows == ()


async def test_leaderboard_asker_outside_the_top(storage: Storage, make_answer: Answer) -> None:
    answers = [make_answer(m, "q1", points=100 - m) for m in range(1, 26)]
    await storage.record_answers(answers)
    board = await storage.leaderboard(111, asker_id=20)
    assert [row.member_id for row in board.rows] == list(range(1, 11))
    assert [row.rank for row in board.rows] == list(range(1, 11))
    assert board.asker == LeaderboardRow(20, 20, 80, 1)
    short = await storage.leaderboard(111, asker_id=4, limit=3)
    assert (len(short.rows), short.asker) == (3, LeaderboardRow(4, 4, 96, 1))
    with pytest.raises(ValueError, match="limit"):
        await storage.leaderboard(111, limit=-1)


async def test_per_set_leaderboard(
    storage: Storage, make_answer: Answer, make_session: Callable[..., SessionRecord]
) -> None:
    await storage.save_session(make_session("s2", set_id="django-orm"))
    await storage.record_answers(
        [
            make_answer(1, "q1", points=10),
            make_answer(2, "q1", points=5),
            make_answer(2, "o1", set_id="django-orm", session_id="s2", points=50),
            make_answer(3, "o1", set_id="django-orm", session_id="s2", points=20),
        ]
    )
    overall = await storage.leaderboard(111)
    assert [(r.member_id, r.points) for r in overall.rows] == [(2, 55), (3, 20), (1, 10)]
    asgi = await storage.leaderboard(111, set_id="asgi-vs-wsgi", asker_id=3)
    assert [(r.member_id, r.points) for r in asgi.rows] == [(1, 10), (2, 5)]
    assert asgi.asker is None  # no points in this set
    orm = await storage.leaderboard(111, set_id="django-orm", asker_id=3, limit=1)
    assert [(r.member_id, r.points) for r in orm.rows] == [(2, 50)]
    assert orm.asker == LeaderboardRow(2, 3, 20, 1)


async def test_leaderboards_are_per_guild(
    storage: Storage, make_answer: Answer, make_session: Callable[..., SessionRecord]
) -> None:
    await storage.save_session(make_session("dm", guild_id=0, channel_id=5, mode="practice"))
    await storage.record_answer(make_answer(1, points=10))
    await storage.record_answer(
        make_answer(1, guild_id=0, channel_id=5, session_id="dm", mode="practice", points=99)
    )
    assert [r.points for r in (await storage.leaderboard(111)).rows] == [10]
    assert [r.points for r in (await storage.leaderboard(0)).rows] == [99]


async def test_badges_are_unique_per_member_and_set(storage: Storage) -> None:
    badge = BadgeRecord(111, 1, "asgi-vs-wsgi", "ASGI vs WSGI Master", "🎖️", "s1", T0)
    assert await storage.award_badge(badge) is True
    assert await storage.award_badge(replace(badge, awarded_at=T0 + 5)) is False
    assert await storage.award_badge(replace(badge, member_id=2)) is True
    assert await storage.award_badge(replace(badge, guild_id=0)) is True
    assert await storage.member_badges(111, 1) == [badge]
    assert len(await storage.member_badges(0, 1)) == 1
    assert await storage.member_badges(111, 3) == []


async def test_active_days_are_utc_days_ascending(storage: Storage, make_answer: Answer) -> None:
    times = [
        T0 + 2 * DAY + 5,
        T0 + 10,
        T0 + DAY - 1,  # 23:59:59 UTC: still the first day
        T0 + 5 * DAY,
        T0 + 2 * DAY + 50,
    ]
    for index, at in enumerate(times):
        await storage.record_answer(make_answer(1, f"q{index}", answered_at=at))
    assert await storage.active_days(111, 1) == [
        datetime.date(2026, 1, 1),
        datetime.date(2026, 1, 3),
        datetime.date(2026, 1, 6),
    ]
    assert await storage.active_days(111, 2) == []
    assert await storage.active_days(0, 1) == []


async def test_guild_sets_versions_and_isolation(storage: Storage) -> None:
    assert await storage.put_guild_set(111, "orm", "id: orm\n", 9, T0) == 1
    assert await storage.put_guild_set(111, "orm", "id: orm\ntitle: v2\n", 8, T0 + 1) == 2
    assert await storage.put_guild_set(222, "orm", "id: orm\ntitle: theirs\n", 7, T0 + 2) == 1
    assert await storage.put_guild_set(111, "async", "id: async\n", 9, T0 + 3) == 1
    mine = await storage.guild_set(111, "orm")
    assert mine is not None
    assert (mine.yaml_text, mine.loaded_by, mine.loaded_at, mine.version) == (
        "id: orm\ntitle: v2\n", 8, T0 + 1, 2,
    )  # fmt: skip
    assert [s.set_id for s in await storage.guild_sets(111)] == ["async", "orm"]
    assert [s.set_id for s in await storage.guild_sets(222)] == ["orm"]
    assert await storage.guild_set(333, "orm") is None
    assert [(s.guild_id, s.set_id) for s in await storage.all_guild_sets()] == [
        (111, "async"), (111, "orm"), (222, "orm"),
    ]  # fmt: skip
    assert await storage.remove_guild_set(222, "orm") is True
    assert await storage.remove_guild_set(222, "orm") is False
    assert await storage.guild_set(111, "orm") is not None


async def test_removing_a_set_keeps_the_members_history(
    storage: Storage, make_answer: Answer
) -> None:
    await storage.put_guild_set(111, "asgi-vs-wsgi", "id: asgi-vs-wsgi\n", 9, T0)
    await storage.record_answer(make_answer(1))
    await storage.award_badge(BadgeRecord(111, 1, "asgi-vs-wsgi", "Master", "*", "s1", T0))
    await storage.record_result(ResultRecord(111, 1, "asgi-vs-wsgi", "challenge", "s1", 1, 1, T0))
    assert await storage.remove_guild_set(111, "asgi-vs-wsgi") is True
    assert await storage.guild_sets(111) == []
    assert len(await storage.session_answers("s1")) == 1
    [progress] = await storage.member_progress(111, 1)
    assert (progress.points, progress.best_challenge) == (10, (1, 1))
    assert len(await storage.member_badges(111, 1)) == 1
    assert [r.member_id for r in (await storage.leaderboard(111)).rows] == [1]
    assert await storage.put_guild_set(111, "asgi-vs-wsgi", "id: asgi-vs-wsgi\n", 9, T0) == 1


async def test_reads_wait_for_writes_submitted_before_them(
    storage: Storage, make_answer: Answer
) -> None:
    # tasks start in creation order: the writes are submitted before the read is issued
    writes = [asyncio.create_task(storage.record_answer(make_answer(m))) for m in range(1, 31)]
    read = asyncio.create_task(storage.leaderboard(111, limit=100))
    board = await read
    assert len(board.rows) == 30
    assert all(task.done() for task in writes)
    await asyncio.gather(*writes)
