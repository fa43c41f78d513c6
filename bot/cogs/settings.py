"""``/settings language``: the language of this server's channel messages (contract §7)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands

from bot.cogs.common import require_manage_server
from bot.commands.errors import UserFacingError
from bot.commands.tree import replying_to_errors
from bot.rendering.markup import clip
from content.errors import printable
from content.markup import code_span
from i18n import N_, NATIVE_NAMES, SPOKEN, _, resolve, speaks

if TYPE_CHECKING:
    from bot.app import QuizBot

DEFAULT_CHOICE = "default"
"""The value that forgets the set language (back to the server's preferred locale)."""

SOURCES = {
    "set": N_("set with `/settings language`"),
    "server": N_("this server's preferred locale in Discord"),
    "default": N_("the default: this server's preferred locale is not one I speak"),
}


def choices_text() -> str:
    """Return the languages one can choose, native names and codes."""
    return ", ".join(f"{NATIVE_NAMES[code]} (`{code}`)" for code in SPOKEN)


@app_commands.default_permissions(manage_guild=True)
@app_commands.guild_only()
class SettingsCog(
    commands.GroupCog,
    group_name="settings",
    group_description=N_("This server's settings"),
):
    """Manage Server only: Discord hides the group from others, and each command checks too."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        super().__init__()

    @app_commands.command(
        name="language", description=N_("The language of this server's channel messages")
    )
    @app_commands.describe(
        language=N_("A Discord language such as es-ES; empty: show the current one")
    )
    async def language(self, interaction: discord.Interaction, language: str | None = None) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            assert interaction.guild_id is not None
            languages = self.bot.languages
            if language is None:
                code, source = await languages.source(interaction.guild_id)
                zone = await self.bot.storage.guild_timezone(interaction.guild_id)
                await interaction.response.send_message(
                    _(
                        "Channel messages here are in **{language}** (`{code}`): {source}.\n"
                        "Members' own replies follow their Discord language when I speak it.\n"
                        "Choices: {choices}.\nThis server's time zone is **{zone}**: "
                        "schedules, leaderboard weeks and months and streak days follow it "
                        "(`/schedule timezone`).",
                        language=NATIVE_NAMES.get(code, code),
                        code=code,
                        source=_(SOURCES[source]),
                        choices=choices_text(),
                        zone=zone,
                    ),
                    ephemeral=True,
                )
                return
            chosen = language.strip()
            if chosen.lower() == DEFAULT_CHOICE:
                await languages.set(interaction.guild_id, None)
                code, _source = await languages.source(interaction.guild_id)
                await interaction.response.send_message(
                    _(
                        "Channel messages here now follow this server's preferred locale: "
                        "**{language}** (`{code}`).",
                        language=NATIVE_NAMES.get(code, code),
                        code=code,
                    ),
                    ephemeral=True,
                )
                return
            code = _spoken(chosen)
            await languages.set(interaction.guild_id, code)
            await interaction.response.send_message(
                _(
                    "Channel messages here (challenges, schedule announcements) are now in "
                    "**{language}** (`{code}`).",
                    language=NATIVE_NAMES.get(code, code),
                    code=code,
                ),
                ephemeral=True,
            )

    @language.autocomplete("language")
    async def _languages(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        needle = current.strip().lower()
        offered = [
            app_commands.Choice(name=f"{NATIVE_NAMES[code]} ({code})", value=code)
            for code in SPOKEN
        ]
        offered.append(
            app_commands.Choice(name=_("This server's preferred locale"), value=DEFAULT_CHOICE)
        )
        return [c for c in offered if needle in c.name.lower() or needle in c.value.lower()]


def _spoken(chosen: str) -> str:
    """Return the spoken locale for a typed code or native name, or raise a sentence."""
    by_name = {name.lower(): code for code, name in NATIVE_NAMES.items()}
    if chosen.lower() in by_name:
        return by_name[chosen.lower()]
    if speaks(chosen):
        return resolve(chosen)
    raise UserFacingError(
        _(
            "I don't speak {code}. Choose one of: {choices}; or `{default}` to follow this "
            "server's preferred locale.",
            code=code_span(clip(printable(chosen), 40)),
            choices=choices_text(),
            default=DEFAULT_CHOICE,
        )
    )
