"""Shared steps of play: look up a question, open, close and swap rounds."""

from __future__ import annotations

from content.model import Mode, Question, QuestionSet

from ._errors import SetMismatchError
from ._frozenmap import FrozenMap
from ._model import MemberTry, Round, Session


def question_of(session: Session, qset: QuestionSet, question_id: str) -> Question:
    """Return the session's question ``question_id`` from ``qset``."""
    question = qset.question(question_id)
    if question is None or qset.id != session.set_id:
        raise SetMismatchError(
            f"Question '{question_id}' of set '{session.set_id}' is not in set '{qset.id}'."
        )
    return question


def open_round(question: Question, mode: Mode, now: float) -> Round:
    """Open a round on ``question`` with the rules of ``mode``."""
    deadline = None if mode == Mode.PRACTICE else now + question.time_limit
    attempts = 1 if mode == Mode.TEST else question.attempts
    return Round(question.id, now, deadline, attempts, FrozenMap())


def closed(rnd: Round, now: float) -> Round:
    """Return ``rnd`` closed at ``now`` (at its deadline if that came first).

    Every member still answering becomes done at the closing time.
    """
    closed_at = now if rnd.deadline is None or now < rnd.deadline else rnd.deadline
    tries = rnd.tries
    if any(entry.finished_at is None for entry in tries.values()):
        tries = FrozenMap(
            (
                member,
                entry
                if entry.finished_at is not None
                else MemberTry(
                    entry.choices, entry.correct, entry.hint_used, entry.points, closed_at
                ),
            )
            for member, entry in tries.items()
        )
    return Round(rnd.question_id, rnd.opened_at, rnd.deadline, rnd.attempts, tries, closed_at)


def replace_round(session: Session, rnd: Round, participants: frozenset[int]) -> Session:
    """Return ``session`` with a new current round and participants."""
    return Session(
        session.id,
        session.mode,
        session.set_id,
        session.starter_id,
        session.question_ids,
        participants,
        session.started_at,
        session.index,
        rnd,
        session.past,
        session.status,
    )
