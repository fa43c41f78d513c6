"""Question sets as frozen values: what a validated YAML file becomes."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

OPTION_LETTERS = "ABCDEFGHIJ"
DEFAULT_TIME_LIMIT = 90
DEFAULT_ATTEMPTS = 2
MAX_TIME_LIMIT = 15 * 60
MAX_ATTEMPTS = 10
MIN_OPTIONS = 2
DEFAULT_LANGUAGE = "en-US"
"""The language of a set that names none (``language:`` in its file)."""
MAX_OPTIONS = len(OPTION_LETTERS)


class Mode(StrEnum):
    PRACTICE = "practice"
    CHALLENGE = "challenge"
    TEST = "test"


class Difficulty(StrEnum):
    EASY = "easy"
    MEDIUM = "medium"
    INTERMEDIATE = "intermediate"
    HARD = "hard"
    ADVANCED = "advanced"
    EXPERT = "expert"

    @property
    def rank(self) -> int:
        """Return the difficulty's tier: 1 easy, 2 medium, 3 hard, 4 expert."""
        return _DIFFICULTY_RANK[self]

    @property
    def level(self) -> Difficulty:
        """Return the level of the one scale this word stands for (see ``SCALE``): files may
        say "intermediate" or "advanced", members always see "medium" or "hard"."""
        return SCALE[self.rank - 1]


SCALE = (Difficulty.EASY, Difficulty.MEDIUM, Difficulty.HARD, Difficulty.EXPERT)
"""The one ordered difficulty scale members see. Of the six words a file may use, "intermediate"
is the seed's challenge word for medium and "advanced" its word for hard."""

_DIFFICULTY_RANK = {
    Difficulty.EASY: 1,
    Difficulty.MEDIUM: 2,
    Difficulty.INTERMEDIATE: 2,
    Difficulty.HARD: 3,
    Difficulty.ADVANCED: 3,
    Difficulty.EXPERT: 4,
}


@dataclass(frozen=True, slots=True)
class Badge:
    name: str
    emoji: str
    description: str | None = None


@dataclass(frozen=True, slots=True)
class Code:
    language: str
    source: str


@dataclass(frozen=True, slots=True)
class SolutionStep:
    title: str
    text: str


@dataclass(frozen=True, slots=True)
class Solution:
    steps: tuple[SolutionStep, ...] = ()
    quick_check: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    id: str
    prompt: str
    options: tuple[str, ...]
    answer: int
    """Index into ``options``: 0 is A."""
    context: str | None = None
    kind: str | None = None
    difficulty: Difficulty = Difficulty.MEDIUM
    modes: frozenset[Mode] = frozenset(Mode)
    time_limit: int = DEFAULT_TIME_LIMIT
    """Seconds."""
    attempts: int = DEFAULT_ATTEMPTS
    code: Code | None = None
    hint: str | None = None
    solution: Solution | None = None
    takeaway: str | None = None
    common_mistakes: tuple[str, ...] = ()
    feedback: tuple[str | None, ...] = ()
    """Why each option is wrong, by option index; None (or a short tuple) where none is given."""

    def feedback_for(self, option: int) -> str | None:
        """Return the feedback written for a wrong ``option``, if any."""
        return self.feedback[option] if option < len(self.feedback) else None

    @property
    def answer_letter(self) -> str:
        return OPTION_LETTERS[self.answer]

    @property
    def letters(self) -> str:
        return OPTION_LETTERS[: len(self.options)]


@dataclass(frozen=True, slots=True)
class QuestionSet:
    id: str
    title: str
    questions: tuple[Question, ...]
    topic: str | None = None
    description: str | None = None
    estimated_minutes: int | None = None
    badge: Badge | None = None
    language: str = DEFAULT_LANGUAGE
    """The Discord locale its texts are written in (a translation's: the language of its file)."""
    _by_id: dict[str, Question] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_id", {q.id: q for q in self.questions})

    def question(self, question_id: str) -> Question | None:
        """Return the question with this id, or None."""
        return self._by_id.get(question_id)

    def for_mode(self, mode: Mode) -> tuple[Question, ...]:
        """Return the questions offered in ``mode``, in file order."""
        return tuple(q for q in self.questions if mode in q.modes)


def format_duration(seconds: int) -> str:
    """Format seconds as M:SS, the way set files write time limits."""
    return f"{seconds // 60}:{seconds % 60:02d}"
