"""Practice: the starter alone, untimed, done when right or out of attempts."""

from __future__ import annotations

import pytest
from engine_helpers import ALICE, STARTER, T0, make_question, make_set

from bot.engine import (
    Rejection,
    RoundOpenError,
    Session,
    SessionStatus,
    advance,
    close_round,
    expire,
    start_session,
    submit_answer,
    take_hint,
)
from content.model import Mode, QuestionSet


def _practice() -> tuple[QuestionSet, Session]:
    qset = make_set()
    return qset, start_session(qset, Mode.PRACTICE, session_id="p", starter_id=STARTER, now=T0)


def test_practice_is_personal_untimed_and_in_file_order() -> None:
    _qset, session = _practice()
    assert session.personal
    assert session.participants == frozenset({STARTER})
    assert session.question_ids == ("q1", "q2", "q3")
    assert session.round.deadline is None
    assert session.round.attempts == 2
    assert session.position == (1, 3)
    assert not session.is_last
    assert session.status is SessionStatus.RUNNING


def test_correct_answer_closes_the_round() -> None:
    qset, session = _practice()
    after, outcome = submit_answer(session, qset, STARTER, 0, T0 + 10_000)
    assert outcome.accepted
    assert outcome.correct
    assert outcome.attempt == 1
    assert outcome.points == 100
    assert outcome.member_done
    assert outcome.round_closed
    assert outcome.seconds == 10_000
    assert after.round.closed_at == T0 + 10_000
    assert after.round.tries[STARTER].choices == (0,)


def test_wrong_then_right_scores_second_try() -> None:
    qset, session = _practice()
    session, first = submit_answer(session, qset, STARTER, 3, T0 + 1)
    assert first.accepted
    assert not first.correct
    assert first.attempts_left == 1
    assert first.points == 0
    assert not first.member_done
    assert not first.round_closed
    session, second = submit_answer(session, qset, STARTER, 0, T0 + 2)
    assert second.correct
    assert second.attempt == 2
    assert second.points == 60
    assert second.round_closed


def test_attempts_used_up_closes_the_round() -> None:
    qset, session = _practice()
    session, _ = submit_answer(session, qset, STARTER, 1, T0 + 1)
    session, outcome = submit_answer(session, qset, STARTER, 2, T0 + 2)
    assert not outcome.correct
    assert outcome.member_done
    assert outcome.round_closed
    assert outcome.attempts_left == 0
    assert outcome.points == 0
    assert session.round.tries[STARTER].attempts_used == 2
    again, late = submit_answer(session, qset, STARTER, 0, T0 + 3)
    assert late.rejection is Rejection.QUESTION_CLOSED
    assert again is session


def test_other_member_cannot_answer() -> None:
    qset, session = _practice()
    after, outcome = submit_answer(session, qset, ALICE, 0, T0 + 1)
    assert after is session
    assert not outcome.accepted
    assert outcome.rejection is Rejection.NOT_PARTICIPANT
    assert outcome.attempt == 0
    assert outcome.points == 0
    hinted, hint = take_hint(session, qset, ALICE, T0 + 1)
    assert hinted is session
    assert hint.rejection is Rejection.NOT_PARTICIPANT


def test_hint_is_given_noted_and_costs_a_quarter() -> None:
    qset, session = _practice()
    session, hint = take_hint(session, qset, STARTER, T0 + 1)
    assert hint.accepted
    assert hint.first_time
    assert hint.hint == "Think about it."
    assert session.round.tries[STARTER].hint_used
    same, again = take_hint(session, qset, STARTER, T0 + 2)
    assert same is session
    assert again.accepted
    assert not again.first_time
    assert again.hint == "Think about it."
    session, outcome = submit_answer(session, qset, STARTER, 0, T0 + 3)
    assert outcome.points == 75


def test_question_without_hint_rejects_hint() -> None:
    qset = make_set(make_question("q1", hint=None))
    session = start_session(qset, Mode.PRACTICE, session_id="p", starter_id=STARTER, now=T0)
    after, outcome = take_hint(session, qset, STARTER, T0 + 1)
    assert after is session
    assert not outcome.accepted
    assert outcome.rejection is Rejection.NO_HINT
    assert outcome.hint is None


def test_untimed_round_never_expires() -> None:
    qset, session = _practice()
    assert expire(session, T0 + 10**9) is session
    _, outcome = submit_answer(session, qset, STARTER, 0, T0 + 10**9)
    assert outcome.accepted


def test_advance_walks_the_questions_then_finishes() -> None:
    qset, session = _practice()
    with pytest.raises(RoundOpenError):
        advance(session, qset, T0 + 1)
    for number in range(1, 4):
        assert session.position == (number, 3)
        session, _ = submit_answer(session, qset, STARTER, qset.questions[number - 1].answer, T0)
        session = advance(session, qset, T0 + number)
    assert session.status is SessionStatus.FINISHED
    assert session.position == (3, 3)
    assert session.is_last
    assert [r.question_id for r in session.rounds] == ["q1", "q2", "q3"]
    assert advance(session, qset, T0 + 9) is session
    _, outcome = submit_answer(session, qset, STARTER, 0, T0 + 9)
    assert outcome.rejection is Rejection.NOT_RUNNING


def test_close_round_is_idempotent_and_advance_opens_next_at_now() -> None:
    qset, session = _practice()
    closed = close_round(session, T0 + 5)
    assert closed.round.closed
    assert closed.round.closed_at == T0 + 5
    assert close_round(closed, T0 + 6) is closed
    nxt = advance(closed, qset, T0 + 7)
    assert nxt.round.question_id == "q2"
    assert nxt.round.opened_at == T0 + 7
    assert nxt.past == (closed.round,)


def test_only_practice_questions_are_played() -> None:
    qset = make_set(
        make_question("a", modes=[Mode.CHALLENGE]),
        make_question("b", modes=[Mode.PRACTICE, Mode.TEST]),
    )
    session = start_session(qset, Mode.PRACTICE, session_id="p", starter_id=STARTER, now=T0)
    assert session.question_ids == ("b",)
    assert session.is_last
