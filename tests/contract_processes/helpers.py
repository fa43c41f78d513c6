"""Shared helpers: a reply's visible text, and a bot process on its own event loop."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import discord
import simcord

from bot import create_bot
from bot.app import QuizBot
from tests.bot.conftest import reply_of
from tests.bot.test_bot_two_processes import OwnLoop

__all__ = ["Mirror", "OwnLoop", "start_mirror", "stop_mirror", "text_of", "visible"]

GUILD_ID = (1 << 40) << 22  # shard 0 of 2
"""One guild id every mirror uses: the same server, seen by two processes."""


def text_of(message: discord.Message) -> str:
    parts = [message.content]
    for embed in message.embeds:
        parts += [embed.title or "", embed.description or ""]
        parts += [f"{field.name}: {field.value}" for field in embed.fields]
    return "\n".join(parts)


def visible(result: simcord.InteractionResult) -> str:
    return text_of(reply_of(result))


@dataclass
class Mirror:
    """One process's view of the shared guild: its own simulated Discord, same ids."""

    bot: QuizBot
    env: simcord.Env
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    mod: simcord.MemberActor


async def start_mirror(url: str, content: Path, shard_ids: list[int], count: int) -> Mirror:
    bot = create_bot(database=url, content_dir=content, shard_ids=shard_ids, shard_count=count)
    env = simcord.Env(bot)
    await env.start()
    guild = env.create_guild("Shared", id=GUILD_ID)
    channel = guild.create_text_channel("study")
    alice = guild.add_member(env.create_user("alice"))
    mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    mod = guild.add_member(env.create_user("mod"), roles=[mods])
    await bot.tree.sync()
    return Mirror(bot, env, channel, alice, mod)


async def stop_mirror(mirror: Mirror) -> None:
    await mirror.bot.close()
    await mirror.env.shutdown()
