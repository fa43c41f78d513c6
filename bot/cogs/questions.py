"""The /questions commands: write, change or remove one question of a server set in a form."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.authoring.service import FormService
from bot.cogs.common import autocomplete_set, chosen_set, require_manage_server
from bot.commands.tree import replying_to_errors
from bot.rendering.markup import clip
from i18n import N_

if TYPE_CHECKING:
    from bot.app import QuizBot


async def autocomplete_question(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Offer the questions of the set already chosen whose id or prompt matches."""
    qset = chosen_set(interaction)
    if qset is None:
        return []
    needle = current.strip().lower()
    return [
        app_commands.Choice(name=clip(f"{q.id} · {q.prompt}", 100), value=q.id)
        for q in qset.questions
        if needle in q.id or needle in q.prompt.lower()
    ][:25]


@app_commands.guild_only()
class QuestionsCog(
    commands.GroupCog, group_name="questions", group_description=N_("The questions of a server set")
):
    """Moderators write, change and remove questions of their server's own sets in a form."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        self.forms = FormService(bot)
        super().__init__()

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await self.forms.handle(interaction)

    @app_commands.command(
        name="add", description=N_("Write a new question of a server set in a form")
    )
    @app_commands.describe(set=N_("The server's own set"))
    @app_commands.autocomplete(set=autocomplete_set)
    async def add(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            await self.forms.open_form(interaction, self.forms.sets.draft_for(interaction, set))

    @app_commands.command(
        name="edit", description=N_("Change one question of a server set in a form")
    )
    @app_commands.describe(set=N_("The server's own set"), question=N_("The question to change"))
    @app_commands.autocomplete(set=autocomplete_set, question=autocomplete_question)
    async def edit(self, interaction: discord.Interaction, set: str, question: str) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            await self.forms.open_form(
                interaction, self.forms.sets.draft_for(interaction, set, question)
            )

    @app_commands.command(name="remove", description=N_("Remove one question of a server set"))
    @app_commands.describe(set=N_("The server's own set"), question=N_("The question to remove"))
    @app_commands.autocomplete(set=autocomplete_set, question=autocomplete_question)
    async def remove(self, interaction: discord.Interaction, set: str, question: str) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            await self.forms.ask_remove(interaction, set, question)
