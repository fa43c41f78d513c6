"""Test mode: one member, one attempt, no hints, timed; picked across difficulties."""

from __future__ import annotations

from collections import Counter

import pytest
from engine_helpers import ALICE, STARTER, T0, make_question, make_set
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.engine import (
    NoQuestionsError,
    Rejection,
    pick_test_questions,
    start_session,
    submit_answer,
    take_hint,
)
from content.model import Difficulty, Mode, Question

TIERS = [Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD, Difficulty.EXPERT]


def _bank(counts: dict[Difficulty, int]) -> tuple[Question, ...]:
    return tuple(
        make_question(f"{difficulty}-{n}", difficulty=difficulty, attempts=3, time_limit=45)
        for difficulty, count in counts.items()
        for n in range(count)
    )


def test_test_uses_one_attempt_time_limit_and_no_hints() -> None:
    qset = make_set(*_bank({Difficulty.EASY: 2, Difficulty.HARD: 2}))
    session = start_session(qset, Mode.TEST, session_id="t", starter_id=STARTER, now=T0)
    assert session.personal
    assert session.round.attempts == 1
    assert session.round.deadline == T0 + 45
    after, hint = take_hint(session, qset, STARTER, T0 + 1)
    assert after is session
    assert hint.rejection is Rejection.HINTS_DISABLED
    assert hint.hint is None
    assert not hint.first_time
    after, outcome = submit_answer(session, qset, STARTER, 1, T0 + 2)
    assert not outcome.correct
    assert outcome.member_done
    assert outcome.round_closed
    assert outcome.attempts_left == 0
    _, outcome = submit_answer(session, qset, STARTER, 0, T0 + 2)
    assert outcome.points == 100
    _, outcome = submit_answer(session, qset, ALICE, 0, T0 + 2)
    assert outcome.rejection is Rejection.NOT_PARTICIPANT


def test_test_takes_at_most_ten_questions_spread_over_tiers() -> None:
    qset = make_set(*_bank({Difficulty.EASY: 8, Difficulty.MEDIUM: 8, Difficulty.HARD: 8}))
    session = start_session(qset, Mode.TEST, session_id="t", starter_id=STARTER, now=T0, seed=3)
    assert len(session.question_ids) == 10
    tiers = Counter(qset.question(q).difficulty for q in session.question_ids)
    assert tiers == {Difficulty.EASY: 4, Difficulty.MEDIUM: 3, Difficulty.HARD: 3}
    ranks = [qset.question(q).difficulty.rank for q in session.question_ids]
    assert ranks == sorted(ranks)


def test_small_tier_is_represented_and_others_fill_up() -> None:
    bank = _bank({Difficulty.EASY: 1, Difficulty.INTERMEDIATE: 12, Difficulty.EXPERT: 2})
    picked = pick_test_questions(bank, seed=1)
    tiers = Counter(q.difficulty for q in picked)
    assert tiers == {Difficulty.EASY: 1, Difficulty.INTERMEDIATE: 7, Difficulty.EXPERT: 2}


def test_pick_is_deterministic_for_a_seed_and_varies_with_it() -> None:
    bank = _bank({Difficulty.EASY: 10, Difficulty.HARD: 10})
    first = pick_test_questions(bank, seed=42)
    assert first == pick_test_questions(bank, seed=42)
    assert any(pick_test_questions(bank, seed=s) != first for s in range(5))


def test_fewer_questions_than_limit_plays_them_all() -> None:
    bank = _bank({Difficulty.HARD: 2, Difficulty.EASY: 1})
    picked = pick_test_questions(bank, seed=0)
    assert [q.id for q in picked] == ["easy-0", "hard-0", "hard-1"]
    assert pick_test_questions(bank, limit=0, seed=0) == ()
    with pytest.raises(ValueError, match="limit"):
        pick_test_questions(bank, limit=-1, seed=0)


@settings(max_examples=100, deadline=None)
@given(
    counts=st.lists(st.integers(0, 6), min_size=4, max_size=4),
    limit=st.integers(1, 12),
    seed=st.integers(0, 2**32),
)
def test_pick_properties(counts: list[int], limit: int, seed: int) -> None:
    bank = _bank(dict(zip(TIERS, counts, strict=True)))
    picked = pick_test_questions(bank, limit=limit, seed=seed)
    assert len(picked) == min(limit, len(bank))
    assert len({q.id for q in picked}) == len(picked)
    ranks = [q.difficulty.rank for q in picked]
    assert ranks == sorted(ranks)
    present = {q.difficulty.rank for q in bank}
    if limit >= len(present):
        assert set(ranks) == present
    per_tier = Counter(ranks)
    # round-robin: a tier short of others only when it ran out of questions
    for rank in present:
        available = sum(1 for q in bank if q.difficulty.rank == rank)
        for other in present:
            assert per_tier[rank] >= min(available, per_tier[other] - 1)
    assert picked == pick_test_questions(bank, limit=limit, seed=seed)


def test_no_questions_for_mode_raises_a_sentence() -> None:
    qset = make_set(make_question("a", modes=[Mode.PRACTICE]))
    for mode in (Mode.CHALLENGE, Mode.TEST):
        with pytest.raises(NoQuestionsError, match=r"has no questions for .* mode\.") as info:
            start_session(qset, mode, session_id="x", starter_id=STARTER, now=T0)
        assert isinstance(info.value, ValueError)
