"""Views and modals whose callbacks run in the member's language, like every command.

A component or a form's submit is a new interaction, handled in its own task: its check sets
the member's language for the callback. Build every view and modal on these classes.
"""

from __future__ import annotations

import discord

from bot.languages import enter_interaction_locale


class LocalizedView(discord.ui.View):
    """A view whose item callbacks run in the member's (else the server's) language."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        await enter_interaction_locale(interaction)
        return await self.allow(interaction)

    async def allow(self, interaction: discord.Interaction, /) -> bool:
        """Override instead of ``interaction_check``: whether this member may use the view."""
        return True


class LocalizedModal(discord.ui.Modal):
    """A form whose submit runs in the member's (else the server's) language."""

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        await enter_interaction_locale(interaction)
        return await self.allow(interaction)

    async def allow(self, interaction: discord.Interaction, /) -> bool:
        """Override instead of ``interaction_check``: whether this member may submit."""
        return True
