"""Leaderboard periods, streak days and chart weeks, on the clock of the server's time zone.

A period starts at midnight in the server's time zone (``/schedule timezone``, UTC until set):
the week on Monday, the month on the 1st. Its key (``period_start``) is that first second of
the server's wall clock read as if it were UTC, in unix seconds: the same arithmetic as UTC on
``at + utc_offset(zone, at)``. For a server in UTC it is the period's first second itself.

Each answer row carries the offset of its server's zone at its time (``utc_offset``, seconds
east of UTC, computed here when it is written); the answers triggers of both backends file it
under ``answered_at + utc_offset`` with the arithmetic below, so an answer costs the same
whatever the zone. A period is named by its calendar date, so when a server changes its zone
its rows already filed keep their period and the current week and month go on under the same
key; rows filed before the change are not refiled. (The migration that brought this in,
sqlite 0008 / postgres 0007, refiled once the answers of servers that had a zone then.)
"""

from __future__ import annotations

import datetime
import functools
import math
import zoneinfo

PERIODS: tuple[str, ...] = ("all", "week", "month")
DAY = 86_400
WEEK = 7 * DAY
MONDAY_OFFSET = 4 * DAY  # day 0, 1 January 1970, was a Thursday: the first Monday is day 4
UTC = "UTC"


@functools.lru_cache(maxsize=1_024)
def _zone(name: str) -> datetime.tzinfo:
    """Return the tzinfo of an IANA name (UTC for a name this system does not know)."""
    try:
        return zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return datetime.UTC


def utc_offset(zone: str, at: float) -> int:
    """Return the offset (whole seconds east of UTC) of the zone named ``zone`` at unix ``at``."""
    if zone == UTC:
        return 0
    moment = datetime.datetime.fromtimestamp(at, datetime.UTC).astimezone(_zone(zone))
    offset = moment.utcoffset()
    return 0 if offset is None else int(offset.total_seconds())


def local_seconds(at: float, zone: str = UTC) -> float:
    """Return the server's wall-clock time at ``at``, as unix seconds read as UTC."""
    return at + utc_offset(zone, at)


def period_start(period: str, at: float, zone: str = UTC) -> int:
    """Return the key of the period that contains the time at, in the server's zone.

    The period's first second on the server's wall clock, read as UTC (unix seconds; for a
    server in UTC, the period's first second itself).
    """
    if period == "all":
        return 0
    local = local_seconds(at, zone)
    if period == "week":
        day = math.floor(local / DAY)
        return (day - (day + 3) % 7) * DAY  # day 0, 1 January 1970, was a Thursday
    if period == "month":
        moment = datetime.datetime.fromtimestamp(local, datetime.UTC)
        first = datetime.datetime(moment.year, moment.month, 1, tzinfo=datetime.UTC)
        return int(first.timestamp())
    raise ValueError(f"period must be one of {PERIODS}, not {period!r}")


def local_day(at: float, zone: str = UTC) -> datetime.date:
    """Return the calendar day in the server's zone at unix ``at`` (a streak's day)."""
    return datetime.datetime.fromtimestamp(local_seconds(at, zone), datetime.UTC).date()


def week_number(at: float, zone: str = UTC) -> int:
    """Return the number of the week (Monday to Sunday in the server's zone) holding ``at``.

    Week 0 starts on Monday 5 January 1970; the answers triggers file weekly_totals so.
    """
    return int((local_seconds(at, zone) - MONDAY_OFFSET) // WEEK)
