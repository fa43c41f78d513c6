"""Results: ranking, per-member totals, badge winners and the test verdict."""

from __future__ import annotations

from engine_helpers import ALICE, BOB, STARTER, T0, make_question, make_set

from bot.engine import (
    DEVELOPING_PERCENT,
    STRONG_PERCENT,
    Session,
    Verdict,
    advance,
    close_round,
    expire,
    session_result,
    start_session,
    stop,
    submit_answer,
    take_hint,
    verdict_for,
)
from content.model import Difficulty, Mode, QuestionSet


def _play_challenge(
    answers: dict[int, list[tuple[int, int, float]]], *, badge: bool = True, finish: bool = True
) -> tuple[QuestionSet, Session]:
    """Play a 2-question challenge; ``answers`` maps question index to (member, option, t)."""
    qset = make_set(
        make_question("q1", answer=0, time_limit=100),
        make_question("q2", answer=1, time_limit=100),
        badge=badge,
    )
    session = start_session(qset, Mode.CHALLENGE, session_id="c", starter_id=STARTER, now=T0)
    for index in range(2):
        opened = session.round.opened_at
        for member, option, offset in answers.get(index, ()):
            session, _ = submit_answer(session, qset, member, option, opened + offset)
        session = expire(session, opened + 100)
        if index == 0 or finish:
            session = advance(session, qset, opened + 100)
    return qset, session


def test_ranking_orders_points_then_correct_then_time_then_id() -> None:
    qset, session = _play_challenge(
        {
            0: [(ALICE, 0, 50), (BOB, 0, 50), (STARTER, 1, 10), (STARTER, 2, 20)],
            1: [(ALICE, 1, 50), (BOB, 1, 50)],
        }
    )
    result = session_result(session, qset)
    assert [m.member_id for m in result.members] == [ALICE, BOB, STARTER]
    assert [m.rank for m in result.members] == [1, 2, 3]
    alice = result.members[0]
    assert alice.points == 250
    assert alice.correct == 2
    assert alice.first_try == 2
    assert alice.answered == 2
    assert alice.seconds == 100
    assert alice.per_question == (("q1", True), ("q2", True))
    starter = result.members[2]
    assert starter.points == 0
    assert starter.answered == 1
    assert starter.per_question == (("q1", False), ("q2", False))
    assert result.total_questions == 2
    assert result.test is None


def test_ties_on_points_break_by_correct_count_then_time() -> None:
    qset, session = _play_challenge(
        {
            0: [(ALICE, 0, 0), (BOB, 1, 1), (BOB, 0, 2)],
            1: [(BOB, 0, 0)],
        }
    )
    result = session_result(session, qset)
    by_id = {m.member_id: m for m in result.members}
    assert by_id[ALICE].points == 150
    assert by_id[BOB].points == 60 + 49
    assert [m.member_id for m in result.members][:2] == [ALICE, BOB]
    # same points and correct count: the faster member ranks first, then the lower id
    qset, session = _play_challenge({0: [(BOB, 0, 0), (ALICE, 0, 0)], 1: []})
    assert [m.member_id for m in session_result(session, qset).members] == [ALICE, BOB, STARTER]


def test_member_total_is_sum_of_question_points_and_hints_are_counted() -> None:
    qset = make_set()
    session = start_session(qset, Mode.PRACTICE, session_id="p", starter_id=STARTER, now=T0)
    session, _ = take_hint(session, qset, STARTER, T0 + 1)
    session, _ = submit_answer(session, qset, STARTER, 0, T0 + 2)
    session = advance(session, qset, T0 + 3)
    session, _ = submit_answer(session, qset, STARTER, 0, T0 + 4)
    session, _ = submit_answer(session, qset, STARTER, 1, T0 + 5)
    result = session_result(session, qset)
    (me,) = result.members
    assert me.points == 75 + 60
    assert me.points == sum(r.tries[STARTER].points for r in session.rounds)
    assert me.hints_used == 1
    assert me.first_try == 1
    assert me.per_question == (("q1", True), ("q2", True), ("q3", False))


def test_badge_goes_to_clean_sweepers_of_a_finished_challenge() -> None:
    answers = {
        0: [(ALICE, 0, 1), (BOB, 2, 1), (BOB, 0, 2), (STARTER, 0, 3)],
        1: [(ALICE, 1, 1), (BOB, 1, 1), (STARTER, 0, 1), (STARTER, 0, 2)],
    }
    qset, session = _play_challenge(answers)
    assert session_result(session, qset).badge_winners == {ALICE, BOB}


def test_no_badge_without_a_set_badge_or_when_stopped() -> None:
    answers = {0: [(ALICE, 0, 1)], 1: [(ALICE, 1, 1)]}
    qset, session = _play_challenge(answers, badge=False)
    assert session_result(session, qset).badge_winners == frozenset()
    qset, session = _play_challenge(answers, finish=False)
    stopped = stop(session, T0 + 500)
    assert session_result(stopped, qset).badge_winners == frozenset()


def test_joining_late_cannot_sweep() -> None:
    qset, session = _play_challenge({0: [(ALICE, 0, 1)], 1: [(ALICE, 1, 1), (BOB, 1, 1)]})
    assert session_result(session, qset).badge_winners == {ALICE}


def test_practice_has_no_badge() -> None:
    qset = make_set(make_question("q1"))
    session = start_session(qset, Mode.PRACTICE, session_id="p", starter_id=STARTER, now=T0)
    session, _ = submit_answer(session, qset, STARTER, 0, T0 + 1)
    session = advance(session, qset, T0 + 2)
    assert session_result(session, qset).badge_winners == frozenset()


def test_verdict_thresholds() -> None:
    assert STRONG_PERCENT == 80
    assert DEVELOPING_PERCENT == 50
    assert verdict_for(8, 10) is Verdict.STRONG
    assert verdict_for(7, 10) is Verdict.DEVELOPING
    assert verdict_for(5, 10) is Verdict.DEVELOPING
    assert verdict_for(4, 10) is Verdict.NEEDS_WORK
    assert verdict_for(4, 5) is Verdict.STRONG
    assert verdict_for(0, 0) is Verdict.NEEDS_WORK
    for verdict in Verdict:
        assert verdict.sentence.endswith(".")


def test_test_result_scores_by_difficulty() -> None:
    questions = [make_question(f"e{n}", difficulty=Difficulty.EASY, answer=0) for n in range(2)] + [
        make_question(f"h{n}", difficulty=Difficulty.HARD, answer=0) for n in range(3)
    ]
    qset = make_set(*questions)
    session = start_session(qset, Mode.TEST, session_id="t", starter_id=STARTER, now=T0)
    right = {"e0", "e1", "h0", "h2"}
    now = T0
    while session.running:
        qid = session.round.question_id
        session, outcome = submit_answer(session, qset, STARTER, 0 if qid in right else 1, now)
        assert outcome.round_closed
        session = advance(session, qset, now + 1)
        now += 2
    test = session_result(session, qset).test
    assert test is not None
    assert (test.score, test.total) == (4, 5)
    assert test.by_difficulty == ((Difficulty.EASY, 2, 2), (Difficulty.HARD, 2, 3))
    assert test.verdict is Verdict.STRONG


def test_test_result_counts_the_six_words_on_the_one_scale() -> None:
    words = [Difficulty.INTERMEDIATE, Difficulty.MEDIUM, Difficulty.ADVANCED, Difficulty.EXPERT]
    qset = make_set(*(make_question(f"q{n}", difficulty=word) for n, word in enumerate(words)))
    session = start_session(qset, Mode.TEST, session_id="t", starter_id=STARTER, now=T0)
    now = T0
    while session.running:
        session, _ = submit_answer(session, qset, STARTER, 0, now)
        session = advance(session, qset, now + 1)
        now += 2
    test = session_result(session, qset).test
    assert test is not None
    assert [(level, total) for level, _, total in test.by_difficulty] == [
        (Difficulty.MEDIUM, 2),  # intermediate and medium are one level
        (Difficulty.HARD, 1),  # advanced is hard
        (Difficulty.EXPERT, 1),
    ]


def test_stopped_test_counts_unplayed_questions_as_missed() -> None:
    qset = make_set(*(make_question(f"q{n}") for n in range(4)))
    session = start_session(qset, Mode.TEST, session_id="t", starter_id=STARTER, now=T0)
    session, _ = submit_answer(session, qset, STARTER, 0, T0 + 1)
    session = stop(advance(session, qset, T0 + 2), T0 + 3)
    result = session_result(session, qset)
    assert result.test is not None
    assert (result.test.score, result.test.total) == (1, 4)
    assert result.test.verdict is Verdict.NEEDS_WORK
    assert result.members[0].per_question[1:] == (("q1", False), ("q2", False), ("q3", False))


def test_result_of_a_running_session_counts_what_is_there() -> None:
    qset = make_set()
    session = start_session(qset, Mode.CHALLENGE, session_id="c", starter_id=STARTER, now=T0)
    session, _ = submit_answer(session, qset, ALICE, 0, T0 + 1)
    result = session_result(close_round(session, T0 + 2), qset)
    assert result.members[0].member_id == ALICE
    assert result.badge_winners == frozenset()


def test_a_stopped_session_counts_only_the_questions_played() -> None:
    """Stopped while question 3 of 4 showed and nobody had answered it: 2 played."""
    qset = make_set(*(make_question(f"q{n}", time_limit=100) for n in range(4)))
    session = start_session(qset, Mode.CHALLENGE, session_id="c", starter_id=STARTER, now=T0)
    for offset in (0, 100):
        session, _ = submit_answer(session, qset, ALICE, 0, T0 + offset + 1)
        session = advance(expire(session, T0 + offset + 100), qset, T0 + offset + 100)
    stopped = stop(session, T0 + 205)
    result = session_result(stopped, qset)
    assert (result.played, result.total_questions) == (2, 4)
    session, _ = submit_answer(session, qset, ALICE, 1, T0 + 201)  # an answer: it was played
    assert session_result(stop(session, T0 + 205), qset).played == 3
    finished = advance(expire(session, T0 + 300), qset, T0 + 300)
    finished = advance(expire(finished, T0 + 400), qset, T0 + 400)
    assert session_result(finished, qset).played == 4


def test_a_tests_misses_are_due_ten_minutes_after_each_was_rated() -> None:
    """Wrong at its answer, out of time at its close: each is due 10 minutes (600 s) later."""
    qset = make_set(*(make_question(f"q{n}", time_limit=60) for n in range(4)))
    session = start_session(qset, Mode.TEST, session_id="t", starter_id=STARTER, now=T0)
    ids = session.question_ids
    session, _ = submit_answer(session, qset, STARTER, 1, T0 + 5)  # wrong
    session = advance(session, qset, T0 + 6)
    session, _ = submit_answer(session, qset, STARTER, 0, T0 + 10)  # right
    session = advance(session, qset, T0 + 11)
    session = advance(expire(session, T0 + 71), qset, T0 + 71)  # left to time out
    result = session_result(stop(session, T0 + 80), qset)  # q4 shown, unanswered: not played
    assert result.test is not None
    assert result.test.revisit == ((1, ids[0], T0 + 5 + 600), (3, ids[2], T0 + 71 + 600))
