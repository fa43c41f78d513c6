"""Scheduled challenges start by themselves, ping only their role, survive restarts and DST."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import discord
import pytest
from simcord.backend.errors import SetupError
from simcord.backend.models.channel import Overwrite, OverwriteType

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import World, moderator

B = LETTER_EMOJIS[1]


def clock(world: World) -> datetime:
    return world.env.now().astimezone(UTC)


def minutes_ahead(world: World, minutes: int) -> str:
    at = clock(world)
    total = at.hour * 60 + at.minute + minutes + 1
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


def sent_messages(world: World) -> list[object]:
    return [m for channel in world.env.backend.messages.values() for m in channel.values()]


async def test_a_schedule_starts_its_challenge_pings_only_its_role_and_survives_a_restart(
    world: World,
) -> None:
    mod = moderator(world)
    learners = world.guild.create_role("Learners", mentionable=True)
    other = world.guild.create_role("Others")
    reply = await mod.slash(
        world.channel, "schedule add", set="mini", time=minutes_ahead(world, 5), role=learners
    )
    assert "Schedule **#1**" in reply.response.content
    listing = await mod.slash(world.channel, "schedule list")
    assert "`mini`" in listing.response.embeds[0].description
    await world.env.advance_time(60)
    await world.restart()
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    await world.env.advance_time(6 * 60)
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert live is not None
    assert live.session.starter_id == mod.id
    announcement = next(m for m in world.messages() if "Scheduled challenge" in m.content)
    backend_message = next(m for m in sent_messages(world) if m.id == announcement.id)
    assert backend_message.ping_role_ids == [learners.id]
    assert other.id not in backend_message.ping_role_ids
    assert not backend_message.ping_user_ids
    assert not backend_message.mention_everyone
    question = world.messages()[-1]
    await world.bob.react(question, B)
    assert world.bob.id in dict(live.session.round.tries)
    listing = await mod.slash(world.channel, "schedule list")
    assert "None yet" in listing.response.embeds[0].description  # a one-off is done


async def test_a_run_missed_by_more_than_ten_minutes_is_skipped_and_said(world: World) -> None:
    mod = moderator(world)
    await mod.slash(
        world.channel, "schedule add", set="mini", time=minutes_ahead(world, 2), repeat="daily"
    )
    await world.env.bot.close()
    await world.env.advance_time(20 * 60)
    await world.restart()
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert "was skipped: I was away" in world.messages()[-1].content
    listing = await mod.slash(world.channel, "schedule list")
    assert "every day at" in listing.response.embeds[0].description


async def test_a_busy_channel_or_a_removed_set_skips_with_a_sentence(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "schedule add", set="mini", time=minutes_ahead(world, 2))
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.env.advance_time(3 * 60)
    assert "was skipped: a challenge of **Mini Set** was already running there" in "\n".join(
        m.content for m in world.messages()
    )


async def test_members_cannot_schedule_and_the_list_is_bounded(world: World) -> None:
    with pytest.raises(SetupError, match="not visible"):
        await world.alice.slash(world.channel, "schedule list")
    mod = moderator(world)
    for _ in range(25):
        await mod.slash(world.channel, "schedule add", set="mini", time="10:00", repeat="daily")
    refused = await mod.slash(world.channel, "schedule add", set="mini", time="11:00")
    assert "the most it can have" in refused.response.content
    bad = await mod.slash(world.channel, "schedule timezone", zone="Mars/Olympus")
    assert "not a time zone I know" in bad.response.content
    bad = await mod.slash(world.channel, "schedule add", set="mini", time="25:00")
    assert "is not a time like 18:00" in bad.response.content


async def test_a_weekly_schedule_keeps_its_local_time_across_a_dst_change(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "schedule timezone", zone="Europe/Paris")
    # SimCord's calendar starts on 1 January 2026; Paris moves its clocks on 29 March.
    reply = await mod.slash(
        world.channel, "schedule add", set="mini", time="18:00", repeat="weekly"
    )
    assert "(Europe/Paris)" in reply.response.content
    for _ in range(14):  # 14 weeks from 1 January 2026, past the change on 29 March
        await world.env.advance_time(7 * 24 * 3600)
    paris = ZoneInfo("Europe/Paris")
    starts = [
        m.created_at.astimezone(paris)
        for m in world.messages()
        if "Scheduled challenge" in m.content
    ]
    assert len(starts) >= 13
    assert {(s.hour, s.minute) for s in starts} == {(18, 0)}
    assert len({s.weekday() for s in starts}) == 1
    assert {s.utcoffset().total_seconds() for s in starts} == {3600, 7200}  # type: ignore[union-attr]


async def test_a_run_another_process_claimed_is_not_started_twice(world: World) -> None:
    """Two processes with overlapping shard ranges both arm a schedule: one starts each run."""
    mod = moderator(world)
    await mod.slash(
        world.channel, "schedule add", set="mini", time=minutes_ahead(world, 5), repeat="daily"
    )
    storage = world.env.bot.storage
    (record,) = await storage.guild_schedules(world.guild.id)
    # The other process's timer fired first: it moved the run on to tomorrow and started it.
    tomorrow = record.next_run_at + 24 * 3600
    assert await storage.advance_schedule(record.id, record.next_run_at, tomorrow)
    await world.env.advance_time(6 * 60)
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert not any("Scheduled challenge" in m.content for m in world.messages())
    (stored,) = await storage.guild_schedules(world.guild.id)
    assert stored.next_run_at == tomorrow
    # Tomorrow's run is this process's to claim, and it starts it once.
    await world.env.advance_time(24 * 3600)
    assert world.env.bot.sessions.in_channel(world.channel.id) is not None
    announcements = [m for m in world.messages() if "Scheduled challenge" in m.content]
    assert len(announcements) == 1
    (stored,) = await storage.guild_schedules(world.guild.id)
    assert stored.next_run_at == tomorrow + 24 * 3600


async def test_a_moderator_schedules_only_where_they_and_the_bot_may_post(world: World) -> None:
    mod = moderator(world)
    closed = world.guild.create_text_channel("announcements")
    deny = discord.Permissions(send_messages=True).value
    world.env.backend.set_overwrite(closed.id, Overwrite(mod.id, OverwriteType.MEMBER, deny=deny))
    refused = await mod.slash(
        world.channel, "schedule add", set="mini", time="10:00", channel=closed
    )
    assert "You can't send messages in" in refused.response.content
    bot_id = world.env.backend.bot_user.id
    mute = world.guild.create_text_channel("muted")
    world.env.backend.set_overwrite(mute.id, Overwrite(bot_id, OverwriteType.MEMBER, deny=deny))
    refused = await mod.slash(world.channel, "schedule add", set="mini", time="10:00", channel=mute)
    assert "I'm missing the **Send Messages**" in refused.response.content
    assert await world.rows("SELECT COUNT(*) FROM schedules") == [(0,)]


async def test_a_role_the_moderator_could_not_mention_is_not_pinged_for_them(
    world: World,
) -> None:
    mod = moderator(world)
    quiet = world.guild.create_role("Quiet")  # not mentionable
    refused = await mod.slash(
        world.channel, "schedule add", set="mini", time=minutes_ahead(world, 5), role=quiet
    )
    assert "You can't mention" in refused.response.content
    assert "Mention Everyone" in refused.response.content
    assert await world.rows("SELECT COUNT(*) FROM schedules") == [(0,)]
    loud = world.guild.create_role(
        "Announcers", permissions=discord.Permissions(manage_guild=True, mention_everyone=True)
    )
    announcer = world.guild.add_member(world.env.create_user("announcer"), roles=[loud])
    added = await announcer.slash(
        world.channel, "schedule add", set="mini", time=minutes_ahead(world, 5), role=quiet
    )
    assert "Schedule **#" in added.response.content
    await world.env.advance_time(7 * 60)
    announcement = next(m for m in world.messages() if "Scheduled challenge" in m.content)
    backend_message = next(m for m in sent_messages(world) if m.id == announcement.id)
    assert backend_message.ping_role_ids == [quiet.id]  # they could have pinged it themselves
