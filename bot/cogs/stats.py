"""Slash commands that show what members earned: progress, badges, leaderboard."""

from __future__ import annotations

import asyncio
import datetime as dt
import io
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import engine, rendering
from bot.cards import playable_cards
from bot.charts import WEEKS_SHOWN, ProgressChartData, SetWeek, render_progress_chart, week_of
from bot.clock import now
from bot.cogs.common import autocomplete_set, resolve_set
from bot.engine import review
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
            await interaction.response.defer(ephemeral=True, thinking=True)
            guild_id = interaction.guild_id
            progress = await storage.member_progress(guild_id, target.id)
            badges = await storage.member_badges(guild_id, target.id)
            days = await storage.active_days(guild_id, target.id)
            at = now()
            today = dt.datetime.fromtimestamp(at, tz=dt.UTC).date()
            titles = {s.id: s.title for s in self.bot.catalog.available(guild_id)}
            stored = await storage.member_cards(guild_id, target.id)
            cards = [card for card, _ in playable_cards(self.bot.catalog, guild_id, stored)]
            due = review.due_summary(cards, at)
            embed = rendering.progress_embed(
                target, titles, progress, badges, engine.streak(days, today), due=due
            )
            since = week_of(at) - (WEEKS_SHOWN - 1)  # the chart's weeks, and one row before
            weeks = await storage.member_weekly_accuracy(guild_id, target.id, since)
            chart = ProgressChartData(
                title=f"Progress of {target.display_name}",
                weeks=tuple(SetWeek(*row) for row in weeks),
                forecast=tuple(review.forecast(cards, at)),
                now=at,
            )
            png = await asyncio.to_thread(render_progress_chart, chart)
            embed.set_image(url="attachment://progress.png")
            await interaction.followup.send(
                embed=embed,
                file=discord.File(io.BytesIO(png), filename="progress.png"),
                ephemeral=True,
            )

    @app_commands.command(name="badges", description="Badges earned in this server")
    @app_commands.describe(member="Whose badges to show (you if empty)")
    @app_commands.guild_only()
    async def badges(
        self, interaction: discord.Interaction, member: discord.Member | None = None
    ) -> None:
        async with replying_to_errors(interaction):
            assert interaction.guild_id is not None
            target = member or interaction.user
            await interaction.response.defer(ephemeral=True, thinking=True)
            earned = await self.bot.storage.member_badges(interaction.guild_id, target.id)
            await interaction.followup.send(
                embed=rendering.badges_embed(target, earned), ephemeral=True
            )

    @app_commands.command(name="leaderboard", description="This server's top members")
    @app_commands.describe(
        set="Only this set (all sets if empty)",
        period="This week, this month or all time (default); each question counts once",
    )
    @app_commands.autocomplete(set=autocomplete_set)
    @app_commands.guild_only()
    async def leaderboard(
        self,
        interaction: discord.Interaction,
        set: str | None = None,
        period: Literal["week", "month", "all"] = "all",
    ) -> None:
        async with replying_to_errors(interaction):
            assert interaction.guild_id is not None
            scope = "all sets"
            if set:
                qset = resolve_set(self.bot, interaction.guild_id, set)
                scope = qset.title
                set = qset.id
            await interaction.response.defer(thinking=True)
            board = await self.bot.storage.leaderboard(
                interaction.guild_id,
                set_id=set or None,
                asker_id=interaction.user.id,
                period=period,
                now=now(),
            )
            scope += {"week": " · this week", "month": " · this month", "all": ""}[period]
            await interaction.followup.send(
                embed=rendering.leaderboard_embed(board, scope),
                allowed_mentions=discord.AllowedMentions.none(),
            )
