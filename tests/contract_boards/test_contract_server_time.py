"""Contract: a server's week, month, streak days and chart weeks start at its own midnight."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest

import bot.cogs.stats as stats_cog
from bot.stats.charts import ProgressChartData
from storage.periods import week_number
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_boards.helpers import (
    ANSWERS,
    WRONG,
    advance_to,
    board_text,
    open_question,
    prompt_of,
    take_test,
)
from tests.contract_boards.test_contract_leaderboard import points_of

EVERYTHING = set(ANSWERS)
ONE = {"Which letter comes second?"}
SUNDAY_2330_UTC = datetime(2026, 1, 4, 23, 30, tzinfo=UTC)  # Monday 5 January 08:30 in Tokyo


async def week_board(world: World) -> str:
    return board_text(await world.carol.slash(world.channel, "leaderboard", period="week"))


async def take_test_in(world: World, channel: Any, member: Any, right: set[str]) -> None:
    """Take a /test of the mini set in another server's channel."""
    await member.slash(channel, "test", set="mini")
    thread = channel.threads[-1]
    for _ in range(3):
        question = open_question(world, thread)
        prompt = prompt_of(question)
        await member.react(question, ANSWERS[prompt] if prompt in right else WRONG[prompt])


async def test_a_tokyo_servers_week_and_days_turn_at_midnight_in_tokyo(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    done = await mod.slash(world.channel, "schedule timezone", zone="Asia/Tokyo")
    assert "**Asia/Tokyo**" in done.response.content
    assert "leaderboard weeks and months" in done.response.content
    shown = await mod.slash(world.channel, "settings language")
    assert "time zone is **Asia/Tokyo**" in shown.response.content

    utc_server = world.env.create_guild("Other")  # keeps UTC
    utc_channel = utc_server.create_text_channel("study")
    alice_there = utc_server.add_member(world.alice.user)  # type: ignore[attr-defined]

    # Sunday 14:00 UTC is Sunday 23:00 in Tokyo: the last hour of its week
    await advance_to(world, datetime(2026, 1, 4, 14, 0, tzinfo=UTC))
    await take_test(world, world.alice, EVERYTHING)
    await take_test_in(world, utc_channel, alice_there, EVERYTHING)
    assert points_of(await week_board(world), world.alice.mention) == 300

    # Sunday 23:30 UTC: a UTC server is still in that week (test_contract_leaderboard), Tokyo
    # is on Monday morning, in a new week
    await advance_to(world, SUNDAY_2330_UTC)
    assert "Nobody has scored yet" in await week_board(world)
    there = board_text(await alice_there.slash(utc_channel, "leaderboard", period="week"))
    assert points_of(there, world.alice.mention) == 300  # the UTC server's week goes on
    await take_test(world, world.bob, ONE)
    await take_test(world, world.alice, ONE)
    week = await week_board(world)
    assert points_of(week, world.bob.mention) == 100
    assert points_of(week, world.alice.mention) == 100
    month = board_text(await world.carol.slash(world.channel, "leaderboard", period="month"))
    assert points_of(month, world.alice.mention) == 300  # January in Tokyo and in UTC

    # alice answered on Sunday and on Monday, Tokyo time (both on Sunday in UTC)
    charts: list[ProgressChartData] = []
    real = stats_cog.render_progress_chart

    def recording(data: ProgressChartData, *args: Any) -> bytes:
        charts.append(data)
        return real(data, *args)

    monkeypatch.setattr(stats_cog, "render_progress_chart", recording)
    embed = reply_of(await world.alice.slash(world.channel, "progress")).embeds[0]
    assert "Streak: **2** days" in (embed.description or "")
    # the chart's weeks are Tokyo's: the two tests fall in two weeks there (one in UTC)
    [chart] = charts
    sunday = datetime(2026, 1, 4, 14, 0, tzinfo=UTC).timestamp()
    monday = SUNDAY_2330_UTC.timestamp()
    assert chart.zone == "Asia/Tokyo"
    weeks = sorted((row.week, row.answers) for row in chart.weeks)
    assert weeks == [(week_number(sunday, "Asia/Tokyo"), 3), (week_number(monday, "Asia/Tokyo"), 3)]
    assert week_number(monday, "Asia/Tokyo") == week_number(monday) + 1
    assert not world.env.errors
