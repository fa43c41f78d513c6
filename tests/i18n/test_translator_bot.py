"""Contract §7: slash command descriptions, option descriptions and choices are localized for
every spoken language (names never are), and a catalog change re-syncs the commands."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

from bot.commands.sync import sync_commands_if_changed, tree_fingerprint
from i18n.catalogs import TEMPLATE, overridden, read_catalog
from i18n.locales import SPOKEN
from tests.bot.conftest import World

TRANSLATED = SPOKEN[1:]
# Discord's locales each spoken one serves: es-419 is served by es-ES, en-GB by English.
DISCORD_LOCALES = {*TRANSLATED, "es-419"}


def tagged(code: str, text: str) -> str:
    return f"[{code}] {text}"[:100]


@pytest.fixture
def catalogs() -> Iterator[None]:
    """Every language's catalog says each text of the template tagged with its code."""
    texts = [m.id for m in read_catalog(TEMPLATE) if isinstance(m.id, str) and m.id]
    with ExitStack() as stack:
        for code in TRANSLATED:
            stack.enter_context(overridden(code, {t: tagged(code, t) for t in texts}))
        yield


def command(world: World, name: str) -> dict[str, Any]:
    found = world.env.backend.find_command(name, None)
    assert found is not None, name
    return found


def option(payload: dict[str, Any], name: str) -> dict[str, Any]:
    return next(o for o in payload["options"] if o["name"] == name)


async def test_sync_sends_every_description_and_choice_in_every_language(
    world: World, catalogs: None
) -> None:
    await world.env.bot.tree.sync()
    settings = command(world, "settings")
    assert settings["description_localizations"] == {
        code: tagged("es-ES" if code == "es-419" else code, "This server's settings")
        for code in DISCORD_LOCALES
    }
    language = option(settings, "language")
    assert language["description_localizations"]["ja"] == tagged(
        "ja", "The language of this server's channel messages"
    )
    assert not language.get("name_localizations")  # names stay as in the contract
    assert not settings.get("name_localizations")
    repeat = option(option(command(world, "schedule"), "add"), "repeat")
    daily = next(c for c in repeat["choices"] if c["value"] == "daily")
    assert daily["name"] == "daily"
    assert daily["name_localizations"]["pl"] == tagged("pl", "daily")
    practice = command(world, "practice")
    assert practice["description_localizations"]["uk"].startswith("[uk] Practise a set")
    assert option(practice, "set")["description_localizations"]["pt-BR"] == tagged(
        "pt-BR", "The question set to practise"
    )
    for payload in world.env.backend.commands[None].values():
        for text in payload.get("description_localizations", {}).values():
            assert len(text) <= 100


async def test_a_language_without_the_translation_is_not_localized(world: World) -> None:
    """Discord shows English where a catalog lacks a text: nothing is sent for that language."""
    with overridden("fr", {}):
        await world.env.bot.tree.sync()
        localized = command(world, "settings").get("description_localizations") or {}
    assert "fr" not in localized


async def test_a_changed_translation_changes_the_fingerprint_and_syncs_again(
    world: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # with PostgreSQL the marker is kept in the working folder
    bot = world.env.bot
    before = await tree_fingerprint(bot, "global")
    assert await sync_commands_if_changed(bot, None)
    assert not await sync_commands_if_changed(bot, None)
    with overridden("fr", {"This server's settings": "Les réglages de ce serveur"}):
        assert await tree_fingerprint(bot, "global") != before
        assert await sync_commands_if_changed(bot, None)
        localized = command(world, "settings")["description_localizations"]
        assert localized["fr"] == "Les réglages de ce serveur"
    assert await tree_fingerprint(bot, "global") == before
