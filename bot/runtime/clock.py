"""The bot's clock: UTC unix seconds from discord.py, so a simulated Discord can drive it."""

import discord


def now() -> float:
    """Return the current time as UTC unix seconds."""
    return discord.utils.utcnow().timestamp()
