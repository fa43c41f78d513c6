"""CONTRACT §5 and §7: translated question sets, end to end in SimCord on both backends.

A member sees a set's translation in the language of the message (personal sessions: the
member's Discord language; a challenge: the server's), else the set's own texts; answers and
points belong to the question id whatever the language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import MINI_SET, World, moderator
from tests.bot.test_bot_sets import info_text, load
from tests.i18n.shim import member_locales

A, B, C, D = LETTER_EMOJIS[:4]

MINI_ES = """\
translation_of: mini
language: es-ES
title: Mini conjunto
questions:
  - id: first
    prompt: ¿Qué letra va segunda?
    options:
      A: Alfa
      B: Bravo
      C: Charlie
    answer: B
    hint: Suena como un aplauso.
  - id: second
    prompt: ¿Qué palabra es un color?
    options:
      A: Rojo
      B: Mesa
      C: Correr
      D: Rápidamente
    answer: A
  - id: third
    prompt: ¿Cuánto es 2 + 2?
    options:
      A: "3"
      B: "4"
    answer: B
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    (folder / "translations").mkdir(parents=True)
    (folder / "mini.yaml").write_text(MINI_SET, encoding="utf-8")
    (folder / "translations" / "mini.es-ES.yaml").write_text(MINI_ES, encoding="utf-8")
    return folder


async def test_a_member_sees_the_translation_of_their_language_and_scores_the_same_id(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with member_locales(monkeypatch, {world.alice.id: "es-ES", world.bob.id: "en-US"}):
        await world.alice.slash(world.channel, "practice", set="mini")
        await world.bob.slash(world.channel, "practice", set="mini")
    assert len(world.channel.threads) == 2
    sessions = world.env.bot.sessions
    alice_live = sessions.personal_of(world.guild.id, world.alice.id)
    bob_live = sessions.personal_of(world.guild.id, world.bob.id)
    assert alice_live is not None
    assert bob_live is not None
    alice_thread = next(t for t in world.channel.threads if t.id == alice_live.channel_id)
    bob_thread = next(t for t in world.channel.threads if t.id == bob_live.channel_id)

    alice_text = world.embeds_text(alice_thread)
    assert "¿Qué letra va segunda?" in alice_text
    assert "Alfa" in alice_text
    assert "Mini conjunto" in alice_text
    assert "Which letter comes second?" not in alice_text
    bob_text = world.embeds_text(bob_thread)
    assert "Which letter comes second?" in bob_text
    assert "¿Qué letra va segunda?" not in bob_text

    await world.alice.react(world.messages(alice_thread)[-1], B)
    await world.bob.react(world.messages(bob_thread)[-1], B)
    # the reveal is translated too, the answer is the same letter
    assert "Bravo" in world.embeds_text(alice_thread)
    rows = await world.rows(
        "SELECT member_id, set_id, question_id, chosen, correct, points FROM answers "
        "ORDER BY member_id"
    )
    assert sorted(rows) == sorted(
        [
            (world.alice.id, "mini", "first", "B", 1, rows[0][5]),
            (world.bob.id, "mini", "first", "B", 1, rows[0][5]),
        ]
    )
    assert rows[0][5] == rows[1][5]

    # a session resumed after a crash keeps showing the translation
    await world.crash_and_restart()
    await world.alice.react(world.messages(alice_thread)[-1], A)  # "¿Qué palabra es un color?"
    assert "¿Cuánto es 2 + 2?" in (world.messages(alice_thread)[-1].embeds[0].description or "")


async def test_a_challenge_in_a_spanish_server_shows_the_translation(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "settings language", language="es-ES")
    with member_locales(monkeypatch, {world.alice.id: "en-US"}):
        await world.alice.slash(world.channel, "challenge", set="mini")
    text = world.embeds_text()
    assert "Mini conjunto" in text
    first_prompt = world.messages()[-1].embeds[0].description or ""
    assert any(
        prompt in first_prompt
        for prompt in ("¿Qué letra va segunda?", "¿Qué palabra es un color?", "¿Cuánto es 2 + 2?")
    )
    assert "Which" not in first_prompt
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert live is not None
    question_id = live.session.round.question_id
    answer = live.qset.question(question_id).answer
    await world.bob.react(world.messages()[-1], LETTER_EMOJIS[answer])
    rows = await world.rows(
        f"SELECT set_id, question_id, correct FROM answers WHERE member_id = {world.bob.id}"
    )
    assert [(set_id, qid, bool(correct)) for set_id, qid, correct in rows] == [
        ("mini", question_id, True)
    ]


async def test_an_unknown_member_locale_falls_back_quietly(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with member_locales(monkeypatch, {world.alice.id: "zh-CN"}):
        result = await world.alice.slash(world.channel, "practice", set="mini")
    assert result.ephemeral
    [thread] = world.channel.threads
    assert "Which letter comes second?" in world.embeds_text(thread)


MINI_FR = MINI_ES.replace("language: es-ES", "language: fr").replace(
    "¿Qué letra va segunda?", "Quelle lettre vient en deuxième ?"
)


async def translation_rows(world: World) -> list[tuple[object, ...]]:
    return await world.rows(
        "SELECT guild_id, set_id, language, version FROM guild_set_translations "
        "ORDER BY set_id, language"
    )


async def test_sets_load_takes_a_translation_and_a_reload_replaces_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    first = await load(mod, world, MINI_FR, "mini.fr.yaml")
    assert (
        "Loaded the translation of **Mini Set** (`mini`) into Français (`fr`), version 1." in first
    )
    assert await translation_rows(world) == [(world.guild.id, "mini", "fr", 1)]

    again = await load(mod, world, MINI_FR.replace("Quelle lettre", "Laquelle"), "mini.fr.yaml")
    assert "Replaced the translation of **Mini Set** (`mini`) into Français (`fr`)" in again
    assert "now version 2" in again
    assert await translation_rows(world) == [(world.guild.id, "mini", "fr", 2)]

    with member_locales(monkeypatch, {world.alice.id: "fr"}):
        await world.alice.slash(world.channel, "practice", set="mini")
    [thread] = world.channel.threads
    assert "Laquelle vient en deuxième ?" in world.embeds_text(thread)

    # kept across a restart: the stored translation is read back
    await world.restart()
    with member_locales(monkeypatch, {world.bob.id: "fr"}):
        await world.bob.slash(world.channel, "practice", set="mini")
    bob_live = world.env.bot.sessions.personal_of(world.guild.id, world.bob.id)
    assert bob_live is not None
    bob_thread = next(t for t in world.channel.threads if t.id == bob_live.channel_id)
    assert "Laquelle vient en deuxième ?" in world.embeds_text(bob_thread)


async def test_a_translation_that_changes_an_answer_is_refused_with_its_position(
    world: World,
) -> None:
    mod = moderator(world)
    changed = MINI_FR.replace("    answer: B\n", "    answer: C\n", 1)
    reply = await load(mod, world, changed, "mini.fr.yaml")
    assert "`mini.fr.yaml` was not loaded (1 error); nothing changed." in reply
    assert (
        "mini.fr.yaml:11:13: questions[0].answer: is C, but the set's answer is B; "
        "a translation changes only texts, never the answer"
    ) in reply
    missing = await load(mod, world, MINI_FR.replace("of: mini", "of: nowhere"), "x.yaml")
    assert "x.yaml:1:17: translation_of: there is no set 'nowhere' to translate" in missing
    assert await translation_rows(world) == []


async def test_sets_info_lists_the_languages_and_export_gives_a_translation(
    world: World,
) -> None:
    mod = moderator(world)
    await load(mod, world, MINI_FR, "mini.fr.yaml")
    info = await info_text(mod, world.channel, "mini")
    assert "Languages: English (`en-US`), Español (`es-ES`), Français (`fr`)" in info

    exported = await mod.slash(world.channel, "sets export", set="mini", language="es-ES")
    assert exported.ephemeral
    [attachment] = exported.response.attachments
    assert attachment.filename == "mini.es-ES.yaml"
    assert (await attachment.read()).decode() == MINI_ES
    exported = await mod.slash(world.channel, "sets export", set="mini", language="fr")
    assert (await exported.response.attachments[0].read()).decode() == MINI_FR
    own = await mod.slash(world.channel, "sets export", set="mini")
    assert (await own.response.attachments[0].read()).decode() == MINI_SET

    none = await mod.slash(world.channel, "sets export", set="mini", language="ja")
    assert none.ephemeral
    assert not none.response.attachments
    assert "`mini` has no translation into `ja`" in none.response.content


ANSWERS_ES = {"¿Qué letra va segunda?": B, "¿Qué palabra es un color?": A, "¿Cuánto es 2 + 2?": B}
WRONG_ES = {"¿Qué letra va segunda?": A, "¿Qué palabra es un color?": B, "¿Cuánto es 2 + 2?": A}


def _open_prompt(world: World, thread) -> tuple[object, str]:
    message = [m for m in world.messages(thread) if m.embeds and m.reactions][-1]
    text = message.embeds[0].description or ""
    prompt = next((p for p in ANSWERS_ES if p in text), text)
    return message, prompt


async def test_a_review_shows_each_question_in_the_member_s_language_and_keeps_card_ids(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    with member_locales(monkeypatch, {world.alice.id: "es-ES"}):
        await world.alice.slash(world.channel, "test", set="mini")
        thread = world.channel.threads[-1]
        for _ in range(3):
            message, prompt = _open_prompt(world, thread)
            assert prompt in ANSWERS_ES  # the test is shown in Spanish
            await world.alice.react(message, WRONG_ES[prompt])
        cards = await world.rows(
            f"SELECT set_id, question_id FROM cards WHERE member_id = {world.alice.id}"
            " ORDER BY question_id"
        )
        assert cards == [("mini", "first"), ("mini", "second"), ("mini", "third")]
        await world.env.advance_time(11 * 60)
        await world.alice.slash(world.channel, "review")
        thread = world.channel.threads[-1]
        message, prompt = _open_prompt(world, thread)
        assert prompt in ANSWERS_ES
        await world.alice.react(message, ANSWERS_ES[prompt])
    answered = await world.rows(
        f"SELECT set_id, question_id, correct FROM answers WHERE member_id = {world.alice.id}"
    )
    expected_id = {"¿Qué letra va segunda?": "first", "¿Qué palabra es un color?": "second"}
    right = [(set_id, question_id) for set_id, question_id, correct in answered if correct]
    assert right == [("mini", expected_id.get(prompt, "third"))]


async def test_a_server_set_takes_a_translation_other_servers_cannot_and_removal_drops_it(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    own = MINI_SET.replace("id: mini", "id: own-set").replace("title: Mini Set", "title: Own")
    own_fr = MINI_FR.replace("translation_of: mini", "translation_of: own-set")
    mod = moderator(world)
    await load(mod, world, own, "own.yaml")
    other_guild = world.env.create_guild("Other Group")
    other_channel = other_guild.create_text_channel("study")
    other_mod = moderator(world, other_guild)
    refused = await other_mod.slash(other_channel, "sets load", file=("fr.yaml", own_fr.encode()))
    text = (refused.followups[-1] if refused.followups else refused.response).content
    assert "fr.yaml:1:17: translation_of: there is no set 'own-set' to translate" in text
    assert await translation_rows(world) == []

    loaded = await load(mod, world, own_fr, "own.fr.yaml")
    assert "translation of **Own** (`own-set`) into Français (`fr`), version 1" in loaded
    assert "Français (`fr`)" in await info_text(mod, world.channel, "own-set")
    with member_locales(monkeypatch, {world.alice.id: "fr"}):
        await world.alice.slash(world.channel, "practice", set="own-set")
    [thread] = world.channel.threads
    assert "Quelle lettre vient en deuxième ?" in world.embeds_text(thread)
    await world.alice.slash(thread, "stop")

    asked = await mod.slash(world.channel, "sets remove", set="own-set")
    await mod.click(asked.response, label="Remove")
    assert await translation_rows(world) == []
    await load(mod, world, own, "own.yaml")  # the same id again: no translation left over
    assert "Languages: English (`en-US`)\n" in await info_text(mod, world.channel, "own-set") + "\n"
    assert "Français" not in await info_text(mod, world.channel, "own-set")
