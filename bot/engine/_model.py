"""The engine's state: sessions, rounds and each member's tries, as frozen values."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from content.model import Mode
from i18n import N_, _

from ._frozenmap import FrozenMap


class SessionStatus(StrEnum):
    """Say whether a session is still being played."""

    RUNNING = "running"
    FINISHED = "finished"
    STOPPED = "stopped"


class Rejection(StrEnum):
    """Say why an answer or a hint request was not counted."""

    NOT_RUNNING = "not_running"
    QUESTION_CLOSED = "question_closed"
    TOO_LATE = "too_late"
    NOT_PARTICIPANT = "not_participant"
    NOT_AN_OPTION = "not_an_option"
    NO_ATTEMPTS_LEFT = "no_attempts_left"
    ALREADY_CORRECT = "already_correct"
    ALREADY_CHOSEN = "already_chosen"
    NO_HINT = "no_hint"
    HINTS_DISABLED = "hints_disabled"

    @property
    def sentence(self) -> str:
        """Return a sentence that explains the rejection to the member."""
        return _(_SENTENCES[self])


_SENTENCES: dict[Rejection, str] = {
    Rejection.NOT_RUNNING: N_("This session is over."),
    Rejection.QUESTION_CLOSED: N_("This question is closed."),
    Rejection.TOO_LATE: N_("Time is up for this question."),
    Rejection.NOT_PARTICIPANT: N_("Only the member who started this session can answer in it."),
    Rejection.NOT_AN_OPTION: N_("That is not one of this question's options."),
    Rejection.NO_ATTEMPTS_LEFT: N_("You have no attempts left on this question."),
    Rejection.ALREADY_CORRECT: N_("You already answered this question correctly."),
    Rejection.ALREADY_CHOSEN: N_(
        "You already tried that option; it doesn't cost a second attempt."
    ),
    Rejection.NO_HINT: N_("This question has no hint."),
    Rejection.HINTS_DISABLED: N_("Hints are not available in a test."),
}


def describe(rejection: Rejection) -> str:
    """Return a sentence that explains ``rejection`` to the member."""
    return _(_SENTENCES[rejection])


@dataclass(frozen=True, slots=True)
class MemberTry:
    """Record one member's tries on one question."""

    choices: tuple[int, ...] = ()
    """Option indices in the order tried."""
    correct: bool = False
    hint_used: bool = False
    points: int = 0
    finished_at: float | None = None
    """When the member became done: right, out of attempts, or the question closed."""

    @property
    def attempts_used(self) -> int:
        """Return how many answers the member gave."""
        return len(self.choices)

    @property
    def done(self) -> bool:
        """Tell whether the member can no longer answer (right, out of attempts, or closed)."""
        return self.finished_at is not None


NO_TRY = MemberTry()
"""The try of a member who has not touched the question."""


@dataclass(frozen=True, slots=True)
class Round:
    """Record one question being played: when it opened, its rules and everyone's tries."""

    question_id: str
    opened_at: float
    deadline: float | None
    """``None`` means untimed (practice)."""
    attempts: int
    """Attempts allowed per member on this question in this mode."""
    tries: FrozenMap[int, MemberTry] = field(default_factory=FrozenMap)
    """Member id -> tries, immutable (a plain mapping passed in is converted)."""
    closed_at: float | None = None

    def __post_init__(self) -> None:
        """Freeze ``tries`` when a plain mapping was passed in."""
        if type(self.tries) is not FrozenMap:
            object.__setattr__(self, "tries", FrozenMap(self.tries))

    @property
    def closed(self) -> bool:
        """Tell whether the question no longer takes answers."""
        return self.closed_at is not None

    @property
    def time_limit(self) -> float | None:
        """Return the seconds the question was open for answers, or ``None`` if untimed."""
        return None if self.deadline is None else self.deadline - self.opened_at

    def try_of(self, member_id: int) -> MemberTry:
        """Return the member's tries on this question (empty if none)."""
        return self.tries.get(member_id, NO_TRY)

    def is_done(self, member_id: int) -> bool:
        """Tell whether the member can no longer answer this question."""
        return self.closed_at is not None or self.tries.get(member_id, NO_TRY).done


@dataclass(frozen=True, slots=True)
class Session:
    """Record a whole practice, challenge or test: its questions, rounds and status."""

    id: str
    mode: Mode
    set_id: str
    starter_id: int
    question_ids: tuple[str, ...]
    """The questions of this session, in play order."""
    participants: frozenset[int]
    """Personal modes: the starter; challenge: the starter and everyone who answered or asked."""
    started_at: float
    index: int
    """Position of the current round in ``question_ids``."""
    round: Round
    """The current round (closed once answered or expired, until ``advance``)."""
    past: tuple[Round, ...]
    """Closed rounds before the current one."""
    status: SessionStatus

    @property
    def personal(self) -> bool:
        """Tell whether only the starter plays (practice and test)."""
        return self.mode != Mode.CHALLENGE

    @property
    def position(self) -> tuple[int, int]:
        """Return (current question number, number of questions), as in "(2/5)"."""
        return self.index + 1, len(self.question_ids)

    @property
    def is_last(self) -> bool:
        """Tell whether the current round plays the session's last question."""
        return self.index + 1 >= len(self.question_ids)

    @property
    def running(self) -> bool:
        """Tell whether the session still takes answers and advances."""
        return self.status == SessionStatus.RUNNING

    @property
    def rounds(self) -> tuple[Round, ...]:
        """Return every round played so far, the current one last."""
        return (*self.past, self.round)
