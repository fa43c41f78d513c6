"""Scheduled challenges keep their wall-clock time in the server's zone, across DST."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime

import pytest

from bot.engine.schedule import (
    LATE_START_SECONDS,
    Due,
    Repeat,
    WallTime,
    describe,
    due,
    first_run,
    next_run,
    parse_time,
    zone,
)

PARIS = zone("Europe/Paris")


def unix(text: str) -> float:
    return datetime.fromisoformat(text).astimezone(UTC).timestamp()


def local(at: float, tz: object = PARIS) -> str:
    return datetime.fromtimestamp(at, tz).strftime("%Y-%m-%d %H:%M %a")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [("18:00", WallTime(18, 0)), ("7:05", WallTime(7, 5)), (" 23:59 ", WallTime(23, 59))],
)
def test_times_parse(text: str, expected: WallTime) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "18", "6pm", "18:60", "", "-1:00"])
def test_bad_times_get_a_sentence(text: str) -> None:
    with pytest.raises(ValueError, match="is not a time like 18:00"):
        parse_time(text)


def test_unknown_zones_get_a_sentence() -> None:
    with pytest.raises(ValueError, match="not a time zone I know"):
        zone("Mars/Olympus")
    with pytest.raises(ValueError, match="not a time zone I know"):
        zone("../etc/passwd")


def test_first_run_is_today_or_tomorrow() -> None:
    now = unix("2026-03-10T17:00:00+01:00")  # a Tuesday
    wall, at = first_run(WallTime(18, 0), Repeat.ONCE, PARIS, now)
    assert local(at) == "2026-03-10 18:00 Tue"
    wall, at = first_run(WallTime(16, 0), Repeat.WEEKLY, PARIS, now)
    assert local(at) == "2026-03-11 16:00 Wed"
    assert wall.weekday == 2
    assert next_run(wall, Repeat.ONCE, PARIS, at) is None


def test_a_weekly_schedule_keeps_its_local_time_across_both_dst_changes() -> None:
    now = unix("2026-03-17T12:00:00+01:00")  # Tuesday, winter time
    wall, at = first_run(WallTime(18, 0), Repeat.WEEKLY, PARIS, now)
    runs = [at]
    for _ in range(33):
        runs.append(next_run(wall, Repeat.WEEKLY, PARIS, runs[-1]))  # type: ignore[arg-type]
    assert all(local(run).endswith("18:00 Tue") for run in runs)
    gaps = {round((b - a) / 3600) for a, b in itertools.pairwise(runs)}
    assert gaps == {167, 168, 169}  # one week, one hour shorter in March, longer in October


def test_a_daily_time_in_the_skipped_hour_still_runs_that_day() -> None:
    wall = WallTime(2, 30)
    before = unix("2026-03-28T12:00:00+01:00")
    on_change_day = next_run(wall, Repeat.DAILY, PARIS, before)
    assert on_change_day is not None
    assert local(on_change_day).startswith("2026-03-29")
    after = next_run(wall, Repeat.DAILY, PARIS, on_change_day)
    assert after is not None
    assert local(after) == "2026-03-30 02:30 Mon"


def test_late_runs_start_within_ten_minutes_otherwise_skip() -> None:
    assert due(1000.0, 1000.0) is Due.START
    assert due(1000.0, 1000.0 + LATE_START_SECONDS) is Due.START
    assert due(1000.0, 1000.0 + LATE_START_SECONDS + 1) is Due.SKIP


def test_schedules_describe_themselves() -> None:
    assert describe(WallTime(18, 0, 1), Repeat.WEEKLY) == "every Tuesday at 18:00"
    assert describe(WallTime(7, 5), Repeat.DAILY) == "every day at 07:05"
    assert describe(WallTime(7, 5), Repeat.ONCE) == "once at 07:05"


def test_a_missed_run_starts_when_at_most_ten_minutes_late_as_the_readme_says() -> None:
    """The README's numbers, written out: the constant may not drift from 10 minutes."""
    run_at = 1_000_000.0
    assert due(run_at, run_at + 9 * 60) is Due.START
    assert due(run_at, run_at + 10 * 60) is Due.START
    assert due(run_at, run_at + 10 * 60 + 1) is Due.SKIP
    assert due(run_at, run_at + 12 * 60) is Due.SKIP
    assert due(run_at, run_at + 15 * 60) is Due.SKIP
