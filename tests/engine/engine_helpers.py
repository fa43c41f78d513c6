"""Build small question sets and play sessions for the engine tests."""

from __future__ import annotations

from collections.abc import Iterable

from content.model import Badge, Difficulty, Mode, Question, QuestionSet

STARTER = 1
ALICE = 2
BOB = 3
T0 = 1_000_000.0


def make_question(
    qid: str,
    *,
    answer: int = 0,
    options: int = 4,
    difficulty: Difficulty = Difficulty.MEDIUM,
    modes: Iterable[Mode] = tuple(Mode),
    time_limit: int = 60,
    attempts: int = 2,
    hint: str | None = "Think about it.",
) -> Question:
    """Return a question with ``options`` options whose right one is ``answer``."""
    return Question(
        id=qid,
        prompt=f"Question {qid}?",
        options=tuple(f"option {i}" for i in range(options)),
        answer=answer,
        difficulty=difficulty,
        modes=frozenset(modes),
        time_limit=time_limit,
        attempts=attempts,
        hint=hint,
    )


def make_set(*questions: Question, set_id: str = "demo", badge: bool = True) -> QuestionSet:
    """Return a set of ``questions`` (three default ones when none are given)."""
    if not questions:
        questions = (make_question("q1"), make_question("q2", answer=1), make_question("q3"))
    return QuestionSet(
        id=set_id,
        title="Demo set",
        questions=tuple(questions),
        badge=Badge("Demo Master", "🎖️") if badge else None,
    )
