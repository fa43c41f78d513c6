"""The bot suite's SimCord fixtures (SQLite and PostgreSQL), and the test pseudo-locale."""

from __future__ import annotations

import string
from collections.abc import Iterator

import pytest

from i18n import pseudo
from i18n.locales import PSEUDO_LOCALE
from tests.bot.conftest import content_dir, database, simcord_bot, world

_MARK = pseudo.mark
"""The pseudo-locale's own marking: the whole text between markers."""

__all__ = ["content_dir", "database", "pseudo_locale", "simcord_bot", "world"]


def mark_around_fields(text: str) -> str:
    """Mark a text's own words but not its ``{fields}``: what fills them stands outside the
    markers, so an English word given as a value (not translated itself) is found too."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:  # not a text with fields (shown as it is)
        return _MARK(text)
    if any(field is not None and not field.isidentifier() for _, field, _, _ in parts):
        return _MARK(text)
    out: list[str] = []
    for plain, field, spec, conversion in parts:
        literal = plain.replace("{", "{{").replace("}", "}}")
        out.append(_MARK(literal) if literal.strip() else literal)
        if field is not None:
            out.append(
                "{"
                + field
                + (f"!{conversion}" if conversion else "")
                + (f":{spec}" if spec else "")
                + "}"
            )
    return "".join(out)


@pytest.fixture
def pseudo_locale(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Let the bot speak ``qps-ploc`` (every catalog text marked, its fields not) for a test."""
    monkeypatch.setattr(pseudo, "mark", mark_around_fields)
    pseudo.enable()
    yield PSEUDO_LOCALE
    pseudo.enable(False)
