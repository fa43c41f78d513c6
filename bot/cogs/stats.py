"""Slash commands that show what members earned: progress, badges, leaderboard."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import engine, rendering
from bot.clock import now
from bot.cogs.common import autocomplete_set, resolve_set
from bot.tree import replying_to_errors

if TYPE_CHECKING:
    from bot.app import QuizBot


class StatsCog(commands.Cog):
    """Progress, badges and leaderboards, per server."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot

    @app_commands.command(
        name="progress", description="Per-set progress, accuracy, badges and streak"
    )
    @app_commands.describe(member="Whose progress to show (you if empty)")
    @app_commands.guild_only()
    async def progress(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        async with replying_to_errors(interaction):
            assert interaction.guild_id is not None
            target = member or interaction.user
            storage = self.bot.storage
            progress = await storage.member_progress(interaction.guild_id, target.id)
            badges = await storage.member_badges(interaction.guild_id, target.id)
            days = await storage.active_days(interaction.guild_id, target.id)
            today = dt.datetime.fromtimestamp(now(), tz=dt.UTC).date()
            titles = {s.id: s.title for s in self.bot.catalog.available(interaction.guild_id)}
            embed = rendering.progress_embed(
                target, titles, progress, badges, engine.streak(days, today)
            )
            await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="badges", description="Badges earned in this server")
    @app_commands.describe(member="Whose badges to show (you if empty)")
    @app_commands.guild_only()
    async def badges(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        async with replying_to_errors(interaction):
            assert interaction.guild_id is not None
            target = member or interaction.user
            earned = await self.bot.storage.member_badges(interaction.guild_id, target.id)
            await interaction.response.send_message(
                embed=rendering.badges_embed(target, earned), ephemeral=True
            )

    @app_commands.command(name="leaderboard", description="This server's top members")
    @app_commands.describe(set="Only this set (all sets if empty)")
    @app_commands.autocomplete(set=autocomplete_set)
    @app_commands.guild_only()
    async def leaderboard(self, interaction: discord.Interaction, set: str | None = None) -> None:
        async with replying_to_errors(interaction):
            assert interaction.guild_id is not None
            scope = "all sets"
            if set:
                qset = resolve_set(self.bot, interaction.guild_id, set)
                scope = qset.title
                set = qset.id
            board = await self.bot.storage.leaderboard(
                interaction.guild_id, set_id=set or None, asker_id=interaction.user.id
            )
            await interaction.response.send_message(
                embed=rendering.leaderboard_embed(board, scope),
                allowed_mentions=discord.AllowedMentions.none(),
            )
