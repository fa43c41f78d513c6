"""Count streaks of consecutive active days."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

_ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Streak:
    """Hold a member's current and best runs of consecutive active days."""

    current: int
    best: int


def streak(active_days: Iterable[datetime.date], today: datetime.date) -> Streak:
    """Return the streak of consecutive days with activity, as seen on ``today``.

    Days are the server's calendar days (its time zone, as the storage files them); ``today``
    must be the day on the same clock (``storage.periods.local_day``).

    ``current`` counts the days in a row ending today, or ending yesterday when there is no
    activity yet today (the streak is still alive until today ends); ``best`` is the longest run
    ever. Duplicates are ignored, and so are days after ``today``.
    """
    today = _as_date(today)
    days = sorted({day for day in map(_as_date, active_days) if day <= today})
    best = run = 0
    previous: datetime.date | None = None
    for day in days:
        run = run + 1 if previous is not None and day - previous == _ONE_DAY else 1
        best = max(best, run)
        previous = day
    alive = previous is not None and today - previous <= _ONE_DAY
    return Streak(run if alive else 0, best)


def _as_date(day: datetime.date) -> datetime.date:
    """Return the UTC calendar day of a date or a datetime (naive datetimes are taken as UTC)."""
    if isinstance(day, datetime.datetime):
        if day.tzinfo is not None:
            day = day.astimezone(datetime.UTC)
        return day.date()
    return day
