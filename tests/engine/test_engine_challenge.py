"""Challenge: anyone joins, each has their own attempts, timed, closes early when all are done."""

from __future__ import annotations

from engine_helpers import ALICE, BOB, STARTER, T0, make_question, make_set

from bot.engine import (
    Rejection,
    Session,
    SessionStatus,
    advance,
    close_round,
    expire,
    start_session,
    stop,
    submit_answer,
    take_hint,
)
from content.model import Mode, Question, QuestionSet


def _challenge(*questions: Question) -> tuple[QuestionSet, Session]:
    qset = make_set(*questions)
    return qset, start_session(qset, Mode.CHALLENGE, session_id="c", starter_id=STARTER, now=T0)


def test_challenge_is_timed_with_each_questions_limit_and_attempts() -> None:
    qset, session = _challenge(
        make_question("a", time_limit=90, attempts=3), make_question("b", time_limit=150)
    )
    assert not session.personal
    assert session.round.deadline == T0 + 90
    assert session.round.attempts == 3
    assert session.round.time_limit == 90
    session = advance(close_round(session, T0 + 10), qset, T0 + 20)
    assert session.round.deadline == T0 + 20 + 150
    assert session.round.attempts == 2


def test_first_answer_joins_and_each_member_has_own_attempts() -> None:
    qset, session = _challenge()
    session, a1 = submit_answer(session, qset, ALICE, 1, T0 + 1)
    assert a1.accepted
    assert session.participants == {STARTER, ALICE}
    session, a2 = submit_answer(session, qset, ALICE, 2, T0 + 2)
    assert a2.member_done
    assert not a2.round_closed
    session, b1 = submit_answer(session, qset, BOB, 1, T0 + 3)
    assert b1.attempt == 1
    assert b1.attempts_left == 1
    assert session.participants == {STARTER, ALICE, BOB}
    after, a3 = submit_answer(session, qset, ALICE, 0, T0 + 4)
    assert after is session
    assert a3.rejection is Rejection.NO_ATTEMPTS_LEFT


def test_round_stays_open_while_starter_has_not_answered() -> None:
    qset, session = _challenge()
    session, outcome = submit_answer(session, qset, ALICE, 0, T0 + 1)
    assert outcome.correct
    assert outcome.member_done
    assert not outcome.round_closed
    assert not session.round.closed


def _on_second_question(qset: QuestionSet, session: Session) -> Session:
    """Play past the first question, which always runs its full time."""
    return advance(close_round(session, T0), qset, T0)


def test_first_question_runs_its_full_time_even_when_everyone_is_done() -> None:
    qset, session = _challenge()
    session, _ = submit_answer(session, qset, STARTER, 0, T0 + 1)
    session, outcome = submit_answer(session, qset, ALICE, 0, T0 + 2)
    assert outcome.member_done
    assert not outcome.round_closed
    deadline = session.round.deadline
    assert deadline is not None
    assert expire(session, deadline - 1) is session
    assert expire(session, deadline).round.closed


def test_round_closes_once_every_participant_is_done() -> None:
    qset, session = _challenge(make_question("a"), make_question("b"))
    session = _on_second_question(qset, session)
    session, _ = submit_answer(session, qset, ALICE, 0, T0 + 1)
    session, _ = submit_answer(session, qset, BOB, 3, T0 + 2)
    session, _ = submit_answer(session, qset, STARTER, 0, T0 + 3)
    assert not session.round.closed
    session, last = submit_answer(session, qset, BOB, 2, T0 + 4)
    assert last.member_done
    assert last.round_closed
    assert session.round.closed_at == T0 + 4


def test_starter_alone_closes_the_round_when_done() -> None:
    qset, session = _challenge(make_question("a"), make_question("b"))
    session = _on_second_question(qset, session)
    session, outcome = submit_answer(session, qset, STARTER, 0, T0 + 1)
    assert outcome.round_closed


def test_hint_joins_the_member_and_keeps_the_round_open() -> None:
    qset, session = _challenge(make_question("a"), make_question("b"))
    session = _on_second_question(qset, session)
    session, hint = take_hint(session, qset, ALICE, T0 + 1)
    assert hint.accepted
    assert hint.first_time
    assert ALICE in session.participants
    assert session.round.tries[ALICE].hint_used
    assert session.round.tries[ALICE].attempts_used == 0
    session, outcome = submit_answer(session, qset, STARTER, 0, T0 + 2)
    assert outcome.member_done
    assert not outcome.round_closed
    session, outcome = submit_answer(session, qset, ALICE, 0, T0 + 3)
    assert outcome.round_closed


def test_deadline_closes_via_expire_only_when_reached() -> None:
    qset, session = _challenge(make_question("a", time_limit=60))
    session, _ = submit_answer(session, qset, ALICE, 1, T0 + 1)
    assert expire(session, T0 + 59.999) is session
    expired = expire(session, T0 + 60)
    assert expired.round.closed
    assert expired.round.closed_at == T0 + 60
    assert expired.round.tries[ALICE].done
    assert expired.round.tries[ALICE].finished_at == T0 + 60
    assert expire(expired, T0 + 61) is expired
    late = expire(session, T0 + 75)
    assert late.round.closed_at == T0 + 60


def test_answer_at_or_after_deadline_is_too_late() -> None:
    qset, session = _challenge(make_question("a", time_limit=60))
    after, outcome = submit_answer(session, qset, ALICE, 0, T0 + 60)
    assert after is session
    assert outcome.rejection is Rejection.TOO_LATE
    assert ALICE not in after.participants
    after, hint = take_hint(session, qset, ALICE, T0 + 61)
    assert after is session
    assert hint.rejection is Rejection.TOO_LATE


def test_done_members_cannot_take_hints() -> None:
    qset, session = _challenge()
    session, _ = submit_answer(session, qset, ALICE, 0, T0 + 1)
    after, hint = take_hint(session, qset, ALICE, T0 + 2)
    assert after is session
    assert hint.rejection is Rejection.ALREADY_CORRECT
    session, _ = submit_answer(session, qset, BOB, 1, T0 + 1)
    session, _ = submit_answer(session, qset, BOB, 2, T0 + 1)
    after, hint = take_hint(session, qset, BOB, T0 + 2)
    assert after is session
    assert hint.rejection is Rejection.NO_ATTEMPTS_LEFT


def test_correct_member_answering_again_is_already_correct() -> None:
    qset, session = _challenge()
    session, _ = submit_answer(session, qset, ALICE, 0, T0 + 1)
    after, outcome = submit_answer(session, qset, ALICE, 1, T0 + 2)
    assert after is session
    assert outcome.rejection is Rejection.ALREADY_CORRECT
    assert outcome.member_done
    assert outcome.attempts_left == 0


def test_stop_closes_round_and_is_idempotent() -> None:
    qset, session = _challenge()
    session, _ = submit_answer(session, qset, ALICE, 1, T0 + 1)
    stopped = stop(session, T0 + 5)
    assert stopped.status is SessionStatus.STOPPED
    assert stopped.round.closed_at == T0 + 5
    assert stop(stopped, T0 + 6) is stopped
    assert advance(stopped, qset, T0 + 7) is stopped
    after, outcome = submit_answer(stopped, qset, BOB, 0, T0 + 8)
    assert after is stopped
    assert outcome.rejection is Rejection.NOT_RUNNING
    after, hint = take_hint(stopped, qset, BOB, T0 + 8)
    assert after is stopped
    assert hint.rejection is Rejection.NOT_RUNNING


def test_closed_round_keeps_its_tries_after_advance() -> None:
    qset, session = _challenge()
    session, _ = submit_answer(session, qset, ALICE, 0, T0 + 1)
    closed = close_round(session, T0 + 2)
    nxt = advance(closed, qset, T0 + 3)
    assert nxt.past[0] is closed.round
    assert nxt.round.tries == {}
    assert nxt.participants == {STARTER, ALICE}


def test_options_outside_the_question_are_not_an_option() -> None:
    qset, session = _challenge(make_question("a", options=4))
    for option in (-1, -4, 4, 9):
        after, outcome = submit_answer(session, qset, ALICE, option, T0 + 1)
        assert after is session
        assert outcome.rejection is Rejection.NOT_AN_OPTION
        assert outcome.option == option
        assert outcome.attempt == 0
        assert outcome.attempts_left == 2
    assert ALICE not in session.participants
    assert session.round.tries == {}


def test_the_same_wrong_letter_never_costs_a_second_attempt() -> None:
    qset = make_set(make_question("q1", answer=1, attempts=3))
    session = start_session(
        qset, Mode.CHALLENGE, session_id="s", starter_id=STARTER, now=T0, seed=1
    )
    session, first = submit_answer(session, qset, ALICE, 0, T0 + 1)
    assert first.accepted
    same, again = submit_answer(session, qset, ALICE, 0, T0 + 2)
    assert not again.accepted
    assert again.rejection is Rejection.ALREADY_CHOSEN
    assert same is session
    session, right = submit_answer(session, qset, ALICE, 1, T0 + 3)
    assert right.attempt == 2
    assert right.correct
