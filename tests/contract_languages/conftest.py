"""The bot suite's SimCord fixtures (SQLite and PostgreSQL), and the test pseudo-locale."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from i18n import pseudo
from i18n.locales import PSEUDO_LOCALE
from tests.bot.conftest import content_dir, database, simcord_bot, world

__all__ = ["content_dir", "database", "pseudo_locale", "simcord_bot", "world"]


@pytest.fixture
def pseudo_locale() -> Iterator[str]:
    """Let the bot speak ``qps-ploc`` (every catalog text marked) for one test."""
    pseudo.enable()
    yield PSEUDO_LOCALE
    pseudo.enable(False)
