"""Score a correct answer.

How points work, in plain words:

- A correct answer is worth 100 points on the first try, 60 on the second, 40 on the third,
  30 on the fourth, 20 on the fifth and 10 from the sixth try on.
- In a challenge, a correct answer also earns a speed bonus of up to 50 points: 50 times the
  share of the time limit still left when the answer came in (rounded down), so an answer in the
  first instant earns about +50 and one in the last second about +0.
- Using the hint on a question costs a quarter of that question's points (the points are
  multiplied by 3/4 and rounded down).
- A wrong answer, or a question whose attempts ran out or whose time ran out, is worth 0.
- In a test every correct answer is worth exactly 100 (one try, no bonus, no hints).
- A member's session total is the sum of their points on each question; points are whole
  numbers, never negative.
"""

from __future__ import annotations

from content.model import Mode

ATTEMPT_POINTS: tuple[int, ...] = (100, 60, 40, 30, 20, 10)
"""Base points of a correct answer by try number (1st, 2nd, ...); later tries get the last."""
SPEED_BONUS_MAX = 50
"""Challenge bonus for answering at the very moment the question opened."""
HINT_KEEP_NUMERATOR = 3
HINT_KEEP_DENOMINATOR = 4
"""A hint keeps 3/4 of the points (a quarter is lost)."""
TEST_POINTS = 100
"""Points of a correct test answer."""


def points_for(
    mode: Mode,
    attempt: int,
    *,
    correct: bool = True,
    hint_used: bool = False,
    time_left: float = 0.0,
) -> int:
    """Return the points of an answer given on try ``attempt`` (1-based).

    ``time_left`` is the share of the question's time limit still left when the answer came in,
    from 0.0 to 1.0 (values outside are clamped); it only matters in a challenge.
    """
    if not correct or attempt < 1:
        return 0
    if mode == Mode.TEST:
        return TEST_POINTS
    points = ATTEMPT_POINTS[min(attempt, len(ATTEMPT_POINTS)) - 1]
    if mode == Mode.CHALLENGE:
        share = time_left if 0.0 < time_left <= 1.0 else (1.0 if time_left > 1.0 else 0.0)
        points += int(SPEED_BONUS_MAX * share)
    if hint_used:
        points = points * HINT_KEEP_NUMERATOR // HINT_KEEP_DENOMINATOR
    return points
