"""Translations of question sets in /sets (CONTRACT §5, §7): load, list, export.

A translation file loaded with ``/sets load`` is checked against the set it names, among the
sets this server sees (shipped ones too); it replaces the server's earlier translation of that
set in that language, versioned like any load. Nothing is stored when it has a problem.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import discord
from discord import app_commands

from bot.authoring import uploads
from bot.cogs.common import chosen_set
from bot.commands.errors import UserFacingError
from bot.library.catalog import SetTranslation
from bot.rendering.markup import clip
from bot.runtime.clock import now
from content.errors import printable
from content.markup import code_span
from content.model import QuestionSet
from content.offload import UploadsBusy
from i18n import _
from i18n.locales import NATIVE_NAMES
from i18n.locales import match as match_locale
from storage import LimitReachedError

if TYPE_CHECKING:
    from bot.app import QuizBot


async def load_translation(
    bot: QuizBot, guild_id: int, member_id: int, filename: str, data: bytes
) -> str:
    """Check and store a translation upload; return the sentence saying what was loaded.

    Raise SetFileError (with positions) when it does not fit its set; nothing is stored then.
    """
    sets = {qset.id: qset for qset in bot.catalog.available(guild_id)}
    try:
        read = await bot.uploads.translation(guild_id, data, filename, sets)
    except UploadsBusy as busy:
        raise UserFacingError(str(busy)) from None
    translation = read.translation
    previous = bot.catalog.server_translation(guild_id, translation.set_id, translation.language)
    at = now()
    try:
        version = await bot.storage.put_guild_translation(
            guild_id,
            translation.set_id,
            translation.language,
            read.text,
            member_id,
            at,
            max_translations=uploads.MAX_TRANSLATIONS_PER_SERVER,
        )
    except LimitReachedError as error:
        raise UserFacingError(uploads.limit_sentence(error)) from None
    bot.catalog.put_translation(
        guild_id, SetTranslation(translation, read.text, version, member_id, at)
    )
    fields = {
        "language": language_name(translation.language),
        "title": sets[translation.set_id].title,
        "set_id": translation.set_id,
        "version": version,
    }
    if previous is None:
        return _(
            "Loaded the translation of **{title}** (`{set_id}`) into {language}, version "
            "{version}.",
            **fields,
        )
    return _(
        "Replaced the translation of **{title}** (`{set_id}`) into {language}: now version "
        "{version}. Running sessions show the new texts from their next question.",
        **fields,
    )


def language_name(code: str) -> str:
    """Return how a language is shown in lists: its own name and its code."""
    return f"{NATIVE_NAMES.get(code, code)} (`{code}`)"


def languages_text(bot: QuizBot, guild_id: int | None, qset: QuestionSet) -> str:
    """Return the languages a set can be shown in here, its own first."""
    return ", ".join(language_name(code) for code in bot.catalog.languages(guild_id, qset))


def translation_source(
    bot: QuizBot, guild_id: int | None, qset: QuestionSet, language: str
) -> tuple[str, str]:
    """Return the locale and YAML of the translation of ``qset`` into ``language`` here.

    Raise a sentence listing the set's languages when there is none.
    """
    code = match_locale(language.strip())
    entry = bot.catalog.translation(guild_id, qset.id, code) if code is not None else None
    if code is None or entry is None:
        raise UserFacingError(
            _(
                "`{set_id}` has no translation into {language}. Its languages: {languages}.",
                set_id=qset.id,
                language=code_span(clip(printable(language.strip()), 40)),
                languages=languages_text(bot, guild_id, qset),
            )
        )
    return code, entry.yaml_text


async def autocomplete_language(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    """Offer the translations of the set named in the ``set`` option."""
    bot: QuizBot = interaction.client  # type: ignore[assignment]
    qset = chosen_set(interaction)
    if qset is None:
        return []
    needle = current.strip().lower()
    return [
        app_commands.Choice(name=f"{NATIVE_NAMES.get(code, code)} ({code})", value=code)
        for code in bot.catalog.languages(interaction.guild_id, qset)[1:]
        if needle in code.lower() or needle in NATIVE_NAMES.get(code, code).lower()
    ][:25]
