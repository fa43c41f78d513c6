"""The pseudo-locale ``qps-ploc``, for tests only: every text of the template, marked.

Each translation is its English source between ``⟦`` and ``⟧``, placeholders intact, so a
test can see which parts of a message went through the catalogs and which did not (see
:func:`untranslated`).
"""

from __future__ import annotations

import re

from babel.messages.catalog import Catalog, Message

from .locales import PSEUDO_LOCALE, speak_also

OPEN, CLOSE = "⟦", "⟧"


def mark(text: str) -> str:
    """Return ``text`` as the pseudo-locale shows it."""
    return f"{OPEN}{text}{CLOSE}"


def pseudo_catalog() -> Catalog:
    """Return the template with every entry translated by :func:`mark` (two plural forms)."""
    from .catalogs import DOMAIN, TEMPLATE, read_catalog  # noqa: PLC0415

    template = read_catalog(TEMPLATE)
    catalog = Catalog(locale="en_US", domain=DOMAIN)
    for message in template:
        if not message.id:
            continue
        if isinstance(message.id, tuple):
            string: str | tuple[str, ...] = tuple(mark(form) for form in message.id[:2])
        else:
            string = mark(message.id)
        catalog[message.id] = Message(message.id, string, context=message.context)
    return catalog


def enable(enabled: bool = True) -> None:
    """Let ``resolve`` and ``use_locale`` accept the pseudo-locale (tests only)."""
    from .catalogs import reload  # noqa: PLC0415

    speak_also(PSEUDO_LOCALE, enabled)
    reload()


# What a member or the set wrote, numbers, emojis, mentions, timestamps, markup and code are
# not the bot's English: they are ignored when looking for untranslated text.
_IGNORED = re.compile(
    r"<(?:@[!&]?|#|t:)[0-9]+(?::[A-Za-z])?>"  # mentions, channels, timestamps
    r"|<a?:\w+:[0-9]+>"  # custom emojis
    r"|https?://\S+"
    r"|`[^`]*`"  # code and ids
)
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def untranslated(text: str, *, ignore: tuple[str, ...] = ()) -> list[str]:
    """Return the words of ``text`` outside pseudo-locale markers (English left over).

    ``ignore`` lists texts that are not the bot's own (a member's name, a set's title,
    question texts): they are removed first, longest first. What is left after markers,
    mentions, timestamps, code, numbers, emojis and punctuation are removed must be empty.
    """
    rest = _strip_marked(text)
    for own in sorted((s for s in ignore if s), key=len, reverse=True):
        rest = rest.replace(own, " ")
    rest = _IGNORED.sub(" ", rest)
    return _LETTERS.findall(rest)


def _strip_marked(text: str) -> str:
    """Remove every ``⟦...⟧`` span (nested spans, as filled placeholders make, count once)."""
    out: list[str] = []
    depth = 0
    for char in text:
        if char == OPEN:
            depth += 1
        elif char == CLOSE and depth:
            depth -= 1
        elif depth == 0:
            out.append(char)
    return "".join(out)
