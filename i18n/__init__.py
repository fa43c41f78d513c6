"""The one translation layer: every text a member or moderator sees goes through here.

Mark a text with ``_("...")`` (or ``ngettext`` for a count, ``N_`` for a constant translated
later) and write placeholders as named ``{fields}``, filled by the call::

    _("There is no question set `{set_id}` in this server.", set_id=shown)
    ngettext("{n} attempt left", "{n} attempts left", left)

The language is the current locale, a context variable: an interaction's handler runs in the
member's language, and a channel message is rendered inside ``use_locale(server_language)``.
Catalogs are gettext ``.po`` files in ``i18n/locales/<locale>/LC_MESSAGES/quiz_tutor.po``,
read and compiled in memory (i18n/catalogs.py); ``python -m i18n extract|update|check``
maintains them. A missing, empty or fuzzy translation, or one whose placeholders do not
match, shows the English source.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from .catalogs import translations
from .formatting import discord_timestamp, format_date, format_number, format_percent
from .locales import DEFAULT_LOCALE, NATIVE_NAMES, SPOKEN, match, spoken

__all__ = [
    "DEFAULT_LOCALE",
    "NATIVE_NAMES",
    "N_",
    "SPOKEN",
    "_",
    "current_locale",
    "discord_timestamp",
    "enter_locale",
    "format_date",
    "format_number",
    "format_percent",
    "gettext_in",
    "ngettext",
    "resolve",
    "speaks",
    "spoken",
    "use_locale",
]

log = logging.getLogger(__name__)

_current: ContextVar[str] = ContextVar("quiz_tutor_locale", default=DEFAULT_LOCALE)


def resolve(*codes: object) -> str:
    """Return the first of ``codes`` the bot speaks, else English.

    Each code is a Discord locale (a str or a ``discord.Locale``); a regional variant is
    served by its language ('es-419' → es-ES, 'en-GB' → en-US); None, '' and unknown codes
    are skipped quietly.
    """
    for code in codes:
        found = match(code)
        if found is not None:
            return found
    return DEFAULT_LOCALE


def current_locale() -> str:
    """Return the Discord locale code texts are translated into now."""
    return _current.get()


@contextmanager
def use_locale(code: object) -> Iterator[str]:
    """Translate into ``code`` (or English, when the bot does not speak it) inside the block."""
    token = _current.set(resolve(code))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _fill(text: str, source: str, fields: dict[str, object]) -> str:
    """Fill ``text``'s fields; a translation with broken placeholders falls back to English."""
    if not fields:
        return text
    try:
        return text.format(**fields)
    except (KeyError, IndexError, ValueError) as error:
        if text is source:
            raise
        log.warning("translation of %r into %s is broken (%s)", source, current_locale(), error)
        return source.format(**fields)


def _(message: str, /, **fields: object) -> str:
    """Return ``message`` in the current language, its ``{fields}`` filled in."""
    code = _current.get()
    text = message if code == DEFAULT_LOCALE else translations(code).ugettext(message)
    return _fill(text, message, fields)


def ngettext(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """Return the form of a counted text the current language uses for ``n`` (as ``{n}``)."""
    code = _current.get()
    if code == DEFAULT_LOCALE:
        text = singular if n == 1 else plural
    else:
        text = translations(code).ungettext(singular, plural, n)
    source = singular if n == 1 else plural
    return _fill(text, source, {"n": n, **fields})


def N_(message: str, /) -> str:
    """Mark ``message`` for the catalogs without translating it (it is translated where shown)."""
    return message


def gettext_in(code: object, message: str, /, **fields: object) -> str:
    """Return ``message`` in the language ``code`` resolves to (whatever the current one)."""
    with use_locale(code):
        return _(message, **fields)


def enter_locale(code: object) -> str:
    """Translate into ``code`` from here to the end of the current task (an interaction's).

    Each interaction is handled in its own asyncio task, so the language set here by the
    command tree's or a view's check lasts exactly as long as the handler.
    """
    _current.set(resolve(code))
    return _current.get()


def speaks(code: object) -> bool:
    """Tell whether the bot speaks ``code`` itself or its language ('es-419': yes)."""
    return match(code) is not None
