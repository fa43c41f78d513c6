"""Contract §3 ``/settings language`` and §7 which language where, end to end in SimCord.

Members get a Discord language with the documented shim (tests/i18n/shim.py); the
pseudo-locale ``qps-ploc`` shows which texts went through the catalogs (real translations
come later), and a small in-memory catalog stands for a translated one.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from bot import rendering
from bot.cogs.sets import SetsCog
from i18n import current_locale, pseudo
from i18n.locales import PSEUDO_LOCALE
from tests.bot.conftest import World, moderator
from tests.bot.test_bot_sets import OWN_SET, load
from tests.contract_boards.test_contract_limits import allow_everyone
from tests.i18n.english import english_left, set_texts
from tests.i18n.shim import member_locales


@pytest.fixture
def pseudo_locale() -> Iterator[str]:
    pseudo.enable()
    yield PSEUDO_LOCALE
    pseudo.enable(False)


async def stored_language(world: World) -> list[tuple[object, ...]]:
    return await world.rows(
        f"SELECT language FROM guild_settings WHERE guild_id = {world.guild.id}"
    )


async def test_settings_language_says_the_default_then_keeps_a_chosen_one(world: World) -> None:
    mod = moderator(world)
    shown = await mod.slash(world.channel, "settings language")
    assert shown.ephemeral
    text = shown.response.content
    # a SimCord server's preferred locale is en-US, as a new Discord server's is
    assert "**English** (`en-US`): this server's preferred locale in Discord" in text
    assert "**UTC**" in text  # the server's time zone
    for name in ("Español", "Português do Brasil", "Русский", "日本語", "Polski", "Українська"):
        assert name in text

    chosen = await mod.slash(world.channel, "settings language", language="ja")
    assert chosen.ephemeral
    assert "**日本語** (`ja`)" in chosen.response.content
    assert await stored_language(world) == [("ja",)]
    await mod.slash(world.channel, "schedule timezone", zone="Asia/Tokyo")

    await world.restart()
    shown = await mod.slash(world.channel, "settings language")
    assert "**日本語** (`ja`): set with `/settings language`" in shown.response.content
    assert "**Asia/Tokyo**" in shown.response.content


async def test_a_regional_code_is_served_by_its_language_and_default_forgets(world: World) -> None:
    mod = moderator(world)
    chosen = await mod.slash(world.channel, "settings language", language="es-419")
    assert "**Español** (`es-ES`)" in chosen.response.content
    assert await stored_language(world) == [("es-ES",)]
    chosen = await mod.slash(world.channel, "settings language", language="Deutsch")
    assert await stored_language(world) == [("de",)]
    back = await mod.slash(world.channel, "settings language", language="default")
    assert "**English** (`en-US`)" in back.response.content
    assert await stored_language(world) == [(None,)]


async def test_an_unknown_language_gets_a_sentence_and_changes_nothing(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "settings language", language="fr")
    refused = await mod.slash(world.channel, "settings language", language="zh-CN")
    assert refused.ephemeral
    assert "I don't speak `zh-CN`" in refused.response.content
    assert "Français (`fr`)" in refused.response.content
    assert await stored_language(world) == [("fr",)]


async def test_members_without_manage_server_are_refused(world: World) -> None:
    await allow_everyone(world, "settings")
    refused = await world.alice.slash(world.channel, "settings language", language="de")
    assert refused.ephemeral
    assert "Manage Server" in refused.response.content
    assert await stored_language(world) == []


async def test_the_language_option_offers_the_ten_languages_by_native_name(world: World) -> None:
    mod = moderator(world)
    offered = await mod.autocomplete(world.channel, "settings language", "language", "")
    values = [c["value"] for c in offered]
    assert values[:10] == ["en-US", "es-ES", "pt-BR", "fr", "de", "ru", "ja", "it", "pl", "uk"]
    assert offered[6]["name"] == "日本語 (ja)"
    typed = await mod.autocomplete(world.channel, "settings language", "language", "pol")
    assert [c["value"] for c in typed] == ["pl"]


async def test_a_server_preferred_locale_is_its_language_until_one_is_set(world: World) -> None:
    guild = world.env.create_guild("Lerngruppe", preferred_locale="de")
    channel = guild.create_text_channel("lernen")
    mod = moderator(world, guild)
    shown = await mod.slash(channel, "settings language")
    assert "**Deutsch** (`de`): this server's preferred locale in Discord" in (
        shown.response.content
    )
    other = world.env.create_guild("Grupo", preferred_locale="es-419")
    assert await world.env.bot.languages.of(other.id) == "es-ES"
    unknown = world.env.create_guild("Group", preferred_locale="zh-CN")
    assert await world.env.bot.languages.source(unknown.id) == ("en-US", "default")


async def test_personal_replies_use_the_members_language_else_the_servers(
    world: World, monkeypatch: pytest.MonkeyPatch, pseudo_locale: str
) -> None:
    mod = moderator(world)
    with member_locales(monkeypatch, {mod.id: pseudo_locale}) as locales:
        shown = await mod.slash(world.channel, "settings language")
        text = shown.response.content
        assert text.startswith("⟦")
        assert pseudo.untranslated(text) == []
        locales[mod.id] = "zh-CN"  # not spoken: the server's language, English so far
        shown = await mod.slash(world.channel, "settings language")
        assert "⟦" not in shown.response.content
        assert "Channel messages here are in **English**" in shown.response.content
        locales[mod.id] = "en-US"
        await mod.slash(world.channel, "settings language", language=pseudo_locale)
        locales[mod.id] = "zh-CN"  # now the server speaks the pseudo-locale
        shown = await mod.slash(world.channel, "settings language")
        assert pseudo.untranslated(shown.response.content) == []
        locales[mod.id] = "en-US"  # a spoken member language wins over the server's
        shown = await mod.slash(world.channel, "settings language")
        assert "⟦" not in shown.response.content
        refused = await mod.slash(world.channel, "settings language", language="xx")
        assert refused.response.content.startswith("I don't speak")
        locales[mod.id] = pseudo_locale  # the member's language for error sentences too
        refused = await mod.slash(world.channel, "settings language", language="xx")
        assert pseudo.untranslated(refused.response.content) == []


async def test_a_challenge_speaks_the_server_language_a_practice_the_members(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "settings language", language="de")
    with member_locales(monkeypatch, {world.alice.id: "fr", world.bob.id: "ja"}):
        await world.alice.slash(world.channel, "challenge", set="mini")
        await world.bob.slash(world.channel, "practice", set="mini")
    sessions = world.env.bot.sessions
    challenge = sessions.in_channel(world.channel.id)
    practice = sessions.personal_of(world.guild.id, world.bob.id)
    assert challenge is not None
    assert practice is not None
    assert (challenge.locale, practice.locale) == ("de", "ja")
    # a hint asked by reaction is sent by DM in the language of the member's last interaction
    languages = world.env.bot.languages
    assert (languages.member(world.alice.id), languages.member(world.bob.id)) == ("fr", "ja")
    states = await world.rows("SELECT mode, state FROM sessions ORDER BY mode")
    saved = {mode: json.loads(str(state))["discord"]["locale"] for mode, state in states}
    assert saved == {"challenge": "de", "practice": "ja"}

    await world.crash_and_restart()
    sessions = world.env.bot.sessions
    challenge = sessions.in_channel(world.channel.id)
    practice = sessions.personal_of(world.guild.id, world.bob.id)
    assert challenge is not None
    assert practice is not None
    assert (challenge.locale, practice.locale) == ("de", "ja")


def spy_rendering(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """Record the language each question and intro embed is rendered in (the real ones are
    still drawn): (what, locale), in order."""
    seen: list[tuple[str, str]] = []
    for name in ("question_embed", "intro_embed"):
        draw = getattr(rendering, name)

        def spy(*args: Any, _draw: Any = draw, _name: str = name, **kwargs: Any) -> Any:
            seen.append((_name, current_locale()))
            return _draw(*args, **kwargs)

        monkeypatch.setattr(rendering, name, spy)
    return seen


async def test_channel_and_personal_messages_are_drawn_in_their_language(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "settings language", language="pl")
    seen = spy_rendering(monkeypatch)
    with member_locales(monkeypatch, {world.alice.id: "ru", world.bob.id: "it"}):
        await world.alice.slash(world.channel, "challenge", set="mini")
        assert seen == [("intro_embed", "pl"), ("question_embed", "pl")]
        seen.clear()
        await world.bob.slash(world.channel, "test", set="mini")
        assert seen == [("intro_embed", "it"), ("question_embed", "it")]
        seen.clear()
        await world.env.advance_time(61)  # the challenge's question times out: the next one
    assert ("question_embed", "pl") in seen
    assert {locale for _, locale in seen} <= {"pl", "it"}
    seen.clear()
    await world.crash_and_restart()
    await world.env.advance_time(91)
    assert ("question_embed", "pl") in seen


async def test_english_left_finds_the_untranslated_words_of_a_bot_message(
    world: World, monkeypatch: pytest.MonkeyPatch, pseudo_locale: str
) -> None:
    mod = moderator(world)
    with member_locales(monkeypatch, {mod.id: pseudo_locale}):
        marked = await mod.slash(world.channel, "settings language")
    plain = await mod.slash(world.channel, "settings language")
    assert english_left(marked.response) == []
    left = english_left(plain.response, ignore=(world.guild.name,))
    assert left[:4] == ["Channel", "messages", "here", "are"]
    qset = world.env.bot.catalog.get(world.guild.id, "mini")
    assert qset is not None
    texts = set_texts(qset)
    assert "Which letter comes second?" in texts
    assert "Mini Set" in texts


async def test_a_button_runs_in_the_language_of_the_member_who_clicks(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    mod = moderator(world)
    await load(mod, world, OWN_SET)
    heard: list[str] = []
    confirm = SetsCog.remove_confirmed

    async def spy(self: SetsCog, interaction: Any, set_id: str) -> None:
        heard.append(current_locale())
        await confirm(self, interaction, set_id)

    monkeypatch.setattr(SetsCog, "remove_confirmed", spy)
    with member_locales(monkeypatch, {mod.id: "en-US"}) as locales:
        asked = await mod.slash(world.channel, "sets remove", set="own-set")
        locales[mod.id] = "uk"  # the click is a new interaction, with its own locale
        await mod.click(asked.response, label="Remove")
    assert heard == ["uk"]
    assert world.env.bot.catalog.get(world.guild.id, "own-set") is None
