"""Hostile translations: a server's translations are limited where they are written."""

from __future__ import annotations

import pytest

from bot.authoring import uploads
from tests.bot.conftest import MINI_SET, World, moderator
from tests.bot.test_bot_sets import load
from tests.bot.test_bot_translations import MINI_FR, translation_rows


def own_translation(number: int, language: str = "fr") -> str:
    return MINI_FR.replace("translation_of: mini", f"translation_of: own-{number}").replace(
        "language: fr", f"language: {language}"
    )


async def test_translations_per_server_are_limited_with_a_sentence(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(uploads, "MAX_TRANSLATIONS_PER_SERVER", 2)
    mod = moderator(world)
    for number in (1, 2):
        own = MINI_SET.replace("id: mini", f"id: own-{number}")
        await load(mod, world, own, f"own-{number}.yaml")
        assert "version 1" in await load(mod, world, own_translation(number), "fr.yaml")
    refused = await load(mod, world, MINI_FR, "mini.fr.yaml")
    assert "This server already has 2 translations of sets, the most it can have." in refused
    assert [row[1:] for row in await translation_rows(world)] == [
        ("own-1", "fr", 1),
        ("own-2", "fr", 1),
    ]
    replaced = await load(mod, world, own_translation(2), "fr.yaml")
    assert "now version 2" in replaced  # replacing one never counts as one more
    asked = await mod.slash(world.channel, "sets remove", set="own-1")
    await mod.click(asked.response, label="Remove")  # its translation goes with it
    assert "version 1" in await load(mod, world, MINI_FR, "mini.fr.yaml")
