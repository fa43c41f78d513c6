"""The command tree: one place that turns every command failure into an ephemeral sentence."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import discord
from discord import app_commands

from bot.commands.errors import MissingBotPermissions, UserFacingError, permission_label
from bot.languages import enter_interaction_locale
from bot.rendering.markup import MESSAGE_LIMIT, clip
from i18n import N_, _, ngettext
from storage import DatabaseNotWritableError

log = logging.getLogger(__name__)

UNEXPECTED = N_(
    "Something went wrong on my side and I couldn't finish that. "
    "Nothing you saved before is lost; please try again in a moment."
)


def describe_error(error: app_commands.AppCommandError | Exception) -> str:
    """Return the sentence a member sees for ``error``."""
    original = getattr(error, "original", None) or error
    if isinstance(original, UserFacingError):
        return str(original)
    if isinstance(error, app_commands.MissingPermissions):
        names = ", ".join(f"**{permission_label(p)}**" for p in error.missing_permissions)
        return ngettext(
            "Only members with the {names} permission can use this command.",
            "Only members with the {names} permissions can use this command.",
            len(error.missing_permissions),
            names=names,
        )
    if isinstance(error, app_commands.BotMissingPermissions):
        return str(MissingBotPermissions(error.missing_permissions))
    if isinstance(error, app_commands.NoPrivateMessage):
        return _("This command only works in a server channel.")
    if isinstance(error, app_commands.CommandOnCooldown):
        return _(
            "Slow down a little: try again in {seconds} s.",
            seconds=format(error.retry_after, ".0f"),
        )
    if isinstance(error, app_commands.CheckFailure):
        return _("You can't use this command here.")
    if isinstance(original, DatabaseNotWritableError):
        return _(
            "I couldn't save that: my database can't be written right now (its disk is full or "
            "it is read-only). Nothing changed; please tell whoever runs the bot, and try "
            "again once they have fixed it."
        )
    if isinstance(original, discord.Forbidden):
        return _(
            "Discord refused one of my actions here (a permission is missing). "
            "Ask a moderator to check my role's permissions in this channel."
        )
    if isinstance(original, discord.NotFound):
        return _("The channel or message I needed is gone. Nothing you saved before is lost.")
    if isinstance(original, discord.HTTPException):
        return _(
            "Discord didn't accept my request just now. Nothing you saved before is lost; "
            "please try again in a moment."
        )
    return _(UNEXPECTED)


@asynccontextmanager
async def replying_to_errors(interaction: discord.Interaction) -> AsyncIterator[None]:
    """Answer expected failures (a member's mistake, a Discord refusal, a database that can't
    be written) with a sentence.

    Expected failures end here instead of in ``QuizTree.on_error``, which is kept for failed
    checks and for bugs, so that only real bugs are reported as errors.
    """
    try:
        yield
    except (UserFacingError, discord.HTTPException, DatabaseNotWritableError) as error:
        if isinstance(error, discord.HTTPException):
            log.warning("Discord refused an action of /%s: %s", _name(interaction), error)
        if isinstance(error, DatabaseNotWritableError):
            log.error("/%s: the database can't be written: %s", _name(interaction), error)
        await send_ephemeral(interaction, describe_error(error))


def _name(interaction: discord.Interaction) -> str:
    return interaction.command.qualified_name if interaction.command else "?"


class QuizTree(app_commands.CommandTree):
    """A command tree whose errors become ephemeral replies, never tracebacks.

    Every command (and autocomplete) runs in the member's language, else the server's (§7).
    """

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        await enter_interaction_locale(interaction)
        return True

    async def on_error(
        self, interaction: discord.Interaction, error: app_commands.AppCommandError
    ) -> None:
        message = describe_error(error)
        if message == _(UNEXPECTED):
            log.error("command /%s failed", _name(interaction), exc_info=error)
        await send_ephemeral(interaction, message)


async def send_ephemeral(interaction: discord.Interaction, message: str) -> None:
    """Reply ephemerally, as a follow-up if the interaction was already answered.

    A sentence that quotes what a member typed is clipped to Discord's 2,000 characters.
    """
    message = clip(message, MESSAGE_LIMIT)
    try:
        if interaction.response.is_done():
            await interaction.followup.send(message, ephemeral=True)
        else:
            await interaction.response.send_message(message, ephemeral=True)
    except discord.HTTPException:
        log.warning("could not deliver an error reply for interaction %s", interaction.id)
