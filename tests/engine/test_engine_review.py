"""Spaced review: ratings from answers, FSRS scheduling with the clock passed in, due lists."""

from __future__ import annotations

import itertools
import json
from dataclasses import replace

import pytest

from bot.engine import NO_TRY, MemberTry
from bot.engine.review import (
    LEARNING_STEP_SECONDS,
    SCHEDULER,
    CardState,
    DueSummary,
    ReviewCard,
    ReviewRating,
    again_due,
    due_cards,
    due_summary,
    forecast,
    new_card,
    rating_for,
    rating_for_try,
    review_card,
)

MONDAY = 1_717_372_800.0
"""2024-06-03 00:00 UTC."""
DAY = 86_400.0
HOUR = 3_600.0
NOON = MONDAY + 12 * HOUR

AGAIN, HARD, GOOD = ReviewRating.AGAIN, ReviewRating.HARD, ReviewRating.GOOD


def _card(question_id: str = "q1", *, now: float = NOON, set_id: str = "demo") -> ReviewCard:
    return new_card(member_id=7, guild_id=42, set_id=set_id, question_id=question_id, now=now)


def _due_at(due: float, question_id: str = "q1", set_id: str = "demo") -> ReviewCard:
    return replace(_card(question_id, set_id=set_id), due=due)


def _expected_rating(correct: bool, attempt: int, hint_used: bool) -> ReviewRating:
    if not correct:
        return AGAIN
    if attempt == 1 and not hint_used:
        return GOOD
    return HARD


@pytest.mark.parametrize("hint_used", [False, True])
@pytest.mark.parametrize("attempt", [1, 2, 3, 5])
@pytest.mark.parametrize("correct", [False, True])
def test_rating_rules(correct: bool, attempt: int, hint_used: bool) -> None:
    rating = rating_for(correct=correct, attempt=attempt, hint_used=hint_used)
    assert rating == _expected_rating(correct, attempt, hint_used)


def test_only_a_clean_first_try_is_good_and_only_wrong_is_again() -> None:
    assert rating_for(correct=True, attempt=1, hint_used=False) == GOOD
    assert rating_for(correct=True, attempt=2, hint_used=False) == HARD
    assert rating_for(correct=True, attempt=1, hint_used=True) == HARD
    assert rating_for(correct=False, attempt=1, hint_used=False) == AGAIN
    assert rating_for(correct=False, attempt=0, hint_used=True) == AGAIN


def test_a_right_answer_needs_an_attempt_number() -> None:
    with pytest.raises(ValueError, match="attempt"):
        rating_for(correct=True, attempt=0, hint_used=False)


@pytest.mark.parametrize(
    ("member_try", "expected"),
    [
        (NO_TRY, AGAIN),  # never answered before time ran out
        (MemberTry((1, 2), False, False, 0, NOON), AGAIN),  # out of attempts
        (MemberTry((3,), False, True, 0, NOON), AGAIN),  # out of time after the hint
        (MemberTry((0,), True, False, 100, NOON), GOOD),
        (MemberTry((0,), True, True, 50, NOON), HARD),
        (MemberTry((2, 0), True, False, 60, NOON), HARD),
    ],
)
def test_rating_for_a_members_tries(member_try: MemberTry, expected: ReviewRating) -> None:
    assert rating_for_try(member_try) == expected


def test_ratings_are_fsrs_ratings() -> None:
    assert [int(r) for r in ReviewRating] == [1, 2, 3]
    assert not SCHEDULER.enable_fuzzing
    assert SCHEDULER.desired_retention == 0.9


def test_a_new_card_is_due_at_once_and_unreviewed() -> None:
    card = _card()
    assert (card.due, card.state, card.reviews, card.last_review) == (
        NOON,
        CardState.LEARNING,
        0,
        None,
    )


def test_right_first_try_pushes_the_due_date_days_ahead() -> None:
    card = review_card(_card(), GOOD, NOON)
    assert card.due - NOON >= 2 * DAY
    assert card.state == CardState.REVIEW
    assert (card.last_review, card.reviews, card.lapses) == (NOON, 1, 0)
    assert (card.member_id, card.guild_id, card.set_id, card.question_id) == (7, 42, "demo", "q1")


@pytest.mark.parametrize("rating", [AGAIN, HARD])
def test_wrong_or_shaky_answers_keep_the_question_within_the_day(rating: ReviewRating) -> None:
    card = review_card(_card(), rating, NOON)
    assert NOON < card.due <= NOON + HOUR
    assert card.state == CardState.LEARNING


def test_a_miss_comes_back_after_the_learning_step_then_days_later() -> None:
    missed = review_card(_card(), AGAIN, NOON)
    assert missed.due == NOON + LEARNING_STEP_SECONDS
    fixed = review_card(missed, GOOD, missed.due)
    assert fixed.due - missed.due >= DAY
    assert fixed.state == CardState.REVIEW


def _interval(card: ReviewCard) -> float:
    assert card.last_review is not None
    return card.due - card.last_review


def test_a_member_answering_across_several_weeks() -> None:
    """Reviewing whenever due: intervals grow on success, reset on a miss, then grow again."""
    card = review_card(_card(), GOOD, NOON)
    intervals = [_interval(card)]
    while card.due < NOON + 8 * 7 * DAY:  # keep answering right for eight weeks
        card = review_card(card, GOOD, card.due + HOUR)
        intervals.append(_interval(card))
    assert len(intervals) >= 3
    assert all(later > earlier for earlier, later in itertools.pairwise(intervals))
    assert intervals[-1] >= 14 * DAY
    assert card.lapses == 0

    lapse_at = card.due + 2 * DAY  # a bit late, and wrong
    lapsed = review_card(card, AGAIN, lapse_at)
    assert lapsed.state == CardState.RELEARNING
    assert lapsed.due - lapse_at <= HOUR
    assert lapsed.lapses == 1
    assert lapsed.stability is not None
    assert card.stability is not None
    assert lapsed.stability < card.stability

    relearned = review_card(lapsed, GOOD, lapsed.due)
    assert relearned.state == CardState.REVIEW
    assert DAY <= _interval(relearned) < intervals[-1]
    again = review_card(relearned, GOOD, relearned.due)
    assert _interval(again) > _interval(relearned)
    assert again.reviews == len(intervals) + 3


def test_hard_grows_more_slowly_than_good() -> None:
    start = review_card(_card(), GOOD, NOON)
    good = review_card(start, GOOD, start.due)
    hard = review_card(start, HARD, start.due)
    assert start.due + DAY <= hard.due < good.due


def test_scheduling_is_deterministic() -> None:
    ratings = [GOOD, GOOD, AGAIN, HARD, GOOD, GOOD, GOOD]

    def play() -> ReviewCard:
        card = _card()
        now = NOON
        for rating in ratings:
            card = review_card(card, rating, now)
            now = card.due + 5 * HOUR
        return card

    first = play()
    assert all(play() == first for _ in range(5))


def test_review_does_not_change_its_input() -> None:
    card = review_card(_card(), GOOD, NOON)
    snapshot = card.to_dict()
    review_card(card, AGAIN, card.due)
    assert card.to_dict() == snapshot


def test_serialisation_round_trip_in_every_state() -> None:
    cards = [_card()]
    now = NOON
    for rating in [GOOD, GOOD, AGAIN, GOOD]:
        cards.append(review_card(cards[-1], rating, now))
        now = cards[-1].due
    assert {card.state for card in cards} == set(CardState)
    for card in cards:
        restored = ReviewCard.from_dict(json.loads(json.dumps(card.to_dict())))
        assert restored == card
        assert review_card(restored, GOOD, now) == review_card(card, GOOD, now)


def test_due_cards_most_overdue_first_with_a_limit() -> None:
    cards = [
        _due_at(NOON + HOUR, "later"),
        _due_at(NOON - DAY, "oldest"),
        _due_at(NOON, "just-due"),
        _due_at(NOON - HOUR, "b", set_id="zeta"),
        _due_at(NOON - HOUR, "a", set_id="alpha"),
    ]
    due = due_cards(cards, NOON)
    assert [card.question_id for card in due] == ["oldest", "a", "b", "just-due"]
    assert [card.question_id for card in due_cards(cards, NOON, limit=2)] == ["oldest", "a"]
    assert due_cards(cards, NOON, limit=0) == []
    assert due_cards(reversed(cards), NOON) == due


def test_due_cards_stop_at_twenty_by_default() -> None:
    cards = [_due_at(NOON - n, f"q{n}") for n in range(30)]
    due = due_cards(cards, NOON)
    assert len(due) == 20
    assert due[0].question_id == "q29"


def test_forecast_counts_per_utc_day_with_overdue_today() -> None:
    cards = [
        _due_at(NOON - 3 * DAY, "overdue"),
        _due_at(NOON, "now"),
        _due_at(MONDAY + DAY - 1, "tonight"),
        _due_at(MONDAY + DAY, "tomorrow-midnight"),
        _due_at(MONDAY + 2 * DAY + HOUR, "wednesday"),
        _due_at(MONDAY + 13 * DAY + 23 * HOUR, "last-day"),
        _due_at(MONDAY + 14 * DAY, "too-far"),
    ]
    counts = forecast(cards, NOON)
    assert len(counts) == 14
    assert counts[0] == 3
    assert counts[1] == 1
    assert counts[2] == 1
    assert counts[13] == 1
    assert sum(counts) == 6
    assert forecast(cards, NOON, days=3) == [3, 1, 1]
    assert forecast([], NOON) == [0] * 14


def test_due_summary() -> None:
    cards = [
        _due_at(NOON - DAY, "a"),
        _due_at(NOON, "b"),
        _due_at(NOON + HOUR, "c"),
        _due_at(NOON + 7 * DAY, "d"),
        _due_at(NOON + 7 * DAY + 1, "e"),
    ]
    assert due_summary(cards, NOON) == DueSummary(
        due_now=2, due_next_7_days=2, scheduled=5, next_due=NOON + HOUR
    )
    assert due_summary(cards[:2], NOON) == DueSummary(2, 0, 2, None)
    assert due_summary([], NOON) == DueSummary(0, 0, 0, None)


def test_again_sends_any_card_back_ten_minutes_as_again_due_says() -> None:
    """A new, a learning and a review card rated Again are all due 600 s later."""
    at = 1_000_000.0
    card = new_card(member_id=1, guild_id=2, set_id="s", question_id="q", now=at)
    assert review_card(card, ReviewRating.AGAIN, at).due == again_due(at) == at + 600
    learning = review_card(card, ReviewRating.GOOD, at)
    later = at + 3 * 86_400
    assert review_card(learning, ReviewRating.AGAIN, later).due == again_due(later)
    graduated = review_card(
        review_card(learning, ReviewRating.GOOD, at + 700), ReviewRating.GOOD, at + 9 * 86_400
    )
    assert graduated.state is CardState.REVIEW
    much_later = at + 60 * 86_400
    assert review_card(graduated, ReviewRating.AGAIN, much_later).due == much_later + 600
