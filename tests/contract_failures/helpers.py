"""Small helpers shared by the failure tests."""

from __future__ import annotations

import discord
import simcord
from simcord.backend.models.channel import Overwrite, OverwriteType

from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from tests.bot.conftest import World

A, B, C, D = LETTER_EMOJIS[:4]
HINT = HINT_EMOJI
RIGHT = {"Which letter comes second?": B, "Which word is a colour?": A, "What is 2 + 2?": B}
WRONG = {"Which letter comes second?": A, "Which word is a colour?": B, "What is 2 + 2?": A}
LIMITS = {"Which letter comes second?": 60, "Which word is a colour?": 90, "What is 2 + 2?": 60}


def open_question(world: World, channel: simcord.ChannelHandle | None = None) -> discord.Message:
    """Return the newest question message (the one carrying the bot's reactions)."""
    return [m for m in world.messages(channel) if m.embeds and m.reactions][-1]


def prompt_of(message: discord.Message) -> str:
    return next(p for p in RIGHT if p in (message.embeds[0].description or ""))


def dm_text(member: simcord.MemberActor) -> str:
    """Everything the bot told ``member`` by direct message."""
    channel = member.user.dm_channel
    return "\n".join(m.content for m in channel.history()) if channel else ""


def heal(world: World) -> None:
    """Discord works again: forget every injected fault."""
    world.env.backend.faults.clear()


def deny_bot(world: World, channel: simcord.ChannelHandle, **denied: bool) -> None:
    """A moderator takes permissions from the bot in ``channel`` (announced to the bot)."""
    deny = discord.Permissions(**denied).value
    overwrite = Overwrite(world.env.backend.bot_user.id, OverwriteType.MEMBER, deny=deny)
    world.env.backend.set_overwrite(channel.id, overwrite)


def allow_bot_again(world: World, channel: simcord.ChannelHandle) -> None:
    world.env.backend.delete_overwrite(channel.id, world.env.backend.bot_user.id)


async def challenge_runs_again(world: World, channel: simcord.ChannelHandle) -> bool:
    """Tell whether a new /challenge in ``channel`` starts and posts its first question."""
    result = await world.alice.slash(channel, "challenge", set="mini")
    if result.ephemeral:
        return False
    question = open_question(world, channel)
    return "Question 1/3" in (question.embeds[0].title or "")
