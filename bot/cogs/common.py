"""Helpers shared by the cogs: the set option's autocomplete and its lookup."""

from __future__ import annotations

import difflib
from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.commands.errors import UserFacingError
from bot.rendering.markup import clip, code_span
from content.model import QuestionSet
from i18n import _

if TYPE_CHECKING:
    from bot.app import QuizBot


async def autocomplete_set(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Offer the sets of this server whose id or title matches what was typed."""
    bot: QuizBot = interaction.client  # type: ignore[assignment]
    return [
        app_commands.Choice(name=clip(f"{s.title} ({s.id})", 100), value=s.id)
        for s in bot.catalog.search(interaction.guild_id, current)
    ]


def chosen_set(interaction: discord.Interaction) -> QuestionSet | None:
    """Return the set already chosen in the command's ``set`` option (for another option's
    autocomplete), or None."""
    bot: QuizBot = interaction.client  # type: ignore[assignment]
    set_id = str(getattr(interaction.namespace, "set", "") or "").strip()
    return bot.catalog.get(interaction.guild_id, set_id)


# A set id a member typed is quoted back at most this long (the option takes 6,000 characters).
SHOWN_ID_LIMIT = 100


def resolve_set(bot: QuizBot, guild_id: int | None, set_id: str) -> QuestionSet:
    """Return the set ``set_id`` of this server, or raise a sentence naming the closest one."""
    qset = bot.catalog.get(guild_id, set_id.strip())
    if qset is not None:
        return qset
    known = [s.id for s in bot.catalog.available(guild_id)]
    close = difflib.get_close_matches(set_id.strip().lower(), known, n=1)
    shown = code_span(clip(set_id.strip(), SHOWN_ID_LIMIT))
    if close:
        raise UserFacingError(
            _(
                "There is no question set {shown} in this server. Did you mean `{close}`? "
                "Type a few letters in the `set` option to pick one of the sets you can play.",
                shown=shown,
                close=close[0],
            )
        )
    raise UserFacingError(
        _(
            "There is no question set {shown} in this server. "
            "Type a few letters in the `set` option to pick one of the sets you can play.",
            shown=shown,
        )
    )


def require_manage_server(interaction: discord.Interaction) -> None:
    """Refuse members without the Manage Server permission, with a sentence."""
    if not interaction.permissions.manage_guild:
        raise UserFacingError(_("Only members with the **Manage Server** permission can do this."))
