"""When scheduled challenges run: wall-clock times in a server's zone, across DST changes.

Pure functions with the clock passed in (unix seconds); zones are IANA names read through
``zoneinfo`` (with ``tzdata`` installed, so every machine knows them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from i18n import N_, _

LATE_START_SECONDS = 10 * 60
"""A run missed while the bot was away still starts when it is at most this late."""
MAX_SCHEDULES_PER_SERVER = 25
EVERY_WEEKDAY = (
    # Translators: how a weekly schedule reads in a sentence; {time} is like 18:00.
    N_("every Monday at {time}"),
    N_("every Tuesday at {time}"),
    N_("every Wednesday at {time}"),
    N_("every Thursday at {time}"),
    N_("every Friday at {time}"),
    N_("every Saturday at {time}"),
    N_("every Sunday at {time}"),
)

_TIME = re.compile(r"([01]?\d|2[0-3]):([0-5]\d)")


class Repeat(StrEnum):
    ONCE = "once"
    DAILY = "daily"
    WEEKLY = "weekly"


@dataclass(frozen=True, slots=True)
class WallTime:
    """A time of day, and for weekly schedules the weekday (Monday is 0)."""

    hour: int
    minute: int
    weekday: int | None = None


def parse_time(text: str) -> WallTime:
    """Parse ``HH:MM`` (24-hour); raise ValueError with a sentence otherwise."""
    match = _TIME.fullmatch(text.strip())
    if match is None:
        raise ValueError(_("'{text}' is not a time like 18:00 (24-hour HH:MM).", text=text))
    return WallTime(int(match[1]), int(match[2]))


def zone(name: str) -> ZoneInfo:
    """Return the IANA time zone ``name``; raise ValueError with a sentence when unknown."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: a folder such as "Europe"
        shown = name.strip() if len(name.strip()) <= 60 else name.strip()[:59] + "…"
        raise ValueError(
            _(
                "'{zone}' is not a time zone I know; use an IANA name like Europe/Paris, "
                "America/New_York or UTC.",
                zone=shown,
            )
        ) from None


def _at(day: date, wall: WallTime, tz: ZoneInfo) -> float:
    """Return the unix time of ``wall`` on ``day`` in ``tz``.

    A time that does not exist that day (the hour skipped when clocks go forward) runs at the
    same wall time after the change, which is what fold=0 gives after normalising through UTC.
    """
    local = datetime.combine(day, time(wall.hour, wall.minute), tzinfo=tz)
    return local.astimezone(UTC).timestamp()


def first_run(wall: WallTime, repeat: Repeat, tz: ZoneInfo, now: float) -> tuple[WallTime, float]:
    """Return the schedule's wall time (with its weekday when weekly) and its first run."""
    today = datetime.fromtimestamp(now, tz).date()
    at = _at(today, wall, tz)
    day = today
    if at <= now:
        day = today + timedelta(days=1)
        at = _at(day, wall, tz)
    if repeat is Repeat.WEEKLY:
        wall = WallTime(wall.hour, wall.minute, day.weekday())
    return wall, at


def next_run(wall: WallTime, repeat: Repeat, tz: ZoneInfo, after: float) -> float | None:
    """Return the first run strictly after ``after``, or None for a one-off schedule."""
    if repeat is Repeat.ONCE:
        return None
    day = datetime.fromtimestamp(after, tz).date()
    for offset in range(8):
        candidate_day = day + timedelta(days=offset)
        if repeat is Repeat.WEEKLY and candidate_day.weekday() != wall.weekday:
            continue
        at = _at(candidate_day, wall, tz)
        if at > after:
            return at
    raise AssertionError("a daily or weekly time always recurs within eight days")


class Due(StrEnum):
    START = "start"
    """Start now (on time, or late by at most LATE_START_SECONDS)."""
    SKIP = "skip"
    """Missed by more than LATE_START_SECONDS while the bot was away: skip and say so."""


def due(run_at: float, now: float) -> Due:
    """Tell what to do with a run planned for ``run_at`` when it is ``now``."""
    return Due.START if now - run_at <= LATE_START_SECONDS else Due.SKIP


def describe(wall: WallTime, repeat: Repeat) -> str:
    """Return how a schedule reads in a list, like ``every Tuesday at 18:00``."""
    clock = f"{wall.hour:02d}:{wall.minute:02d}"
    if repeat is Repeat.DAILY:
        return _("every day at {time}", time=clock)
    if repeat is Repeat.WEEKLY and wall.weekday is not None:
        return _(EVERY_WEEKDAY[wall.weekday], time=clock)
    return _("once at {time}", time=clock)
