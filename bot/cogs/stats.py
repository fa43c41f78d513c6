"""Slash commands that show what members earned: progress, badges, leaderboard."""

from __future__ import annotations

import asyncio
import io
from typing import TYPE_CHECKING, Literal

import discord
from discord import app_commands
from discord.ext import commands

from bot import engine, rendering
from bot.cogs.common import autocomplete_set, resolve_set
from bot.commands.tree import replying_to_errors
from bot.engine import review
from bot.library.cards import playable_cards
from bot.runtime.clock import now
from bot.stats.charts import (
    WEEKS_SHOWN,
    ProgressChartData,
    SetWeek,
    render_progress_chart,
    warm_up,
    week_of,
)
from i18n import N_, _, current_locale
from storage.periods import local_day

if TYPE_CHECKING:
    from bot.app import QuizBot

# Translators: the choices of the `period` option of /leaderboard, as the menu lists them
PERIOD_CHOICES = (N_("week"), N_("month"), N_("all"))
"""Marked for the catalogs: the Translator gives Discord these choice names translated."""
ALL_SETS_SCOPES = {
    # Translators: what a leaderboard covers, shown after "Leaderboard ·" in its title.
    "week": N_("all sets · this week"),
    "month": N_("all sets · this month"),
    "all": N_("all sets"),
}
# Translators: what a leaderboard covers; {set} is the title of a question set.
SET_SCOPES = {"week": N_("{set} · this week"), "month": N_("{set} · this month")}


class StatsCog(commands.Cog):
    """Progress, badges and leaderboards, per server."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        await asyncio.to_thread(warm_up)  # the first /progress chart need not load the fonts

    @app_commands.command(
        name="progress", description=N_("Per-set progress, accuracy, badges and streak")
    )
    @app_commands.describe(member=N_("Whose progress to show (you if empty)"))
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
            zone = await storage.zone_of(guild_id)  # days and weeks start on the server's clock
            today = local_day(at, zone)
            titles = {s.id: s.title for s in self.bot.catalog.available(guild_id)}
            stored = await storage.member_cards(guild_id, target.id)
            cards = [card for card, _ in playable_cards(self.bot.catalog, guild_id, stored)]
            due = review.due_summary(cards, at)
            embed = rendering.progress_embed(
                target, titles, progress, badges, engine.streak(days, today), due=due
            )
            since = week_of(at, zone) - (WEEKS_SHOWN - 1)  # the chart's weeks, and one row before
            weeks = await storage.member_weekly_accuracy(guild_id, target.id, since)
            chart = ProgressChartData(
                title=_("Progress of {name}", name=target.display_name),
                weeks=tuple(SetWeek(*row) for row in weeks),
                forecast=tuple(review.forecast(cards, at)),
                now=at,
                labels=titles,
                zone=zone,
            )
            # In the member's language, passed explicitly rather than through the context.
            png = await asyncio.to_thread(render_progress_chart, chart, current_locale())
            embed.set_image(url="attachment://progress.png")
            await interaction.followup.send(
                embed=embed,
                file=discord.File(io.BytesIO(png), filename="progress.png"),
                ephemeral=True,
            )

    @app_commands.command(name="badges", description=N_("Badges earned in this server"))
    @app_commands.describe(member=N_("Whose badges to show (you if empty)"))
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

    @app_commands.command(name="leaderboard", description=N_("This server's top members"))
    @app_commands.describe(
        set=N_("Only this set (all sets if empty)"),
        period=N_("This week, this month or all time (default); each question counts once"),
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
            scope = None
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
            await interaction.followup.send(
                embed=rendering.leaderboard_embed(board, leaderboard_scope(period, scope)),
                allowed_mentions=discord.AllowedMentions.none(),
            )


def leaderboard_scope(period: str, title: str | None) -> str:
    """Return what a leaderboard covers: all sets or the set ``title``, and its period."""
    if title is None:
        return _(ALL_SETS_SCOPES[period])
    if period == "all":
        return title
    return _(SET_SCOPES[period], set=title)
