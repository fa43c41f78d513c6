"""Slash commands and reactions that play quizzes: practice, challenge, test, hint, stop."""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands
from discord.ext import commands, tasks

from bot.cogs.common import autocomplete_set, resolve_set
from bot.commands.errors import UserFacingError
from bot.commands.tree import replying_to_errors
from bot.rendering import member_mention
from bot.sessions.pulse import PULSE_SECONDS
from content.model import Mode
from i18n import N_, _

if TYPE_CHECKING:
    from bot.app import QuizBot

STOP_REFUSALS = {
    # Translators: {starter} is a mention of the member who started the session.
    Mode.PRACTICE: N_("Only {starter}, who started this practice, or a moderator can stop it."),
    Mode.CHALLENGE: N_("Only {starter}, who started this challenge, or a moderator can stop it."),
    Mode.TEST: N_("Only {starter}, who started this test, or a moderator can stop it."),
}
STOPPING = {
    Mode.PRACTICE: N_("⏹️ Stopping the practice of **{title}**."),
    Mode.CHALLENGE: N_("⏹️ Stopping the challenge of **{title}**."),
    Mode.TEST: N_("⏹️ Stopping the test of **{title}**."),
}


class QuizCog(commands.Cog):
    """Start and play sessions; reactions are answers."""

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot

    async def cog_load(self) -> None:
        self.bot.sessions.start_pulse = self._start_pulse
        self.bot.sessions.keep_pulsing()

    async def cog_unload(self) -> None:
        self.bot.sessions.start_pulse = None
        self.pulse.cancel()

    def _start_pulse(self) -> None:
        if not self.pulse.is_running():
            self.pulse.start()

    # A discord.ext.tasks loop rather than a Scheduler timer: it runs only while sessions
    # exist (an idle bot keeps no timer), and SimCord knows such loops, so its settling does
    # not wait for each 2-second interval.
    @tasks.loop(seconds=PULSE_SECONDS)
    async def pulse(self) -> None:
        await self.bot.sessions.pulse()
        if self.bot.sessions.idle:
            self.pulse.stop()

    async def _start(self, interaction: discord.Interaction, set_id: str, mode: Mode) -> None:
        qset = resolve_set(self.bot, interaction.guild_id, set_id)
        await self.bot.sessions.start(interaction, qset, mode)

    @app_commands.command(
        name="practice", description=N_("Practise a set at your own pace, with worked solutions")
    )
    @app_commands.describe(set=N_("The question set to practise"))
    @app_commands.autocomplete(set=autocomplete_set)
    @app_commands.guild_only()
    async def practice(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            await self._start(interaction, set, Mode.PRACTICE)

    @app_commands.command(
        name="challenge", description=N_("Start a timed group challenge in this channel")
    )
    @app_commands.describe(set=N_("The question set of the challenge"))
    @app_commands.autocomplete(set=autocomplete_set)
    @app_commands.guild_only()
    async def challenge(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            await self._start(interaction, set, Mode.CHALLENGE)

    @app_commands.command(
        name="test", description=N_("Test yourself: up to 10 timed questions, one attempt each")
    )
    @app_commands.describe(set=N_("The question set to be tested on"))
    @app_commands.autocomplete(set=autocomplete_set)
    @app_commands.guild_only()
    async def test(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            await self._start(interaction, set, Mode.TEST)

    @app_commands.command(
        name="review", description=N_("Revisit the questions you are due to review (spaced review)")
    )
    @app_commands.describe(set=N_("Only this set (all your sets if empty)"))
    @app_commands.autocomplete(set=autocomplete_set)
    @app_commands.guild_only()
    async def review(self, interaction: discord.Interaction, set: str | None = None) -> None:
        async with replying_to_errors(interaction):
            set_id = resolve_set(self.bot, interaction.guild_id, set).id if set else None
            await self.bot.sessions.start_review(interaction, set_id)

    @app_commands.command(name="hint", description=N_("Show the hint of the current question"))
    @app_commands.guild_only()
    async def hint(self, interaction: discord.Interaction) -> None:
        async with replying_to_errors(interaction):
            live = self.bot.sessions.in_channel(interaction.channel_id)
            if live is None or live.question_message_id is None:
                raise UserFacingError(_("No question is waiting for answers here."))
            text = await self.bot.sessions.hint_for(live, interaction.user.id)
            await interaction.response.send_message(
                _("💡 **Hint:** {hint}", hint=text), ephemeral=True
            )

    @app_commands.command(name="stop", description=N_("End the session running in this channel"))
    @app_commands.guild_only()
    async def stop(self, interaction: discord.Interaction) -> None:
        async with replying_to_errors(interaction):
            live = self.bot.sessions.in_channel(interaction.channel_id)
            if live is None:
                raise UserFacingError(_("Nothing is running in this channel."))
            permissions = interaction.permissions
            moderator = permissions.manage_messages or permissions.manage_guild
            if interaction.user.id != live.session.starter_id and not moderator:
                raise UserFacingError(
                    _(
                        STOP_REFUSALS[live.session.mode],
                        starter=member_mention(live.session.starter_id),
                    )
                )
            await interaction.response.send_message(
                _(STOPPING[live.session.mode], title=live.qset.title),
                ephemeral=True,
            )
            await self.bot.sessions.stop(live, interaction.user.id)

    @commands.Cog.listener()
    async def on_raw_reaction_add(self, payload: discord.RawReactionActionEvent) -> None:
        await self.bot.sessions.on_reaction(payload)

    @commands.Cog.listener()
    async def on_raw_message_delete(self, payload: discord.RawMessageDeleteEvent) -> None:
        await self.bot.sessions.on_message_deleted(payload.message_id)

    @commands.Cog.listener()
    async def on_raw_bulk_message_delete(self, payload: discord.RawBulkMessageDeleteEvent) -> None:
        for message_id in payload.message_ids:
            await self.bot.sessions.on_message_deleted(message_id)

    @commands.Cog.listener()
    async def on_guild_channel_delete(self, channel: discord.abc.GuildChannel) -> None:
        await self.bot.sessions.on_channel_deleted(channel.id)

    @commands.Cog.listener()
    async def on_raw_thread_delete(self, payload: discord.RawThreadDeleteEvent) -> None:
        await self.bot.sessions.on_channel_deleted(payload.thread_id)
