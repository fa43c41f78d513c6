"""Property: whatever answers arrive, concurrently, the reads agree with a plain model."""

from __future__ import annotations

import asyncio
import datetime
from collections import defaultdict
from itertools import count, product
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from storage import (
    PERIODS,
    AnswerRecord,
    FirstTry,
    LeaderboardRow,
    SessionRecord,
    Storage,
    period_start,
)

T0 = 1_767_225_600.0
SETS = ("alpha", "beta")

answer_specs = st.lists(
    st.tuples(
        st.integers(1, 6),  # member
        st.sampled_from(SETS),
        st.sampled_from(("q1", "q2", "q3")),
        st.booleans(),  # correct
        st.integers(0, 20),  # points
        st.integers(1, 90_000),  # seconds after the previous answer (weeks and months pass)
    ),
    max_size=60,
)


def build(specs: list[tuple[int, str, str, bool, int, int]], guild: int) -> list[AnswerRecord]:
    """Return answers in time order, numbering each member's attempts per question."""
    attempts: dict[tuple[int, str, str], int] = defaultdict(int)
    answers, at = [], T0
    for member, set_id, question, correct, points, gap in specs:
        at += gap
        attempts[member, set_id, question] += 1
        answers.append(
            AnswerRecord(guild, 8, member, set_id, question, "practice", f"s{guild}-{set_id}",
                         attempts[member, set_id, question], "ABCD"[points % 4], correct, points,
                         1.0, at)
        )  # fmt: skip
    return answers


def expected_board(
    answers: list[AnswerRecord], set_id: str | None, period: str, now: float
) -> list[tuple[int, int, int]]:
    """Return (member, points, correct) best first, as the leaderboard defines it.

    Points: per question, the best points earned on it in the period containing now; correct:
    the questions answered right in it. Ties: more correct, then who reached the points first.
    """
    start = period_start(period, now)
    chosen = [
        a for a in answers
        if (set_id is None or a.set_id == set_id) and period_start(period, a.answered_at) == start
    ]  # fmt: skip
    best: dict[tuple[int, str, str], int] = {}
    right: set[tuple[int, str, str]] = set()
    scored: dict[int, float] = {}
    first: dict[int, float] = {}
    for a in chosen:
        key = (a.member_id, a.set_id, a.question_id)
        first.setdefault(a.member_id, a.answered_at)
        if a.points > best.get(key, 0):
            scored[a.member_id] = a.answered_at  # answers come in time order
        best[key] = max(best.get(key, 0), a.points)
        if a.correct:
            right.add(key)
    points = {m: sum(p for (who, _, _), p in best.items() if who == m) for m in first}
    correct = {m: sum(1 for who, _, _ in right if who == m) for m in first}
    members = sorted(first, key=lambda m: (-points[m], -correct[m], scored.get(m, first[m]), m))
    return [(m, points[m], correct[m]) for m in members]


async def check(database: Path | str, guild: int, answers: list[AnswerRecord]) -> None:
    """Record the answers concurrently and compare every read with the model.

    Examples share one database; each has a guild (and sessions) of its own.
    """
    storage = await Storage.open(database)
    try:
        for set_id in SETS:
            await storage.save_session(
                SessionRecord(f"s{guild}-{set_id}", guild, 8, None, "practice", set_id, 1,
                              "running", None, None, None, "{}", T0, T0)
            )  # fmt: skip
        await asyncio.gather(*(storage.record_answer(a) for a in answers))

        times = [a.answered_at for a in answers] or [T0]
        nows = {times[0], times[len(times) // 2], times[-1]}
        for set_id, period, now in product((None, *SETS), PERIODS, nows):
            board = await storage.leaderboard(
                guild, set_id=set_id, limit=3, asker_id=6, period=period, now=now
            )
            model = expected_board(answers, set_id, period, now)
            assert [(r.member_id, r.points, r.correct) for r in board.rows] == model[:3]
            assert [r.rank for r in board.rows] == list(range(1, len(board.rows) + 1))
            ranks = {m: rank for rank, (m, _, _) in enumerate(model, 1)}
            if 6 in ranks and ranks[6] > 3:
                assert board.asker == LeaderboardRow(ranks[6], *model[ranks[6] - 1])
            else:
                assert board.asker is None

        for set_id in SETS:
            tries = [
                FirstTry(a.member_id, a.question_id, a.chosen, a.correct)
                for a in answers
                if a.set_id == set_id and a.attempt == 1
            ]
            tries.sort(key=lambda t: (t.member_id, t.question_id))
            assert await storage.first_tries(guild, set_id) == tries

        for member in range(1, 7):
            mine = [a for a in answers if a.member_id == member]
            progress = {p.set_id: p for p in await storage.member_progress(guild, member)}
            assert set(progress) == {a.set_id for a in mine}
            for set_id, p in progress.items():
                in_set = [a for a in mine if a.set_id == set_id]
                assert p.attempts == len(in_set)
                assert p.correct_attempts == sum(a.correct for a in in_set)
                assert p.points == sum(a.points for a in in_set)
                assert p.questions_attempted == len({a.question_id for a in in_set})
                assert p.questions_correct == len({a.question_id for a in in_set if a.correct})
                assert p.last_active == max(a.answered_at for a in in_set)
            days = sorted(
                {datetime.datetime.fromtimestamp(a.answered_at, datetime.UTC).date() for a in mine}
            )
            assert await storage.active_days(guild, member) == days
    finally:
        await storage.close()


def test_reads_agree_with_a_model(database_target: Path | str) -> None:
    guilds = count(1)

    @settings(max_examples=40, deadline=None)
    @given(answer_specs)
    def run(specs: list[tuple[int, str, str, bool, int, int]]) -> None:
        guild = next(guilds)
        asyncio.run(check(database_target, guild, build(specs, guild)))

    run()
