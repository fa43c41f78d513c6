"""The languages the bot speaks: Discord locale codes, their Babel names and native names."""

from __future__ import annotations

import re
from types import MappingProxyType

DEFAULT_LOCALE = "en-US"

SPOKEN: tuple[str, ...] = (
    "en-US",
    "es-ES",
    "pt-BR",
    "fr",
    "de",
    "ru",
    "ja",
    "it",
    "pl",
    "uk",
)
"""Discord locale codes the bot speaks, in the order menus list them."""

BABEL_NAMES = MappingProxyType(
    {
        "en-US": "en_US",
        "es-ES": "es_ES",
        "pt-BR": "pt_BR",
        "fr": "fr",
        "de": "de",
        "ru": "ru",
        "ja": "ja",
        "it": "it",
        "pl": "pl",
        "uk": "uk",
    }
)
"""Discord locale code → the Babel locale (and catalog folder) of that language."""

NATIVE_NAMES = MappingProxyType(
    {
        "en-US": "English",
        "es-ES": "Español",
        "pt-BR": "Português do Brasil",
        "fr": "Français",
        "de": "Deutsch",
        "ru": "Русский",
        "ja": "日本語",
        "it": "Italiano",
        "pl": "Polski",
        "uk": "Українська",
    }
)
"""How each language names itself (menus show these, untranslated)."""

_BY_LANGUAGE = {code.split("-")[0].lower(): code for code in SPOKEN}
"""A bare language → the spoken locale that serves it ('es' → es-ES, 'en' → en-US)."""

PSEUDO_LOCALE = "qps-ploc"
"""A test-only locale: every text wrapped in markers, built from the template at run time."""

_extra: set[str] = set()
"""Locales spoken besides SPOKEN (the pseudo-locale, while a test enables it)."""


def spoken() -> tuple[str, ...]:
    """Return every locale the bot speaks now (SPOKEN, plus the pseudo-locale in tests)."""
    return SPOKEN + also_spoken()


def also_spoken() -> tuple[str, ...]:
    """Return the locales spoken besides SPOKEN now (what speak_also added)."""
    return tuple(sorted(_extra))


def speak_also(code: str, enabled: bool = True) -> None:
    """Add (or remove) a locale outside SPOKEN, such as the pseudo-locale in tests."""
    if enabled:
        _extra.add(code)
    else:
        _extra.discard(code)


_LOCALE_SHAPE = re.compile(r"[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8}){0,3}")
"""What a locale code looks like (BCP 47 in short: 'de', 'es-419', 'zh-Hant-TW', 'qps-ploc')."""


def match(code: object) -> str | None:
    """Return the spoken locale for a Discord locale (str or discord.Locale), or None.

    An exact code wins ('pt-BR'); otherwise the bare language serves it ('es-419' → es-ES,
    'en-GB' → en-US, 'pt-PT' → pt-BR). Case and '_' or '-' do not matter.
    """
    if code is None:
        return None
    text = str(getattr(code, "value", code)).strip().replace("_", "-")
    if not _LOCALE_SHAPE.fullmatch(text):
        return None  # never 'de-<@1> @everyone', a newline or 6,000 characters
    for known in spoken():
        if known.lower() == text.lower():
            return known
    return _BY_LANGUAGE.get(text.split("-")[0].lower())
