"""Choose the questions a session plays."""

from __future__ import annotations

import random
from collections.abc import Sequence

from content.model import Mode, Question, QuestionSet

TEST_LENGTH = 10
"""Questions in a test, at most."""


def pick_test_questions(
    questions: Sequence[Question], *, limit: int = TEST_LENGTH, seed: int
) -> tuple[Question, ...]:
    """Pick up to ``limit`` questions spread over the difficulty tiers, ordered easy to hard.

    Tiers (``Difficulty.rank``) take turns, easiest first, each giving one question drawn at
    random (``random.Random(seed)``) until ``limit`` questions are picked or none are left, so every
    tier present is represented whenever ``limit`` is at least the number of tiers. The result is
    ordered by tier, and by file order within a tier. The same seed always gives the same pick.
    """
    if limit < 0:
        raise ValueError(f"limit must be 0 or more, not {limit}")
    rng = random.Random(seed)
    tiers: dict[int, list[int]] = {}
    for position, question in enumerate(questions):
        tiers.setdefault(question.difficulty.rank, []).append(position)
    queues = []
    for rank in sorted(tiers):
        pool = tiers[rank]
        rng.shuffle(pool)
        queues.append(pool)
    picked: list[int] = []
    while len(picked) < limit and queues:
        for pool in queues:
            if len(picked) == limit:
                break
            picked.append(pool.pop())
        queues = [pool for pool in queues if pool]
    picked.sort(key=lambda position: (questions[position].difficulty.rank, position))
    return tuple(questions[position] for position in picked)


def questions_for(qset: QuestionSet, mode: Mode, *, seed: int = 0) -> tuple[Question, ...]:
    """Return the questions a session of ``mode`` plays, in play order."""
    offered = qset.for_mode(mode)
    if mode == Mode.TEST:
        return pick_test_questions(offered, seed=seed)
    return offered
