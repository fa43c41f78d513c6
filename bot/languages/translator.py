"""Slash command descriptions, option descriptions and choices in every spoken language.

Installed with ``tree.set_translator`` in the bot's setup hook: a sync then sends each
description and choice name with its localizations from the catalogs. Command, group and
option names are never translated (members type them as the contract names them).
"""

from __future__ import annotations

import logging

from discord import Locale, app_commands

from i18n import DEFAULT_LOCALE, gettext_in
from i18n.locales import match

log = logging.getLogger(__name__)

DISCORD_TEXT_LIMIT = 100
"""Discord's limit for a description or a choice name, in every language."""

TRANSLATED = frozenset(
    {
        app_commands.TranslationContextLocation.command_description,
        app_commands.TranslationContextLocation.group_description,
        app_commands.TranslationContextLocation.parameter_description,
        app_commands.TranslationContextLocation.choice_name,
    }
)


class CatalogTranslator(app_commands.Translator):
    """Give discord.py the catalog's translation of a description or a choice name."""

    async def translate(
        self,
        string: app_commands.locale_str,
        locale: Locale,
        context: app_commands.TranslationContextTypes,
    ) -> str | None:
        if context.location not in TRANSLATED:
            return None  # names stay as in the contract
        code = match(locale)
        if code is None or code == DEFAULT_LOCALE:
            return None
        translated = gettext_in(code, string.message)
        if translated == string.message:
            return None
        if len(translated) > DISCORD_TEXT_LIMIT:  # Discord would refuse the whole sync
            log.warning(
                "%s translation over %d characters: %r", code, DISCORD_TEXT_LIMIT, translated
            )
            return None
        return translated
