"""/settings language with hostile values: a sentence, nothing stored, nobody pinged."""

from __future__ import annotations

import re

import pytest

from tests.bot.conftest import World, moderator
from tests.contract_hostile.helpers import assert_no_traceback
from tests.contract_scale.recorder import pings

HOSTILE_LANGUAGES = {
    "6,000 characters": "x" * 6_000,
    "control characters": "de\x00\x1b[31m\r\n\u202e\u200b",
    "mentions": "@everyone <@&1> <@1> @here",
    "language with a mention": "de-<@1> @everyone",
    "backticks": "``` `de` ```" + "`" * 1_500,
    "markdown link": "[de](https://example.com) **fr**",
}


@pytest.mark.parametrize("case", list(HOSTILE_LANGUAGES))
async def test_a_hostile_language_gets_a_sentence_and_stores_nothing(
    world: World, case: str
) -> None:
    mod = moderator(world)
    result = await mod.slash(world.channel, "settings language", language=HOSTILE_LANGUAGES[case])
    assert result.ephemeral
    text = result.response.content
    assert_no_traceback(text)
    typed, _, rest = text.partition(". Choose one of: ")
    assert typed.startswith("I don't speak `"), text  # the value in a code span: no markdown
    assert "Deutsch (`de`)" in rest
    # no line break, bidi override or control character (code_span's own zero-width spaces
    # keep runs of backticks apart; the typed ones are shown as \\u200b)
    assert re.sub("(?<=`)\u200b(?=`)", "", typed).isprintable(), typed
    assert len(typed) < 120
    if case == "mentions":
        assert typed == "I don't speak `@everyone <@&1> <@1> @here`"  # as written, no ping
    rows = await world.rows("SELECT language FROM guild_settings WHERE language IS NOT NULL")
    assert rows == []
    assert pings(world) == []
