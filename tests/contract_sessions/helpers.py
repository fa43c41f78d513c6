"""Small helpers shared by the contract tests."""

from __future__ import annotations

import discord
import simcord

from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from tests.bot.conftest import World

A, B, C, D, E = LETTER_EMOJIS[:5]
HINT = HINT_EMOJI
RIGHT = {"Which letter comes second?": B, "Which word is a colour?": A, "What is 2 + 2?": B}
WRONG = {"Which letter comes second?": A, "Which word is a colour?": B, "What is 2 + 2?": A}


def open_question(world: World, channel: simcord.ChannelHandle | None = None) -> discord.Message:
    """Return the newest question message (the one carrying the bot's reactions)."""
    return [m for m in world.messages(channel) if m.embeds and m.reactions][-1]


def prompt_of(message: discord.Message) -> str:
    return next(p for p in RIGHT if p in (message.embeds[0].description or ""))


def attempts_of(world: World, channel_id: int, member_id: int) -> int:
    """Return how many attempts ``member_id`` used on the open question."""
    live = world.env.bot.sessions.in_channel(channel_id)
    assert live is not None
    return len(live.session.round.try_of(member_id).choices)


def reactions_of(message: discord.Message) -> list[str]:
    return [str(r.emoji) for r in message.reactions]


def everything_sent(world: World) -> list[object]:
    """Every message the simulated Discord holds, in every channel, ephemeral ones too."""
    backend = world.env.backend
    return [m for channel in backend.messages.values() for m in channel.values()]
