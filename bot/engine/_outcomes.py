"""What an answer or a hint request did, for the caller to show."""

from __future__ import annotations

from dataclasses import dataclass

from ._model import Rejection


@dataclass(frozen=True, slots=True)
class AnswerOutcome:
    """Report what one answer did."""

    accepted: bool
    rejection: Rejection | None
    """Why the answer was not counted; ``None`` when accepted."""
    correct: bool
    attempt: int
    """1-based number of this try; 0 if rejected."""
    attempts_left: int
    """Attempts the member still has on this question (0 once done)."""
    points: int
    """Points this answer earned (0 unless correct)."""
    member_done: bool
    """The member can no longer answer this question."""
    round_closed: bool
    """The question closed because of this answer."""
    seconds: float
    """Seconds since the question opened (never negative)."""
    option: int


@dataclass(frozen=True, slots=True)
class HintOutcome:
    """Report what one hint request did."""

    accepted: bool
    rejection: Rejection | None
    hint: str | None
    """The hint text when accepted."""
    first_time: bool
    """The member had not asked for this question's hint before (the hint now counts)."""
