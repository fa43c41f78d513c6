"""The /sets commands: list and inspect sets; moderators load, replace, export and remove."""

from __future__ import annotations

import asyncio
import io
import logging
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands
from discord.ext import commands

from bot import rendering
from bot.authoring.uploads import (
    MAX_QUESTIONS_PER_SERVER,
    check_upload,
    describe_changes,
    limit_sentence,
    send_report,
)
from bot.cogs.common import autocomplete_set, require_manage_server, resolve_set
from bot.commands.errors import UserFacingError
from bot.commands.tree import replying_to_errors
from bot.engine.item_stats import item_stats
from bot.languages import set_translations as translated
from bot.languages.views import LocalizedView
from bot.library.catalog import ServerSet
from bot.library.review_sets import REVIEW_SET_ID
from bot.runtime.clock import now
from bot.scheduling.scheduler import Scheduler
from bot.stats.set_stats import stats_csv, stats_embed
from content.importers import is_import_file
from content.loader import MAX_FILE_BYTES, SetFileError
from content.model import QuestionSet
from content.offload import UploadsBusy
from content.translations import is_translation
from i18n import N_, _, current_locale, ngettext
from storage import LimitReachedError

if TYPE_CHECKING:
    from bot.app import QuizBot

log = logging.getLogger(__name__)

MAX_SETS_PER_SERVER = 50
CONFIRM_SECONDS = 60.0
"""How long a removal waits for its confirmation."""


@app_commands.guild_only()
class SetsCog(
    commands.GroupCog, group_name="sets", group_description=N_("Question sets of this server")
):
    """Browse the sets of a server; members with Manage Server manage its own.

    Every member sees the group (``default_permissions`` would hide all of it); load, export
    and remove check Manage Server themselves and refuse others with a sentence.
    """

    def __init__(self, bot: QuizBot) -> None:
        self.bot = bot
        self.confirmations = Scheduler("confirm-removal")
        super().__init__()

    async def cog_unload(self) -> None:
        await self.confirmations.close()

    @app_commands.command(name="list", description=N_("The question sets available in this server"))
    async def list_sets(self, interaction: discord.Interaction) -> None:
        async with replying_to_errors(interaction):
            catalog = self.bot.catalog
            shipped = [catalog.shipped[k] for k in sorted(catalog.shipped)]
            own = [entry.qset for entry in catalog.server_sets(interaction.guild_id)]
            await interaction.response.send_message(
                embed=rendering.sets_embed(shipped, own), ephemeral=True
            )

    @app_commands.command(name="info", description=N_("Everything about one question set"))
    @app_commands.describe(set=N_("The question set"))
    @app_commands.autocomplete(set=autocomplete_set)
    async def info(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            qset = resolve_set(self.bot, interaction.guild_id, set)
            entry = self.bot.catalog.server_set(interaction.guild_id or 0, qset.id)
            embed = rendering.set_info_embed(
                self.bot.catalog.localized(interaction.guild_id, qset, current_locale()),
                version=entry.version if entry else None,
                loaded_by=entry.loaded_by if entry else None,
                loaded_at=entry.loaded_at if entry else None,
            )
            languages = translated.languages_text(self.bot, interaction.guild_id, qset)
            embed.add_field(name=_("Languages"), value=languages, inline=False)
            await interaction.response.send_message(embed=embed, ephemeral=True)

    @app_commands.command(
        name="export", description=N_("Download a set's YAML to edit and load again")
    )
    @app_commands.describe(
        set=N_("The question set"), language=N_("Export its translation into this language")
    )
    @app_commands.autocomplete(set=autocomplete_set, language=translated.autocomplete_language)
    async def export(
        self, interaction: discord.Interaction, set: str, language: str | None = None
    ) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            qset = resolve_set(self.bot, interaction.guild_id, set)
            name = f"{qset.id}.yaml"
            if language is not None and language.strip() != qset.language:
                code, text = translated.translation_source(
                    self.bot, interaction.guild_id, qset, language
                )
                name = f"{qset.id}.{code}.yaml"
            else:
                text = await self.bot.set_source(interaction.guild_id or 0, qset.id)
            if text is None:
                raise UserFacingError(
                    _("The source of `{set_id}` is not available.", set_id=qset.id)
                )
            file = discord.File(io.BytesIO(text.encode()), filename=name)
            await interaction.response.send_message(file=file, ephemeral=True)

    @app_commands.command(
        name="stats", description=N_("How this server's members do on each question of a set")
    )
    @app_commands.describe(set=N_("The question set"))
    @app_commands.autocomplete(set=autocomplete_set)
    async def stats(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            assert interaction.guild_id is not None
            qset = resolve_set(self.bot, interaction.guild_id, set)
            await interaction.response.defer(ephemeral=True, thinking=True)
            tries = await self.bot.storage.first_tries(interaction.guild_id, qset.id)
            question_ids = [q.id for q in qset.questions]
            labels = {q.id: q.difficulty for q in qset.questions}
            analysis = await asyncio.to_thread(item_stats, tries, question_ids, labels=labels)
            await interaction.followup.send(
                embed=stats_embed(qset, analysis),
                file=discord.File(io.BytesIO(stats_csv(qset, analysis)), filename="stats.csv"),
                ephemeral=True,
            )

    @app_commands.command(
        name="load", description=N_("Validate and add (or replace) a set for this server")
    )
    @app_commands.describe(file=N_("A question set: YAML, or GIFT, Aiken or CSV to convert"))
    async def load(self, interaction: discord.Interaction, file: discord.Attachment) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            assert interaction.guild_id is not None
            if file.size > MAX_FILE_BYTES:
                raise UserFacingError(
                    _(
                        "`{file}` is {size} MiB; a question set may be at most 1 MiB.",
                        file=file.filename,
                        size=format(file.size / 1024 / 1024, ".1f"),
                    )
                )
            await interaction.response.defer(ephemeral=True, thinking=True)
            data = await file.read(use_cached=False)
            try:
                if is_translation(data) and not is_import_file(file.filename):
                    summary = await translated.load_translation(
                        self.bot, interaction.guild_id, interaction.user.id, file.filename, data
                    )
                    await interaction.followup.send(summary, ephemeral=True)
                    return
                qset, text, converted = await check_upload(
                    self.bot.uploads, interaction.guild_id, file.filename, data
                )
            except SetFileError as error:
                await send_report(interaction, file.filename, error)
                return
            except UploadsBusy as busy:
                raise UserFacingError(str(busy)) from None
            if qset.id in self.bot.catalog.shipped or qset.id == REVIEW_SET_ID:
                raise UserFacingError(
                    _(
                        "`{set_id}` is the id of a set shipped with the bot; "
                        "give yours another id.",
                        set_id=qset.id,
                    )
                )
            previous = self.bot.catalog.server_set(interaction.guild_id, qset.id)
            self._check_server_limits(interaction.guild_id, qset, previous)
            at = now()
            try:
                version = await self.bot.storage.put_guild_set(
                    interaction.guild_id,
                    qset.id,
                    text,
                    interaction.user.id,
                    at,
                    questions=len(qset.questions),
                    max_sets=MAX_SETS_PER_SERVER,
                    max_questions=MAX_QUESTIONS_PER_SERVER,
                )
            except LimitReachedError as error:  # another load of this server came first
                raise UserFacingError(limit_sentence(error)) from None
            self.bot.catalog.put(
                interaction.guild_id, ServerSet(qset, version, interaction.user.id, at)
            )
            # Translators: {counts} lists how many questions each mode plays.
            summary = _(
                "Loaded **{title}** (`{set_id}`), version {version}: {counts}",
                title=qset.title,
                set_id=qset.id,
                version=version,
                counts=rendering.mode_counts(qset),
            )
            if converted:
                summary += f"\n{converted}"
            if previous is not None:
                summary += "\n" + describe_changes(previous.qset, qset)
                playing = len(self.bot.sessions.playing(interaction.guild_id, qset.id))
                if playing:
                    summary += "\n" + ngettext(
                        "{n} running session finishes with the previous version.",
                        "{n} running sessions finish with the previous version.",
                        playing,
                    )
            await interaction.followup.send(
                rendering.clip(summary, rendering.MESSAGE_LIMIT), ephemeral=True
            )

    @app_commands.command(
        name="new", description=N_("Start a new server set by writing its first question in a form")
    )
    @app_commands.describe(
        id=N_("The new set's id: lowercase letters, digits and '-'"),
        title=N_("The new set's title"),
    )
    async def new(self, interaction: discord.Interaction, id: str, title: str) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            forms = self._forms()
            await forms.open_form(interaction, forms.sets.new_set_draft(interaction, id, title))

    @app_commands.command(
        name="copy", description=N_("Make this server's own copy of a set, to change")
    )
    @app_commands.describe(set=N_("The set to copy, shipped ones too"), id=N_("The copy's id"))
    @app_commands.autocomplete(set=autocomplete_set)
    async def copy(self, interaction: discord.Interaction, set: str, id: str) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            await interaction.response.defer(ephemeral=True, thinking=True)
            summary = await self._forms().sets.copy_set(interaction, set, id)
            await interaction.followup.send(
                rendering.clip(summary, rendering.MESSAGE_LIMIT), ephemeral=True
            )

    def _forms(self) -> Any:
        """Return the question forms (bot.authoring.service.FormService) of the questions cog."""
        cog: Any = self.bot.get_cog("QuestionsCog")
        if cog is None:
            raise UserFacingError(_("The question form is not available on this bot."))
        return cog.forms

    def _check_server_limits(
        self, guild_id: int, qset: QuestionSet, previous: ServerSet | None
    ) -> None:
        """Refuse an upload that would take the server past its sets or questions limit."""
        own = self.bot.catalog.server_sets(guild_id)
        if previous is None and len(own) >= MAX_SETS_PER_SERVER:
            raise UserFacingError(
                limit_sentence(LimitReachedError("sets", MAX_SETS_PER_SERVER, len(own)))
            )
        questions = sum(len(entry.qset.questions) for entry in own)
        questions += len(qset.questions) - (len(previous.qset.questions) if previous else 0)
        if questions > MAX_QUESTIONS_PER_SERVER:
            raise UserFacingError(
                limit_sentence(LimitReachedError("questions", MAX_QUESTIONS_PER_SERVER, questions))
            )

    @app_commands.command(name="remove", description=N_("Remove one of this server's own sets"))
    @app_commands.describe(set=N_("The server's set to remove; members' history stays"))
    @app_commands.autocomplete(set=autocomplete_set)
    async def remove(self, interaction: discord.Interaction, set: str) -> None:
        async with replying_to_errors(interaction):
            require_manage_server(interaction)
            assert interaction.guild_id is not None
            entry = self._own_set(interaction.guild_id, set)
            playing = len(self.bot.sessions.playing(interaction.guild_id, entry.qset.id))
            question = _(
                "Remove **{title}** (`{set_id}`, version {version}) "
                "from this server? Members' answers, points and badges stay.",
                title=entry.qset.title,
                set_id=entry.qset.id,
                version=entry.version,
            )
            if playing:
                question += " " + ngettext(
                    "{n} running session of it will end now.",
                    "{n} running sessions of it will end now.",
                    playing,
                )
            view = ConfirmRemoval(self, interaction, entry.qset.id)
            await interaction.response.send_message(question, view=view, ephemeral=True)
            self.confirmations.schedule_later(interaction.id, CONFIRM_SECONDS, view.expire)

    def _own_set(self, guild_id: int, set_id: str) -> ServerSet:
        entry = self.bot.catalog.server_set(guild_id, set_id)
        if entry is None:
            raise UserFacingError(
                _("`{set_id}` ships with the bot and can't be removed.", set_id=set_id)
                if set_id in self.bot.catalog.shipped
                else _("This server has no set `{set_id}` of its own.", set_id=set_id)
            )
        return entry

    async def remove_confirmed(self, interaction: discord.Interaction, set_id: str) -> None:
        """Remove a server's own set once its removal is confirmed; end its sessions."""
        require_manage_server(interaction)
        assert interaction.guild_id is not None
        entry = self._own_set(interaction.guild_id, set_id)
        await self.bot.storage.remove_guild_set(interaction.guild_id, set_id)
        self.bot.catalog.remove(interaction.guild_id, set_id)
        playing = len(self.bot.sessions.playing(interaction.guild_id, set_id))
        ended = (
            " " + ngettext("{n} running session ended.", "{n} running sessions ended.", playing)
            if playing
            else ""
        )
        await interaction.response.edit_message(
            content=_(
                "Removed **{title}** (`{set_id}`). Members' answers, points and badges stay.",
                title=entry.qset.title,
                set_id=set_id,
            )
            + ended,
            view=None,
        )
        await self.bot.sessions.stop_set(
            interaction.guild_id,
            set_id,
            interaction.user.id,
            N_("a moderator removed this question set"),
        )


class ConfirmRemoval(LocalizedView):
    """Ask the moderator who ran /sets remove to confirm it."""

    def __init__(self, cog: SetsCog, asked: discord.Interaction, set_id: str) -> None:
        # The timeout runs on the cog's scheduler: View's own uses the wall clock.
        super().__init__(timeout=None)
        self.cog = cog
        self.asked = asked
        self.set_id = set_id
        for item in self.children:
            if isinstance(item, discord.ui.Button) and item.label:
                item.label = _(item.label)

    async def allow(self, interaction: discord.Interaction, /) -> bool:
        return interaction.user.id == self.asked.user.id

    # The labels are marked here and translated in __init__, in the moderator's language.
    @discord.ui.button(label=N_("Remove"), style=discord.ButtonStyle.danger)
    async def confirm(
        self, interaction: discord.Interaction, _button: discord.ui.Button[Any]
    ) -> None:
        self._settle()
        async with replying_to_errors(interaction):
            await self.cog.remove_confirmed(interaction, self.set_id)

    @discord.ui.button(label=N_("Keep it"), style=discord.ButtonStyle.secondary)
    async def cancel(
        self, interaction: discord.Interaction, _button: discord.ui.Button[Any]
    ) -> None:
        self._settle()
        async with replying_to_errors(interaction):
            await interaction.response.edit_message(
                content=_("Kept `{set_id}`; nothing changed.", set_id=self.set_id), view=None
            )

    async def expire(self) -> None:
        """Withdraw the question when nobody answered it in time."""
        self.stop()
        try:
            await self.asked.edit_original_response(
                content=_(
                    "Nothing removed: `{set_id}` stays (no confirmation within {seconds} s).",
                    set_id=self.set_id,
                    seconds=format(CONFIRM_SECONDS, ".0f"),
                ),
                view=None,
            )
        except discord.HTTPException:
            log.info("could not withdraw the removal question for %s", self.set_id)

    def _settle(self) -> None:
        self.stop()
        self.cog.confirmations.cancel(self.asked.id)
