"""Scoring: earlier tries, faster answers and no hint are worth more; integers, never negative."""

from __future__ import annotations

from engine_helpers import ALICE, BOB, STARTER, T0, make_question, make_set
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import (
    ATTEMPT_POINTS,
    SPEED_BONUS_MAX,
    points_for,
    start_session,
    submit_answer,
    take_hint,
)
from bot.engine import _scoring as scoring_module
from content.model import Mode


def test_base_points_by_attempt() -> None:
    assert [points_for(Mode.PRACTICE, n) for n in range(1, 9)] == [
        100,
        60,
        40,
        30,
        20,
        10,
        10,
        10,
    ]
    assert list(ATTEMPT_POINTS[:4]) == [100, 60, 40, 30]


def test_wrong_answers_and_bad_attempts_are_worth_nothing() -> None:
    for mode in Mode:
        assert points_for(mode, 1, correct=False, time_left=1.0) == 0
        assert points_for(mode, 0, time_left=1.0) == 0


def test_challenge_speed_bonus_is_proportional_to_time_left() -> None:
    assert points_for(Mode.CHALLENGE, 1, time_left=1.0) == 100 + SPEED_BONUS_MAX
    assert points_for(Mode.CHALLENGE, 1, time_left=0.5) == 125
    assert points_for(Mode.CHALLENGE, 2, time_left=0.1) == 65
    assert points_for(Mode.CHALLENGE, 1, time_left=0.0) == 100
    assert points_for(Mode.CHALLENGE, 1, time_left=7.0) == 150
    assert points_for(Mode.CHALLENGE, 1, time_left=-3.0) == 100
    assert points_for(Mode.CHALLENGE, 1, time_left=float("nan")) == 100
    assert points_for(Mode.PRACTICE, 1, time_left=1.0) == 100


def test_hint_costs_a_quarter_of_the_total() -> None:
    assert points_for(Mode.PRACTICE, 1, hint_used=True) == 75
    assert points_for(Mode.PRACTICE, 2, hint_used=True) == 45
    assert points_for(Mode.CHALLENGE, 1, hint_used=True, time_left=1.0) == 112


def test_test_mode_is_a_flat_hundred() -> None:
    assert points_for(Mode.TEST, 1, time_left=1.0) == 100


@settings(max_examples=200, deadline=None)
@given(
    mode=st.sampled_from(list(Mode)),
    attempt=st.integers(1, 10),
    hint=st.booleans(),
    left=st.floats(0, 1),
)
def test_points_are_monotonic(mode: Mode, attempt: int, hint: bool, left: float) -> None:
    points = points_for(mode, attempt, hint_used=hint, time_left=left)
    assert isinstance(points, int)
    assert points > 0
    assert points_for(mode, attempt + 1, hint_used=hint, time_left=left) <= points
    assert points_for(mode, attempt, hint_used=True, time_left=left) <= points
    assert points_for(mode, attempt, hint_used=hint, time_left=min(1.0, left + 0.1)) >= points
    if mode is not Mode.TEST and attempt < 6:
        assert points_for(mode, attempt + 1, hint_used=hint, time_left=left) < points


def test_engine_awards_the_documented_points() -> None:
    qset = make_set(make_question("a", time_limit=100, attempts=3))
    session = start_session(qset, Mode.CHALLENGE, session_id="c", starter_id=STARTER, now=T0)
    session, fast = submit_answer(session, qset, ALICE, 0, T0 + 20)
    assert fast.points == 100 + 40
    session, _ = submit_answer(session, qset, BOB, 2, T0 + 10)
    session, _ = take_hint(session, qset, BOB, T0 + 30)
    session, slow = submit_answer(session, qset, BOB, 0, T0 + 50)
    assert slow.attempt == 2
    assert slow.points == (60 + 25) * 3 // 4
    session, _ = submit_answer(session, qset, STARTER, 1, T0 + 60)
    session, _ = submit_answer(session, qset, STARTER, 2, T0 + 61)
    session, none = submit_answer(session, qset, STARTER, 3, T0 + 99)
    assert none.points == 0
    assert none.member_done
    assert session.round.tries[STARTER].points == 0


def test_scoring_rules_are_documented_in_plain_words() -> None:
    doc = scoring_module.__doc__ or ""
    for phrase in ("first try", "speed bonus", "hint", "test", "sum"):
        assert phrase in doc


def test_the_speed_bonus_is_rounded_down_as_the_readme_says() -> None:
    """50 * (time left / time limit), rounded down: never to the nearest point."""
    assert points_for(Mode.CHALLENGE, 1, time_left=61 / 90) == 100 + 33  # 33.9 → 33
    assert points_for(Mode.CHALLENGE, 1, time_left=59 / 60) == 100 + 49  # 49.2 → 49
    assert points_for(Mode.CHALLENGE, 1, time_left=0.99) == 100 + 49  # 49.5 → 49
    assert points_for(Mode.CHALLENGE, 2, time_left=0.019) == 60 + 0  # 0.95 → 0
    qset = make_set(make_question("q", time_limit=90, attempts=2))
    session = start_session(qset, Mode.CHALLENGE, session_id="c", starter_id=STARTER, now=T0)
    session, answer = submit_answer(session, qset, ALICE, 0, T0 + 29)  # 61 s of 90 left
    assert answer.correct
    assert answer.points == 133
    session, answer = submit_answer(session, qset, BOB, 0, T0 + 44.5)  # 45.5 s left: 25.3
    assert answer.points == 125
