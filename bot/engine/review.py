"""Spaced review: each member's card per question, scheduled with FSRS-6 (the ``fsrs`` package).

Everything here is pure: the clock is passed in as ``now`` (unix seconds) and every function
returns new frozen values. The storage keeps one ``ReviewCard`` per guild, member, set and
question, and after each answer replaces it with
``review_card(existing or new_card(...), rating_for_try(member_try), now)``.

Scheduling (``SCHEDULER``): desired retention 0.9, no fuzzing (so the same answers always give
the same due dates), one 10-minute learning and relearning step. FSRS's default is two learning
steps (1 and 10 minutes), made for flashcards seen for the first time; here a question answered
right on the first try was already recalled, so it goes straight to a due date days ahead, while a
missed one comes back after 10 minutes and then, once answered right, a day or more later.

Days (``forecast``) are UTC calendar days, like the streaks.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import IntEnum
from typing import Any

from fsrs import Card, Rating, Scheduler, State

from ._model import MemberTry

DESIRED_RETENTION = 0.9
LEARNING_STEP_SECONDS = 600
REVIEW_SESSION_LIMIT = 20
"""At most this many questions in one ``/review`` session."""
DAY_SECONDS = 86_400

SCHEDULER = Scheduler(
    desired_retention=DESIRED_RETENTION,
    learning_steps=(timedelta(seconds=LEARNING_STEP_SECONDS),),
    relearning_steps=(timedelta(seconds=LEARNING_STEP_SECONDS),),
    enable_fuzzing=False,
)
"""The one scheduler every review uses (its ``review_card`` does not change it)."""


class ReviewRating(IntEnum):
    """Say how well a member recalled a question; the values are FSRS's ratings."""

    AGAIN = 1
    """Wrong, out of attempts or out of time."""
    HARD = 2
    """Right, but after a wrong try or with the hint."""
    GOOD = 3
    """Right on the first try without the hint."""


class CardState(IntEnum):
    """Say where a card is in FSRS's cycle; the values are FSRS's states."""

    LEARNING = 1
    REVIEW = 2
    RELEARNING = 3


def rating_for(*, correct: bool, attempt: int, hint_used: bool) -> ReviewRating:
    """Return the rating of a member's answers to one question.

    ``correct`` says whether the member ended up right; ``attempt`` is the 1-based try that was
    right (ignored when not correct); out of attempts and out of time are ``correct=False``.
    """
    if not correct:
        return ReviewRating.AGAIN
    if attempt < 1:
        raise ValueError(f"a right answer has an attempt number of at least 1, got {attempt}")
    if attempt > 1 or hint_used:
        return ReviewRating.HARD
    return ReviewRating.GOOD


def rating_for_try(member_try: MemberTry) -> ReviewRating:
    """Return the rating of a member's finished tries on one question (no try at all: AGAIN)."""
    return rating_for(
        correct=member_try.correct,
        attempt=member_try.attempts_used,
        hint_used=member_try.hint_used,
    )


LATEST = 95_617_584_000.0
"""Unix seconds of the year 5000: a card's times are before it (and after minus it)."""


@dataclass(frozen=True, slots=True)
class ReviewCard:
    """Hold one member's review schedule for one question of one set in one guild."""

    member_id: int
    guild_id: int
    set_id: str
    question_id: str
    due: float
    """When the question is next due (unix seconds)."""
    state: CardState = CardState.LEARNING
    step: int | None = 0
    """Learning or relearning step; ``None`` in the review state."""
    stability: float | None = None
    """Days until recall drops to 90 %; ``None`` before the first review."""
    difficulty: float | None = None
    """1 (easy) to 10 (hard); ``None`` before the first review."""
    last_review: float | None = None
    reviews: int = 0
    """How many times the card was rated."""
    lapses: int = 0
    """How many times a question in the review state was missed."""

    def to_dict(self) -> dict[str, Any]:
        """Return the card as a JSON-ready mapping (``from_dict`` reads it back)."""
        return {
            "member_id": self.member_id,
            "guild_id": self.guild_id,
            "set_id": self.set_id,
            "question_id": self.question_id,
            "due": self.due,
            "state": int(self.state),
            "step": self.step,
            "stability": self.stability,
            "difficulty": self.difficulty,
            "last_review": self.last_review,
            "reviews": self.reviews,
            "lapses": self.lapses,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReviewCard:
        """Rebuild a card from ``to_dict``'s mapping; raise ValueError if it is not one.

        Every value is checked (finite times, FSRS's ranges), so a damaged card is refused here
        rather than failing later in the scheduler.
        """
        if not isinstance(data, dict):
            raise ValueError(f"a card is a mapping, not {type(data).__name__}")
        try:
            card = cls._from_mapping(data)
        except (KeyError, TypeError, OverflowError) as error:
            raise ValueError(f"not a card: {error!r}") from error
        card.check()
        return card

    def check(self) -> None:
        """Raise ValueError unless every value is one the scheduler can take."""
        times = (self.due, self.last_review or 0.0, self.stability or 1.0, self.difficulty or 1.0)
        if not all(math.isfinite(value) for value in times):
            raise ValueError("a card's times and memory values must be finite")
        if not all(abs(at) < LATEST for at in (self.due, self.last_review or 0.0)):
            raise ValueError("a card's times must be dates (unix seconds before year 5000)")
        if self.stability is not None and self.stability <= 0:
            raise ValueError("a card's stability must be positive")
        if self.difficulty is not None and not 1 <= self.difficulty <= 10:
            raise ValueError("a card's difficulty must be from 1 to 10")
        if min(self.reviews, self.lapses, self.step or 0) < 0:
            raise ValueError("a card's counts must not be negative")

    @classmethod
    def _from_mapping(cls, data: dict[str, Any]) -> ReviewCard:
        """Return the card a mapping spells, converting each value (unchecked)."""
        return cls(
            member_id=int(data["member_id"]),
            guild_id=int(data["guild_id"]),
            set_id=str(data["set_id"]),
            question_id=str(data["question_id"]),
            due=float(data["due"]),
            state=CardState(int(data["state"])),
            step=None if data["step"] is None else int(data["step"]),
            stability=_optional_float(data["stability"]),
            difficulty=_optional_float(data["difficulty"]),
            last_review=_optional_float(data["last_review"]),
            reviews=int(data["reviews"]),
            lapses=int(data["lapses"]),
        )


def new_card(
    *, member_id: int, guild_id: int, set_id: str, question_id: str, now: float
) -> ReviewCard:
    """Return a card never reviewed yet, due at ``now`` (review it before storing it)."""
    return ReviewCard(member_id, guild_id, set_id, question_id, due=now)


def review_card(card: ReviewCard, rating: ReviewRating, now: float) -> ReviewCard:
    """Return ``card`` rated ``rating`` at ``now``, with its next due date.

    Same inputs, same result: no fuzzing and no wall clock.
    """
    fsrs_card, _ = SCHEDULER.review_card(_to_fsrs(card), Rating(int(rating)), _utc(now))
    lapsed = card.state == CardState.REVIEW and rating == ReviewRating.AGAIN
    return replace(
        card,
        due=fsrs_card.due.timestamp(),
        state=CardState(int(fsrs_card.state)),
        step=fsrs_card.step,
        stability=fsrs_card.stability,
        difficulty=fsrs_card.difficulty,
        last_review=now,
        reviews=card.reviews + 1,
        lapses=card.lapses + lapsed,
    )


def again_due(rated_at: float) -> float:
    """Return when a card rated Again at ``rated_at`` is due: Again always sends a card back to
    its one learning (or relearning) step, whatever its state was."""
    return rated_at + LEARNING_STEP_SECONDS


def due_cards(
    cards: Iterable[ReviewCard], now: float, *, limit: int = REVIEW_SESSION_LIMIT
) -> list[ReviewCard]:
    """Return up to ``limit`` cards due at ``now``, most overdue first.

    Ties go by set id, then question id, so the order never depends on the input's.
    Cards of removed questions or sets are the caller's to leave out.
    """
    due = [card for card in cards if card.due <= now]
    due.sort(key=lambda card: (card.due, card.set_id, card.question_id))
    return due[: max(limit, 0)]


def forecast(cards: Iterable[ReviewCard], now: float, days: int = 14) -> list[int]:
    """Return how many questions fall due on each of ``days`` UTC days, today first.

    Day 0 is ``now``'s UTC day and also counts everything already overdue; day ``i`` counts
    cards due during the ``i``-th UTC day after it. Cards due later are not counted.
    """
    counts = [0] * days
    today = int(now // DAY_SECONDS)
    for card in cards:
        day = int(card.due // DAY_SECONDS) - today
        if day < days:
            counts[max(day, 0)] += 1
    return counts


@dataclass(frozen=True, slots=True)
class DueSummary:
    """Sum up a member's review schedule at one moment."""

    due_now: int
    due_next_7_days: int
    """Not due yet, but due within the next 7 days (168 hours)."""
    scheduled: int
    """Every card, due or not."""
    next_due: float | None
    """The earliest due time after now; ``None`` when no card is due later."""


def due_summary(cards: Iterable[ReviewCard], now: float) -> DueSummary:
    """Return how many cards are due now, due within 7 days, scheduled, and the next due time."""
    due_now = soon = scheduled = 0
    next_due: float | None = None
    week_end = now + 7 * DAY_SECONDS
    for card in cards:
        scheduled += 1
        if card.due <= now:
            due_now += 1
            continue
        if card.due <= week_end:
            soon += 1
        if next_due is None or card.due < next_due:
            next_due = card.due
    return DueSummary(due_now, soon, scheduled, next_due)


def _to_fsrs(card: ReviewCard) -> Card:
    """Return the ``fsrs`` card for ``card`` (a fixed id: ``Card()`` would sleep 1 ms)."""
    return Card(
        card_id=0,
        state=State(int(card.state)),
        step=card.step,
        stability=card.stability,
        difficulty=card.difficulty,
        due=_utc(card.due),
        last_review=None if card.last_review is None else _utc(card.last_review),
    )


def _utc(seconds: float) -> datetime:
    """Return unix ``seconds`` as an aware UTC datetime (``fsrs`` insists on UTC)."""
    return datetime.fromtimestamp(seconds, UTC)


def _optional_float(value: object) -> float | None:
    """Return ``value`` as a float, or ``None`` when it is ``None``."""
    return None if value is None else float(value)  # type: ignore[arg-type]
