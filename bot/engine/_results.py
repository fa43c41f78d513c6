"""Sum up a session: ranking, badge winners and a test's verdict."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from content.model import Difficulty, Mode, QuestionSet
from i18n import N_, _

from ._errors import SetMismatchError
from ._model import NO_TRY, Round, Session, SessionStatus
from .review import again_due

STRONG_PERCENT = 80
"""A test score of at least this percentage means the pattern is strong."""
DEVELOPING_PERCENT = 50
"""A test score of at least this percentage (and below STRONG_PERCENT) means it is developing."""


class Verdict(StrEnum):
    """Say how strong a member is in a set's topic, from a test score."""

    STRONG = "strong"
    DEVELOPING = "developing"
    NEEDS_WORK = "needs_work"

    @property
    def sentence(self) -> str:
        """Return a sentence that tells the member what the verdict means."""
        return _(_VERDICT_SENTENCES[self])


_VERDICT_SENTENCES: dict[Verdict, str] = {
    Verdict.STRONG: N_("This pattern is strong: you can move on to the next topic."),
    Verdict.DEVELOPING: N_("This pattern is developing: practise the questions you missed."),
    Verdict.NEEDS_WORK: N_("This pattern needs work: go through the practice questions first."),
}


def verdict_for(score: int, total: int) -> Verdict:
    """Return the verdict for ``score`` correct answers out of ``total``."""
    if total > 0 and score * 100 >= STRONG_PERCENT * total:
        return Verdict.STRONG
    if total > 0 and score * 100 >= DEVELOPING_PERCENT * total:
        return Verdict.DEVELOPING
    return Verdict.NEEDS_WORK


@dataclass(frozen=True, slots=True)
class MemberResult:
    """Sum up one member's session."""

    member_id: int
    rank: int
    """1-based position in the ranking."""
    points: int
    correct: int
    answered: int
    """Questions the member answered at least once."""
    first_try: int
    """Questions answered correctly on the first try."""
    hints_used: int
    seconds: float
    """Total time from a question opening to the member's correct answer, over correct answers."""
    per_question: tuple[tuple[str, bool], ...]
    """(question id, answered correctly) for every question of the session, in play order."""


@dataclass(frozen=True, slots=True)
class TestResult:
    """Sum up a test: the score, the score by difficulty and the verdict."""

    score: int
    total: int
    """Questions in the test; questions never reached (stopped test) count as not correct."""
    by_difficulty: tuple[tuple[Difficulty, int, int], ...]
    """(difficulty, correct, total), easiest first."""
    verdict: Verdict
    revisit: tuple[tuple[int, str, float], ...] = ()
    """(number in the test from 1, question id, when it is due for review) of every question
    played and not answered right (wrong, or out of time): each became a card rated Again."""


@dataclass(frozen=True, slots=True)
class SessionResult:
    """Sum up a session for everyone in it."""

    mode: Mode
    members: tuple[MemberResult, ...]
    """Ranked by points (most first), then correct answers, then time (least first), then id."""
    total_questions: int
    badge_winners: frozenset[int]
    test: TestResult | None
    played: int = 0
    """Questions played: all of them once finished; when stopped, those shown before the stop
    (the one showing at the stop counts when someone answered it)."""


def session_result(session: Session, qset: QuestionSet) -> SessionResult:
    """Sum up ``session`` (finished, stopped or still running) for every participant."""
    rounds = session.rounds
    unplayed = tuple((qid, False) for qid in session.question_ids[len(rounds) :])
    summaries = [_member_summary(member, rounds, unplayed) for member in session.participants]
    summaries.sort(key=lambda item: (-item.points, -item.correct, item.seconds, item.member_id))
    members = tuple(
        MemberResult(
            item.member_id,
            rank,
            item.points,
            item.correct,
            item.answered,
            item.first_try,
            item.hints_used,
            item.seconds,
            item.per_question,
        )
        for rank, item in enumerate(summaries, start=1)
    )
    return SessionResult(
        session.mode,
        members,
        len(session.question_ids),
        badge_winners(session, qset),
        _test_result(session, qset, members) if session.mode == Mode.TEST else None,
        played_rounds(session),
    )


def played_rounds(session: Session) -> int:
    """Return how many questions were played (a question stopped before any answer is not)."""
    rounds = session.rounds
    if session.status == SessionStatus.STOPPED and rounds and not rounds[-1].tries:
        return len(rounds) - 1
    return len(rounds)


def badge_winners(session: Session, qset: QuestionSet) -> frozenset[int]:
    """Return who swept a finished challenge: every question right within its attempts."""
    if (
        session.mode != Mode.CHALLENGE
        or session.status != SessionStatus.FINISHED
        or qset.badge is None
    ):
        return frozenset()
    rounds = session.rounds
    return frozenset(
        member
        for member in session.participants
        if all(rnd.tries.get(member, NO_TRY).correct for rnd in rounds)
    )


def _member_summary(
    member: int, rounds: tuple[Round, ...], unplayed: tuple[tuple[str, bool], ...]
) -> MemberResult:
    """Add up one member's tries over the rounds (rank left at 0)."""
    points = correct = answered = first_try = hints = 0
    seconds = 0.0
    per_question: list[tuple[str, bool]] = []
    for rnd in rounds:
        entry = rnd.tries.get(member, NO_TRY)
        points += entry.points
        answered += bool(entry.choices)
        hints += entry.hint_used
        if entry.correct:
            correct += 1
            first_try += len(entry.choices) == 1
            if entry.finished_at is not None:
                seconds += max(0.0, entry.finished_at - rnd.opened_at)
        per_question.append((rnd.question_id, entry.correct))
    return MemberResult(
        member,
        0,
        points,
        correct,
        answered,
        first_try,
        hints,
        seconds,
        (*per_question, *unplayed),
    )


def _test_result(
    session: Session, qset: QuestionSet, members: tuple[MemberResult, ...]
) -> TestResult:
    """Score the starter's test by difficulty and give the verdict."""
    mine = next((m for m in members if m.member_id == session.starter_id), None)
    right = dict(mine.per_question) if mine is not None else {}
    counts: dict[Difficulty, list[int]] = {}
    for question_id in session.question_ids:
        question = qset.question(question_id)
        if question is None:
            raise SetMismatchError(f"Question '{question_id}' is not in set '{qset.id}'.")
        tally = counts.setdefault(question.difficulty.level, [0, 0])
        tally[0] += right.get(question_id, False)
        tally[1] += 1
    by_difficulty = tuple(
        (level, tally[0], tally[1])
        for level, tally in sorted(counts.items(), key=lambda item: item[0].rank)
    )
    score = sum(tally[0] for tally in counts.values())
    total = len(session.question_ids)
    revisit = tuple(
        (number, rnd.question_id, again_due(_rated_at(rnd, session.starter_id)))
        for number, rnd in enumerate(session.rounds[: played_rounds(session)], start=1)
        if not rnd.try_of(session.starter_id).correct
    )
    return TestResult(score, total, by_difficulty, verdict_for(score, total), revisit)


def _rated_at(rnd: Round, member_id: int) -> float:
    """Return when a test question was rated: at the member's answer, else when it closed."""
    tried = rnd.try_of(member_id)
    if tried.choices and tried.finished_at is not None:
        return tried.finished_at
    return rnd.closed_at if rnd.closed_at is not None else rnd.opened_at
