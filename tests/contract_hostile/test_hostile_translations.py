"""Hostile translations: a server's translations are limited where they are written."""

from __future__ import annotations

import pytest

from bot.authoring import uploads
from tests.bot.conftest import MINI_SET, World, moderator
from tests.bot.test_bot_sets import info_text, load
from tests.bot.test_bot_translations import MINI_FR, translation_rows
from tests.contract_hostile.helpers import assert_no_traceback, upload
from tests.contract_hostile.test_hostile_uploads import BILLION_LAUGHS
from tests.i18n.shim import member_locales


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


async def test_a_translation_whose_set_changed_ids_falls_back_quietly(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = MINI_SET.replace("id: mini", "id: own-1").replace("title: Mini Set", "title: Own")
    mod = moderator(world)
    await load(mod, world, own, "own.yaml")
    assert "version 1" in await load(mod, world, own_translation(1), "fr.yaml")
    renamed = own.replace("id: first", "id: renamed")  # the translation names a gone id
    assert "version 2" in await load(mod, world, renamed, "own.yaml")
    for restarted in (False, True):
        if restarted:
            await world.restart()  # read back from storage: checked again, dropped quietly
        assert "Français" not in await info_text(mod, world.channel, "own-1")
        with member_locales(monkeypatch, {world.alice.id: "fr"}):
            await world.alice.slash(world.channel, "practice", set="own-1")
        thread = world.channel.threads[-1]
        text = world.embeds_text(thread)
        assert any(p in text for p in ("Which letter", "Which word", "What is 2 + 2"))
        assert "Quelle lettre" not in text
        await world.alice.slash(thread, "stop")
    assert [row[1:] for row in await translation_rows(world)] == [("own-1", "fr", 1)]


HEAD = "translation_of: mini\nlanguage: fr\n"
HOSTILE_TRANSLATIONS = {
    "billion laughs": BILLION_LAUGHS.replace("id: bomb\ntitle: Bomb\n", HEAD),
    "deep nesting": HEAD + "questions: " + "[" * 10_000 + "]" * 10_000,
    "deep block nesting": HEAD + "questions:\n" + "".join(" " * n + "- \n" for n in range(1400)),
    "deep mapping": HEAD + "title: " + "{a: " * 5_000 + "b" + "}" * 5_000,
    "45,000 questions": HEAD + "questions:\n" + "- {id: q, prompt: p}\n" * 45_000,
}


@pytest.mark.parametrize("case", list(HOSTILE_TRANSLATIONS))
async def test_a_hostile_translation_gets_a_sentence_and_stores_nothing(
    world: World, case: str
) -> None:
    mod = moderator(world)
    _, report = await upload(mod, world, "mini.fr.yaml", HOSTILE_TRANSLATIONS[case].encode())
    assert_no_traceback(report)
    assert "Loaded" not in report
    assert "`mini.fr.yaml` was not loaded" in report  # the refusals of any set upload
    assert "nothing changed" in report
    assert await translation_rows(world) == []


async def test_export_in_a_hostile_language_gets_a_sentence_that_stays_intact(
    world: World,
) -> None:
    mod = moderator(world)
    typed = "\u202e`ja`\n@everyone <@1> " + "x" * 6_000
    refused = await mod.slash(world.channel, "sets export", set="mini", language=typed)
    assert refused.ephemeral
    assert not refused.response.attachments
    text = refused.response.content
    assert text.startswith("`mini` has no translation into ``\\u202e`ja`\\x0a@everyone <@1> x")
    assert text.isprintable()  # no bidi override or line break reaches the sentence
    assert text.endswith("x…``. Its languages: English (`en-US`).")
    assert len(text) < 300
