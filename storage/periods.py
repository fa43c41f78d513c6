"""Leaderboard periods: all time, the ISO week (from Monday 00:00 UTC), the month (UTC).

The answers trigger of each backend files every answer under the start of its week and month
with the same arithmetic as period_start below (unix seconds; 'all' starts at 0).
"""

from __future__ import annotations

import datetime
import math

PERIODS: tuple[str, ...] = ("all", "week", "month")
DAY = 86_400


def period_start(period: str, at: float) -> int:
    """Return the first second (unix, UTC) of the period that contains the time at."""
    if period == "all":
        return 0
    if period == "week":
        day = math.floor(at / DAY)
        return (day - (day + 3) % 7) * DAY  # day 0, 1 January 1970, was a Thursday
    if period == "month":
        moment = datetime.datetime.fromtimestamp(at, datetime.UTC)
        first = datetime.datetime(moment.year, moment.month, 1, tzinfo=datetime.UTC)
        return int(first.timestamp())
    raise ValueError(f"period must be one of {PERIODS}, not {period!r}")
