"""Take answers and hint requests on the current question."""

from __future__ import annotations

from content.model import Mode, QuestionSet

from ._frozenmap import FrozenMap
from ._model import NO_TRY, MemberTry, Rejection, Round, Session, SessionStatus
from ._outcomes import AnswerOutcome, HintOutcome
from ._rounds import closed, question_of, replace_round
from ._scoring import points_for

_RUNNING = SessionStatus.RUNNING
_CHALLENGE = Mode.CHALLENGE


def submit_answer(
    session: Session, qset: QuestionSet, member_id: int, option: int, now: float
) -> tuple[Session, AnswerOutcome]:
    """Count ``member_id`` choosing option ``option`` (0 is A) at ``now``.

    Checks, in order: the session is running (NOT_RUNNING), the member may play
    (NOT_PARTICIPANT, personal modes), the question is open (QUESTION_CLOSED) and its deadline
    not reached (TOO_LATE), the option exists (NOT_AN_OPTION), the member is not done with the
    question (ALREADY_CORRECT when they got it right, NO_ATTEMPTS_LEFT otherwise), and the
    option is not one they already tried (ALREADY_CHOSEN: the same letter never costs twice).
    A rejected answer returns the same session object and changes nothing.
    """
    rnd = session.round
    rejection = _check_member(session, member_id) or _check_round(rnd, now)
    if rejection is not None:
        return session, _rejected_answer(rnd, member_id, option, now, rejection)
    question = question_of(session, qset, rnd.question_id)
    if not 0 <= option < len(question.options):
        return session, _rejected_answer(rnd, member_id, option, now, Rejection.NOT_AN_OPTION)
    previous = rnd.tries.get(member_id, NO_TRY)
    if previous.finished_at is not None:
        rejection = Rejection.ALREADY_CORRECT if previous.correct else Rejection.NO_ATTEMPTS_LEFT
        return session, _rejected_answer(rnd, member_id, option, now, rejection)
    if option in previous.choices:
        return session, _rejected_answer(rnd, member_id, option, now, Rejection.ALREADY_CHOSEN)

    attempt = len(previous.choices) + 1
    correct = option == question.answer
    points = 0
    if correct:
        points = points_for(
            session.mode,
            attempt,
            hint_used=previous.hint_used,
            time_left=_time_left(rnd, now),
        )
    member_done = correct or attempt >= rnd.attempts
    tries = rnd.tries.set(
        member_id,
        MemberTry(
            (*previous.choices, option),
            correct,
            previous.hint_used,
            points,
            now if member_done else None,
        ),
    )
    participants = session.participants
    if member_id not in participants:
        participants = participants | {member_id}
    round_closed = member_done and (
        session.mode != _CHALLENGE
        or (closes_early(session) and _everyone_done(tries, participants))
    )
    new_round = Round(rnd.question_id, rnd.opened_at, rnd.deadline, rnd.attempts, tries)
    if round_closed:
        new_round = closed(new_round, now)
    outcome = AnswerOutcome(
        True,
        None,
        correct,
        attempt,
        0 if member_done else rnd.attempts - attempt,
        points,
        member_done,
        round_closed,
        _seconds(rnd, now),
        option,
    )
    return replace_round(session, new_round, participants), outcome


def take_hint(
    session: Session, qset: QuestionSet, member_id: int, now: float
) -> tuple[Session, HintOutcome]:
    """Give ``member_id`` the current question's hint and note that they used it.

    Checks, in order: NOT_RUNNING, NOT_PARTICIPANT (personal modes), HINTS_DISABLED (tests),
    QUESTION_CLOSED, TOO_LATE, NO_HINT (the question has none), then ALREADY_CORRECT or
    NO_ATTEMPTS_LEFT when the member is done. Asking again returns the hint with
    ``first_time=False`` and the same session. In a challenge, asking joins the member.
    """
    rnd = session.round
    rejection = _check_member(session, member_id)
    if rejection is None and session.mode == Mode.TEST:
        rejection = Rejection.HINTS_DISABLED
    if rejection is None:
        rejection = _check_round(rnd, now)
    if rejection is not None:
        return session, HintOutcome(False, rejection, None, False)
    question = question_of(session, qset, rnd.question_id)
    if question.hint is None:
        return session, HintOutcome(False, Rejection.NO_HINT, None, False)
    previous = rnd.tries.get(member_id, NO_TRY)
    if previous.finished_at is not None:
        rejection = Rejection.ALREADY_CORRECT if previous.correct else Rejection.NO_ATTEMPTS_LEFT
        return session, HintOutcome(False, rejection, None, False)
    if previous.hint_used:
        return session, HintOutcome(True, None, question.hint, False)
    tries = rnd.tries.set(
        member_id,
        MemberTry(previous.choices, previous.correct, True, previous.points, None),
    )
    participants = session.participants
    if member_id not in participants:
        participants = participants | {member_id}
    new_round = Round(rnd.question_id, rnd.opened_at, rnd.deadline, rnd.attempts, tries)
    return replace_round(session, new_round, participants), HintOutcome(
        True, None, question.hint, True
    )


def _check_member(session: Session, member_id: int) -> Rejection | None:
    """Return why the member may not act in the session at all, or None."""
    if session.status != _RUNNING:
        return Rejection.NOT_RUNNING
    if member_id != session.starter_id and session.mode != _CHALLENGE:
        return Rejection.NOT_PARTICIPANT
    return None


def _check_round(rnd: Round, now: float) -> Rejection | None:
    """Return why the current question takes nothing at ``now``, or None."""
    if rnd.closed_at is not None:
        return Rejection.QUESTION_CLOSED
    if rnd.deadline is not None and now >= rnd.deadline:
        return Rejection.TOO_LATE
    return None


def _rejected_answer(
    rnd: Round, member_id: int, option: int, now: float, rejection: Rejection
) -> AnswerOutcome:
    """Build the outcome of an answer that was not counted."""
    previous = rnd.tries.get(member_id, NO_TRY)
    done = rnd.closed_at is not None or previous.finished_at is not None
    left = 0 if done else max(0, rnd.attempts - len(previous.choices))
    return AnswerOutcome(
        False, rejection, False, 0, left, 0, done, False, _seconds(rnd, now), option
    )


def closes_early(session: Session) -> bool:
    """Tell whether the current question may close before its deadline.

    Personal questions close once the member is done. A challenge's first question always runs
    its full time, because that is when members join by answering; later ones close once every
    member who joined is done.
    """
    return session.mode != _CHALLENGE or session.index > 0


def _everyone_done(tries: FrozenMap[int, MemberTry], participants: frozenset[int]) -> bool:
    """Tell whether every participant is done with the question."""
    if len(tries) < len(participants):
        return False
    return all(tries.get(member, NO_TRY).finished_at is not None for member in participants)


def _seconds(rnd: Round, now: float) -> float:
    """Return the seconds since the round opened, never negative."""
    seconds = now - rnd.opened_at
    return seconds if seconds > 0 else 0.0


def _time_left(rnd: Round, now: float) -> float:
    """Return the share of the round's time limit still left at ``now`` (0.0 if untimed)."""
    if rnd.deadline is None:
        return 0.0
    limit = rnd.deadline - rnd.opened_at
    return (rnd.deadline - now) / limit if limit > 0 else 0.0
