"""The /sets commands: list and inspect sets; moderators load, replace, export and remove."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot import rendering
from bot.cogs.common import autocomplete_set, resolve_set
from bot.errors import UserFacingError
from bot.tree import replying_to_errors

if TYPE_CHECKING:
    from bot.app import QuizBot


class SetsCog(
    commands.GroupCog, group_name="sets", group_description="Question sets of this server"
):
    """Browse the sets of a server; members with Manage Server manage its own."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(name="list", description="The question sets available in this server")
    @app_commands.guild_only()
    async def list_sets(self, interaction: discord.Interaction) -> None:
        async with replying_to_errors(interaction):
            catalog = self.bot.catalog
            shipped = [catalog.shipped[k] for k in sorted(catalog.shipped)]
            own = [entry.qset for entry in catalog.server_sets(interaction.guild_id)]
            await interaction.response.send_message(
                embed=rendering.sets_embed(shipped, own), ephemeral=True
            )

    @app_commands.command(name="info", description="Everything about one question set")
    @app_commands.describe(set="The question set")
    @app_commands.autocomplete(set=autocomplete_set)
    @app_commands.guild_only()
    async def info(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            qset = resolve_set(self.bot, interaction.guild_id, set)
            entry = self.bot.catalog.server_set(interaction.guild_id or 0, qset.id)
            embed = rendering.set_info_embed(
                qset,
                version=entry.version if entry else None,
                loaded_by=entry.loaded_by if entry else None,
                loaded_at=entry.loaded_at if entry else None,
            )
            await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(name="export", description="Download a set's YAML to edit and load again")
    @app_commands.describe(set="The question set")
    @app_commands.autocomplete(set=autocomplete_set)
    @app_commands.guild_only()
    async def export(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            qset = resolve_set(self.bot, interaction.guild_id, set)
            text = await self.bot.set_source(interaction.guild_id or 0, qset.id)
            if text is None:
                raise UserFacingError(f"The source of `{qset.id}` is not available.")
            file = discord.File(io.BytesIO(text.encode()), filename=f"{qset.id}.yaml")
            await interaction.response.send_message(file=file, ephemeral=True)
