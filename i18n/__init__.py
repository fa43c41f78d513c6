"""The one translation layer: every text a member or moderator sees goes through here.

Mark a text with ``_("...")`` (or ``ngettext`` for a count, ``N_`` for a constant translated
later) and write placeholders as named ``{fields}``, filled by the call::

    _("There is no question set `{set_id}` in this server.", set_id=shown)
    ngettext("{n} attempt left", "{n} attempts left", left)

The language is the current locale, a context variable: an interaction's handler runs in the
member's language, and a channel message is rendered inside ``use_locale(server_language)``.
Catalogs are gettext ``.po`` files in ``i18n/locales/<locale>/LC_MESSAGES/quiz_tutor.po``.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

DEFAULT_LOCALE = "en-US"

_current: ContextVar[str] = ContextVar("quiz_tutor_locale", default=DEFAULT_LOCALE)


def resolve(*codes: str | None) -> str:
    """Return the first of ``codes`` the bot speaks, else English."""
    for code in codes:
        if code == DEFAULT_LOCALE:
            return code
    return DEFAULT_LOCALE


def current_locale() -> str:
    """Return the Discord locale code texts are translated into now."""
    return _current.get()


@contextmanager
def use_locale(code: str | None) -> Iterator[str]:
    """Translate into ``code`` (or English, when the bot does not speak it) inside the block."""
    token = _current.set(resolve(code))
    try:
        yield _current.get()
    finally:
        _current.reset(token)


def _(message: str, /, **fields: object) -> str:
    """Return ``message`` in the current language, its ``{fields}`` filled in."""
    return message.format(**fields) if fields else message


def ngettext(singular: str, plural: str, n: int, /, **fields: object) -> str:
    """Return the form of a counted text the current language uses for ``n`` (as ``{n}``)."""
    text = singular if n == 1 else plural
    return text.format(n=n, **fields)


def N_(message: str, /) -> str:
    """Mark ``message`` for the catalogs without translating it (it is translated where shown)."""
    return message
