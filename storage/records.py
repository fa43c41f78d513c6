"""Frozen records passed to and returned by the storage layer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Mode = Literal["practice", "challenge", "test"]
Status = Literal["running", "finished", "stopped"]
ScoredMode = Literal["challenge", "test"]

MODES: tuple[str, ...] = ("practice", "challenge", "test")
STATUSES: tuple[str, ...] = ("running", "finished", "stopped")
ENDED_STATUSES: tuple[str, ...] = ("finished", "stopped")
DEFAULT_TIMEZONE = "UTC"
"""A server's time zone for schedules until a moderator sets one."""

SESSION_COLUMNS = """
    id, guild_id, channel_id, thread_id, mode, set_id, starter_id, status,
    question_id, deadline, message_id, state, created_at, updated_at
"""
"""The columns of a session row, in SessionRecord's order (every backend's SELECT)."""


@dataclass(frozen=True, slots=True)
class AnswerRecord:
    """One answer attempt by one member on one question of a session."""

    guild_id: int
    channel_id: int
    member_id: int
    set_id: str
    question_id: str
    mode: str
    session_id: str
    attempt: int
    chosen: str
    correct: bool
    points: int
    seconds: float
    answered_at: float

    @property
    def key(self) -> tuple[str, str, int, int]:
        """Return the (session, question, member, attempt) key unique per answer."""
        return (self.session_id, self.question_id, self.member_id, self.attempt)


@dataclass(frozen=True, slots=True)
class SessionRecord:
    """A quiz session with the live state needed to resume it after a restart."""

    id: str
    guild_id: int
    channel_id: int
    thread_id: int | None
    mode: str
    set_id: str
    starter_id: int
    status: str
    question_id: str | None
    deadline: float | None
    message_id: int | None
    state: str
    created_at: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class ResultRecord:
    """A member's final score in one challenge or test session."""

    guild_id: int
    member_id: int
    set_id: str
    mode: str
    session_id: str
    score: int
    total: int
    finished_at: float


@dataclass(frozen=True, slots=True)
class BadgeRecord:
    """A set's badge earned by a member, once per guild and set."""

    guild_id: int
    member_id: int
    set_id: str
    name: str
    emoji: str
    session_id: str
    awarded_at: float


@dataclass(frozen=True, slots=True)
class GuildTranslationRecord:
    """A server's translation of a question set into one language, as YAML text."""

    guild_id: int
    set_id: str
    language: str
    yaml_text: str
    loaded_by: int
    loaded_at: float
    version: int


@dataclass(frozen=True, slots=True)
class GuildSetRecord:
    """A question set loaded by one server for itself, as YAML text."""

    guild_id: int
    set_id: str
    yaml_text: str
    loaded_by: int
    loaded_at: float
    version: int
    questions: int | None = None
    """How many questions it holds; None for a version or for a set stored before 0006."""


@dataclass(frozen=True, slots=True)
class SetProgress:
    """A member's progress in one set of one guild."""

    set_id: str
    questions_attempted: int
    questions_correct: int
    attempts: int
    correct_attempts: int
    points: int
    best_challenge: tuple[int, int] | None
    best_test: tuple[int, int] | None
    last_active: float

    @property
    def accuracy(self) -> float | None:
        """Return correct attempts over attempts, or None before any attempt."""
        if not self.attempts:
            return None
        return self.correct_attempts / self.attempts


@dataclass(frozen=True, slots=True)
class LeaderboardRow:
    """One member's place on a leaderboard."""

    rank: int
    member_id: int
    points: int
    correct: int


@dataclass(frozen=True, slots=True)
class Leaderboard:
    """The top rows, and the asker's own row when it is not among them."""

    rows: tuple[LeaderboardRow, ...]
    asker: LeaderboardRow | None = None


@dataclass(frozen=True, slots=True)
class ScheduleRecord:
    """A challenge a server starts on a schedule; id 0 before add_schedule gives it one."""

    id: int
    guild_id: int
    channel_id: int
    set_id: str
    hour: int
    minute: int
    weekday: int | None
    repeat: str  # once | daily | weekly
    role_id: int | None
    created_by: int
    next_run_at: float
    created_at: float


@dataclass(frozen=True, slots=True)
class CardRecord:
    """A member's review card for one question: when it is due, and the scheduler's state."""

    guild_id: int
    member_id: int
    set_id: str
    question_id: str
    due: float
    state: str  # JSON text
    last_review: float | None


@dataclass(frozen=True, slots=True)
class FirstTry:
    """A member's first-ever attempt-1 answer to one question."""

    member_id: int
    question_id: str
    chosen: str
    correct: bool
