"""Contract: /schedule add, list, remove and timezone: bad input, other servers, restarts."""

from __future__ import annotations

from datetime import UTC

import pytest

from tests.bot.conftest import MINI_SET, World, moderator, reply_of
from tests.contract_boards.helpers import backend_message, sent_messages


def minutes_ahead(world: World, minutes: int) -> str:
    at = world.env.now().astimezone(UTC)
    total = at.hour * 60 + at.minute + minutes + 1
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


@pytest.mark.parametrize(
    "time", ["24:00", "7:5", "18:60", "18:00:00", "6pm", "", "-1:00", "１８:００", "18h00"]
)
async def test_bad_times_get_a_sentence_and_store_nothing(world: World, time: str) -> None:
    mod = moderator(world)
    result = await mod.slash(world.channel, "schedule add", set="mini", time=time)
    assert result.ephemeral
    assert "is not a time like 18:00" in reply_of(result).content
    assert await world.rows("SELECT COUNT(*) FROM schedules") == [(0,)]


@pytest.mark.parametrize(
    "zone",
    ["Mars/Olympus", "", "Europe", "America", pytest.param("x" * 300, id="300-chars"), "../../etc"],
)
async def test_invalid_time_zones_get_a_clear_sentence(world: World, zone: str) -> None:
    mod = moderator(world)
    result = await mod.slash(world.channel, "schedule timezone", zone=zone)
    assert result.ephemeral
    text = reply_of(result).content
    assert "is not a time zone I know" in text, text
    listing = await mod.slash(world.channel, "schedule list")
    assert "· UTC" in (listing.response.embeds[0].title or "")


async def test_the_time_zone_is_kept_across_a_restart_and_used(world: World) -> None:
    mod = moderator(world)
    done = await mod.slash(world.channel, "schedule timezone", zone=" Asia/Tokyo ")
    assert "**Asia/Tokyo**" in done.response.content
    await world.restart()
    # 1 January 2026 00:00 UTC is 09:00 in Tokyo: 09:30 there is 30 minutes away.
    added = await mod.slash(world.channel, "schedule add", set="mini", time="09:30")
    assert "(Asia/Tokyo)" in added.response.content
    await world.env.advance_time(29 * 60)
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    await world.env.advance_time(2 * 60)
    assert world.env.bot.sessions.in_channel(world.channel.id) is not None


async def test_unknown_and_other_servers_schedule_ids_are_refused(world: World) -> None:
    other = world.env.create_guild("Other")
    other_channel = other.create_text_channel("study")
    theirs = moderator(world, other)
    await theirs.slash(other_channel, "schedule add", set="mini", time="10:00", repeat="daily")
    (their_id,) = [row[0] for row in await world.rows("SELECT id FROM schedules")]
    mod = moderator(world)
    for schedule_id in (their_id, 999, 0, -1, 2**53 - 1):
        result = await mod.slash(world.channel, "schedule remove", id=schedule_id)
        assert result.ephemeral
        assert f"This server has no schedule #{schedule_id}" in result.response.content
    listing = await theirs.slash(other_channel, "schedule list")
    assert f"**#{their_id}**" in (listing.response.embeds[0].description or "")


async def test_unknown_set_in_schedule_add_is_a_sentence(world: World) -> None:
    mod = moderator(world)
    result = await mod.slash(world.channel, "schedule add", set="minni", time="10:00")
    assert result.ephemeral
    assert "no question set `minni`" in result.response.content
    assert await world.rows("SELECT COUNT(*) FROM schedules") == [(0,)]


async def test_a_schedule_of_a_removed_set_says_it_was_skipped(world: World) -> None:
    mod = moderator(world)
    own = MINI_SET.replace("id: mini", "id: soon-gone").replace("title: Mini Set", "title: Soon")
    await mod.slash(world.channel, "sets load", file=("soon.yaml", own.encode()))
    await mod.slash(world.channel, "schedule add", set="soon-gone", time=minutes_ahead(world, 3))
    asked = await mod.slash(world.channel, "sets remove", set="soon-gone")
    await mod.click(asked.response, label="Remove")
    await world.env.advance_time(5 * 60)
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert "the question set was removed" in world.messages()[-1].content


async def test_announcement_in_another_channel_pings_only_its_role_despite_the_title(
    world: World,
) -> None:
    mod = moderator(world)
    role = world.guild.create_role("Learners", mentionable=True)
    loud = MINI_SET.replace("id: mini", "id: loud").replace(
        "title: Mini Set", f'title: "@everyone {world.alice.mention} <@&{world.guild.id}>"'
    )
    await mod.slash(world.channel, "sets load", file=("loud.yaml", loud.encode()))
    arena = world.guild.create_text_channel("arena")
    added = await mod.slash(
        world.channel,
        "schedule add",
        set="loud",
        time=minutes_ahead(world, 2),
        channel=arena,
        role=role,
    )
    assert added.ephemeral
    assert "Schedule **#" in added.response.content
    await world.env.advance_time(4 * 60)
    assert world.env.bot.sessions.in_channel(arena.id) is not None
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    announcement = next(m for m in world.messages(arena) if "Scheduled challenge" in m.content)
    sent = backend_message(world, announcement.id)
    assert sent.ping_role_ids == [role.id]  # type: ignore[attr-defined]
    assert not sent.ping_user_ids  # type: ignore[attr-defined]
    assert not sent.mention_everyone  # type: ignore[attr-defined]
    others = [m for m in sent_messages(world) if m.id != announcement.id]
    assert all(not m.ping_role_ids and not m.mention_everyone for m in others)  # type: ignore[attr-defined]


async def test_zone_autocomplete_offers_at_most_25(world: World) -> None:
    mod = moderator(world)
    for typed in ("", "a", "Europe/", "zz-none"):
        choices = await mod.autocomplete(world.channel, "schedule timezone", "zone", typed)
        assert len(choices) <= 25
    assert [c["value"] for c in choices] == []


async def test_a_daily_schedule_survives_restarts_and_runs_each_day(world: World) -> None:
    mod = moderator(world)
    await mod.slash(
        world.channel, "schedule add", set="mini", time=minutes_ahead(world, 5), repeat="daily"
    )
    for _ in range(3):
        await world.restart()
        await world.env.advance_time(24 * 3600)
        live = world.env.bot.sessions.in_channel(world.channel.id)
        if live is not None:
            await mod.slash(world.channel, "stop")
    runs = [m for m in world.messages() if "Scheduled challenge" in m.content]
    assert len(runs) == 3
    listing = await mod.slash(world.channel, "schedule list")
    assert "every day at" in (listing.response.embeds[0].description or "")
