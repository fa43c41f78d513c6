"""Streaks of consecutive UTC days."""

from __future__ import annotations

import datetime

from bot.engine import Streak, streak

TODAY = datetime.date(2024, 3, 10)


def _days(*offsets: int) -> list[datetime.date]:
    return [TODAY - datetime.timedelta(days=n) for n in offsets]


def test_no_activity_is_no_streak() -> None:
    assert streak([], TODAY) == Streak(0, 0)


def test_streak_ending_today() -> None:
    assert streak(_days(0, 1, 2, 5, 6), TODAY) == Streak(3, 3)


def test_streak_still_alive_when_nothing_yet_today() -> None:
    assert streak(_days(1, 2), TODAY) == Streak(2, 2)


def test_streak_broken_by_a_missed_day_keeps_best() -> None:
    assert streak(_days(2, 3, 4, 5, 9), TODAY) == Streak(0, 4)


def test_duplicates_and_future_days_are_ignored() -> None:
    assert streak([*_days(0, 0, 1), TODAY + datetime.timedelta(days=1)], TODAY) == Streak(2, 2)


def test_best_streak_in_the_past_and_month_boundaries() -> None:
    days = [datetime.date(2024, 2, 27) + datetime.timedelta(days=n) for n in range(5)]
    assert streak([*days, TODAY], TODAY) == Streak(1, 5)


def test_datetimes_are_counted_by_utc_day() -> None:
    late = datetime.datetime(
        2024, 3, 9, 23, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=-2))
    )
    assert streak([late], TODAY) == Streak(1, 1)
