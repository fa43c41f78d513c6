"""Periods on the server's clock: plain bounds in Tokyo and Los Angeles (DST, month ends)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from storage.periods import local_day, period_start, utc_offset, week_number

TOKYO, LA = "Asia/Tokyo", "America/Los_Angeles"


def at(text: str, zone: str = "UTC") -> float:
    """Return the unix time of a wall-clock time in a zone."""
    return dt.datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(zone)).timestamp()


def key(text: str) -> int:
    """Return a period key: that wall-clock time read as UTC."""
    return int(at(text))


def test_a_utc_server_keeps_the_utc_periods() -> None:
    moment = at("2026-01-04 23:30")  # a Sunday
    assert period_start("week", moment) == period_start("week", moment, "UTC") == key("2025-12-29")
    assert period_start("month", moment) == key("2026-01-01")
    assert period_start("all", moment, TOKYO) == 0


def test_sunday_evening_utc_is_already_next_week_and_day_in_tokyo() -> None:
    moment = at("2026-01-04 23:30")  # Monday 5 January 08:30 in Tokyo
    assert period_start("week", moment, TOKYO) == key("2026-01-05")
    assert period_start("week", moment, "UTC") == key("2025-12-29")
    assert local_day(moment, TOKYO) == dt.date(2026, 1, 5)
    assert local_day(moment) == dt.date(2026, 1, 4)
    assert week_number(moment, TOKYO) == week_number(moment) + 1
    # Tokyo's week starts at its midnight, Sunday 15:00 UTC, not 9 hours later
    assert period_start("week", at("2026-01-04 15:00"), TOKYO) == key("2026-01-05")
    assert period_start("week", at("2026-01-04 14:59:59"), TOKYO) == key("2025-12-29")


def test_month_ends_follow_the_zone() -> None:
    # 31 January 16:00 in Los Angeles is 1 February 00:00 UTC: still January there
    moment = at("2026-02-01 00:00")
    assert period_start("month", moment, LA) == key("2026-01-01")
    assert period_start("month", moment) == key("2026-02-01")
    assert period_start("month", at("2026-02-28 15:00"), TOKYO) == key("2026-03-01")
    assert period_start("month", at("2026-02-28 14:59"), TOKYO) == key("2026-02-01")
    assert period_start("month", at("2026-12-31 15:00"), TOKYO) == key("2027-01-01")


@pytest.mark.parametrize(
    ("local", "offset"),
    [
        ("2026-03-08 01:59", -8 * 3600),  # PST, just before the spring change
        ("2026-03-08 03:00", -7 * 3600),  # PDT
        ("2026-11-01 00:30", -7 * 3600),
        ("2026-11-02 00:30", -8 * 3600),
    ],
)
def test_los_angeles_offsets_across_dst(local: str, offset: int) -> None:
    assert utc_offset(LA, at(local, LA)) == offset


def test_weeks_and_days_start_at_local_midnight_across_dst() -> None:
    # Sunday 8 March 2026 is the day of the spring change in Los Angeles (23 hours long)
    assert local_day(at("2026-03-08 23:59", LA), LA) == dt.date(2026, 3, 8)
    assert local_day(at("2026-03-09 00:00", LA), LA) == dt.date(2026, 3, 9)
    assert period_start("week", at("2026-03-08 23:59:59", LA), LA) == key("2026-03-02")
    assert period_start("week", at("2026-03-09 00:00", LA), LA) == key("2026-03-09")
    # the autumn change, Sunday 1 November 2026 (25 hours long)
    assert period_start("week", at("2026-11-01 23:59:59", LA), LA) == key("2026-10-26")
    assert period_start("week", at("2026-11-02 00:00", LA), LA) == key("2026-11-02")
    week = week_number(at("2026-11-02 00:00", LA), LA)
    assert week == week_number(at("2026-11-08 23:59:59", LA), LA)
    assert week == week_number(at("2026-11-01 23:59:59", LA), LA) + 1
    # a chart week's number gives back its Monday (as the chart labels it)
    monday = dt.datetime.fromtimestamp(week * 604_800 + 345_600, dt.UTC).date()
    assert monday == dt.date(2026, 11, 2)


def test_an_unknown_zone_counts_as_utc() -> None:
    assert utc_offset("Mars/Olympus", at("2026-01-04 23:30")) == 0
