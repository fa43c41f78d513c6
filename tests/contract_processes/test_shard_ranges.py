"""CONTRACT §2: a process given ``shard_ids`` of ``shard_count`` arms only its guilds' schedules,
and a command reaching it from another shard's guild leaves nothing nobody will run.

One simulated Discord, processes one after another on one database (as tests/bot/test_bot_shards).
"""

from __future__ import annotations

from pathlib import Path

import discord
import simcord

from bot import create_bot
from bot.app import QuizBot
from tests.contract_processes.helpers import text_of, visible
from tests.storage.raw import fetch


def shard_bot(database: Path | str, content: Path, shard: int) -> QuizBot:
    return create_bot(database=database, content_dir=content, shard_ids=[shard], shard_count=2)


async def switch(env: simcord.Env, bot: QuizBot) -> None:
    await env.bot.close()
    await env.restart_bot(bot)
    await bot.tree.sync()


async def minutes_pass(env: simcord.Env, minutes: int) -> None:
    for _ in range(minutes):
        await env.advance_time(60)


def minutes_ahead(env: simcord.Env, minutes: int) -> str:
    at = env.now()
    total = at.hour * 60 + at.minute + minutes
    return f"{total // 60 % 24:02d}:{total % 60:02d}"


async def test_a_process_of_other_shards_never_fires_a_schedule_its_owner_does(
    database: Path | str, content_dir: Path
) -> None:
    env = simcord.Env(shard_bot(database, content_dir, 0), shard_count=2)
    await env.start()
    try:
        guild = env.create_guild("Zero", shard_id=0)
        channel = guild.create_text_channel("study")
        mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
        mod = guild.add_member(env.create_user("mod"), roles=[mods])
        await env.bot.tree.sync()
        added = await mod.slash(channel, "schedule add", set="mini", time=minutes_ahead(env, 30))
        assert "#1" in added.response.content
        await switch(env, shard_bot(database, content_dir, 1))
        await minutes_pass(env, 20)
        await switch(env, shard_bot(database, content_dir, 1))  # restarts: arms again
        await minutes_pass(env, 20)  # past the time: not this process's guild
        assert await fetch(database, "SELECT id FROM sessions") == []
        assert not any("Scheduled challenge" in text_of(m) for m in channel.history())
        # The owner's process, restarted after the time passed, is the one that deals with it
        await switch(env, shard_bot(database, content_dir, 0))
        await env.advance_time(60)
        fired = await fetch(database, "SELECT guild_id FROM sessions")
        assert fired in ([], [(guild.id,)])  # a late one-off: fired late or skipped, by shard 0
    finally:
        await env.bot.close()
        await env.shutdown()


async def test_a_command_from_another_shards_guild_never_reaches_this_process(
    database: Path | str, content_dir: Path
) -> None:
    """As on Discord, a guild's events go to its shard's process only: nothing is started or
    saved here, and the owner's process serves the same command."""
    env = simcord.Env(shard_bot(database, content_dir, 0), shard_count=2)
    await env.start()
    try:
        guild = env.create_guild("One", shard_id=1)
        channel = guild.create_text_channel("study")
        alice = guild.add_member(env.create_user("alice"))
        await env.bot.tree.sync()
        assert not env.bot.owns_guild(guild.id)
        reply = await alice.slash(channel, "challenge", set="mini")
        assert reply.response is None
        assert not reply.followups
        assert await fetch(database, "SELECT id FROM sessions") == []
        await env.bot.close()
        await env.restart_bot(shard_bot(database, content_dir, 1))
        await env.bot.tree.sync()
        started = await alice.slash(channel, "challenge", set="mini")
        assert "Mini Set" in visible(started) or env.bot.sessions.in_channel(channel.id)
        assert await fetch(database, "SELECT guild_id FROM sessions") == [(guild.id,)]
    finally:
        await env.bot.close()
        await env.shutdown()


async def test_a_sharded_process_lets_a_simulated_hour_pass_in_one_step(
    database: Path | str, content_dir: Path
) -> None:
    """§2: every timer runs on the loop's clock, so env.advance_time drives it; a process of a
    shard range must let an hour pass in one call, as a process of every shard does."""
    env = simcord.Env(shard_bot(database, content_dir, 0), shard_count=2)
    await env.start()
    try:
        guild = env.create_guild("Zero", shard_id=0)
        guild.create_text_channel("study")
        await env.bot.tree.sync()
        await env.advance_time(60 * 60)
        assert env.now().hour == 1
    finally:
        await env.bot.close()
        await env.shutdown()


async def test_a_process_of_every_shard_lets_a_simulated_hour_pass_in_one_step(
    database: Path | str, content_dir: Path
) -> None:
    env = simcord.Env(create_bot(database=database, content_dir=content_dir))
    await env.start()
    try:
        guild = env.create_guild("All")
        guild.create_text_channel("study")
        await env.bot.tree.sync()
        await env.advance_time(60 * 60)
        assert env.now().hour == 1
    finally:
        await env.bot.close()
        await env.shutdown()
