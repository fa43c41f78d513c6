"""Run a session's lifecycle: start it, close and expire questions, advance and stop it."""

from __future__ import annotations

from dataclasses import replace

from content.model import Mode, QuestionSet
from i18n import N_, _

from ._errors import NoQuestionsError, RoundOpenError
from ._model import Session, SessionStatus
from ._rounds import closed, open_round, question_of, replace_round
from ._selection import questions_for

NO_QUESTIONS = {
    Mode.PRACTICE: N_("The set '{set_id}' has no questions for practice mode."),
    Mode.CHALLENGE: N_("The set '{set_id}' has no questions for challenge mode."),
    Mode.TEST: N_("The set '{set_id}' has no questions for test mode."),
}


def start_session(
    qset: QuestionSet,
    mode: Mode,
    *,
    session_id: str,
    starter_id: int,
    now: float,
    seed: int = 0,
) -> Session:
    """Start a session of ``mode`` on ``qset`` with its first question open.

    Practice plays the set's practice questions in file order, untimed, with each question's
    attempts; a challenge plays its challenge questions in file order, each timed with its time
    limit and with its attempts; a test plays up to 10 test questions picked by
    ``pick_test_questions(..., seed=seed)``, each timed, one attempt each, no hints.
    Raises ``NoQuestionsError`` when the set has no question for the mode.
    """
    mode = Mode(mode)
    questions = questions_for(qset, mode, seed=seed)
    if not questions:
        raise NoQuestionsError(_(NO_QUESTIONS[mode], set_id=qset.id))
    return Session(
        session_id,
        mode,
        qset.id,
        starter_id,
        tuple(question.id for question in questions),
        frozenset((starter_id,)),
        now,
        0,
        open_round(questions[0], mode, now),
        (),
        SessionStatus.RUNNING,
    )


def expire(session: Session, now: float) -> Session:
    """Close the current question if its deadline has passed (``now >= deadline``).

    The round is closed at its deadline. Otherwise the same session object is returned.
    """
    rnd = session.round
    if rnd.closed_at is not None or rnd.deadline is None or now < rnd.deadline:
        return session
    return replace_round(session, closed(rnd, now), session.participants)


def close_round(session: Session, now: float) -> Session:
    """Close the current question now (at its deadline if that came first); idempotent."""
    rnd = session.round
    if rnd.closed_at is not None:
        return session
    return replace_round(session, closed(rnd, now), session.participants)


def advance(session: Session, qset: QuestionSet, now: float) -> Session:
    """Open the next question, or finish the session after the last one.

    The current question must be closed (``RoundOpenError`` otherwise). A session that is not
    running is returned unchanged, so a late timer after ``stop`` is harmless.
    """
    if session.status != SessionStatus.RUNNING:
        return session
    if session.round.closed_at is None:
        raise RoundOpenError("The current question is still open: close it before advancing.")
    if session.is_last:
        return replace(session, status=SessionStatus.FINISHED)
    index = session.index + 1
    question = question_of(session, qset, session.question_ids[index])
    return replace(
        session,
        index=index,
        round=open_round(question, session.mode, now),
        past=(*session.past, session.round),
    )


def stop(session: Session, now: float) -> Session:
    """Close the current question and mark the session STOPPED; idempotent.

    A session that already finished or stopped is returned unchanged.
    """
    if session.status != SessionStatus.RUNNING:
        return session
    rnd = session.round
    if rnd.closed_at is None:
        rnd = closed(rnd, now)
    return replace(session, round=rnd, status=SessionStatus.STOPPED)
