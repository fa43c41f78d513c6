"""The catalogs: the template is current, each language complete, plurals follow CLDR."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

import i18n
from i18n import _, ngettext, resolve, use_locale
from i18n.catalogs import TEMPLATE, compile_catalog, overridden, read_catalog
from i18n.locales import SPOKEN, spoken
from i18n.tools import extract, fields, problems

TRANSLATED = [code for code in spoken() if code in SPOKEN]


def test_every_marked_text_of_the_sources_is_in_the_template() -> None:
    template = {m.id for m in read_catalog(TEMPLATE) if m.id}
    missing = [m.id for m in extract() if m.id and m.id not in template]
    assert not missing, (
        f"{len(missing)} text(s) not in i18n/locales/quiz_tutor.pot, such as {missing[:3]}: "
        "run `python -m i18n extract` then `python -m i18n update`."
    )


def test_the_layer_speaks_ten_languages_with_english_first() -> None:
    assert list(SPOKEN) == TRANSLATED
    assert len(SPOKEN) == 10
    assert SPOKEN[0] == "en-US"


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_catalog_is_complete(code: str) -> None:
    """Every text translated, not fuzzy, its placeholders and plural forms complete."""
    found = problems(code)
    assert not found, f"{len(found)} problem(s), first: " + "\n".join(found[:5])


@pytest.mark.parametrize("code", TRANSLATED)
def test_translations_keep_the_placeholders_of_the_source(code: str) -> None:
    catalog = read_catalog(Path(i18n.catalogs.po_path(code)))
    for message in catalog:
        if not message.id or not message.string:
            continue
        if isinstance(message.id, tuple):
            wanted = fields(message.id[0]) | fields(message.id[1])
            for form in message.string:
                assert not form or fields(form) <= wanted, (code, message.id, form)
        elif "{" in message.id and formatted(message.id):
            assert fields(message.string) == fields(message.id), (code, message.id)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("es-419", "es-ES"),
        ("en-GB", "en-US"),
        ("pt-PT", "pt-BR"),
        ("pt_BR", "pt-BR"),
        ("JA", "ja"),
        ("uk", "uk"),
        ("zh-CN", "en-US"),
        ("", "en-US"),
        (None, "en-US"),
    ],
)
def test_a_discord_locale_resolves_to_one_the_bot_speaks(code: str | None, expected: str) -> None:
    assert resolve(code) == expected


def test_resolve_takes_the_first_spoken_candidate_and_discord_locales() -> None:
    import discord

    assert resolve("zh-CN", None, "fr", "de") == "fr"
    assert resolve(discord.Locale.brazil_portuguese) == "pt-BR"
    assert resolve(discord.Locale.latin_american_spanish) == "es-ES"


def formatted(text: str) -> bool:
    """Tell whether a source has placeholders to fill (a literal lone brace: it is shown as is)."""
    try:
        return bool(fields(text))
    except ValueError:
        return False


RU = ("{n} question", "{n} questions")


def test_russian_plurals_have_three_forms_by_cldr() -> None:
    with overridden("ru", {RU: ("{n} вопрос", "{n} вопроса", "{n} вопросов")}), use_locale("ru"):
        said = {n: ngettext(*RU, n) for n in (1, 2, 5, 11, 21, 22, 25)}
    assert said == {
        1: "1 вопрос",
        2: "2 вопроса",
        5: "5 вопросов",
        11: "11 вопросов",
        21: "21 вопрос",
        22: "22 вопроса",
        25: "25 вопросов",
    }


def test_japanese_has_one_form_and_polish_three() -> None:
    with overridden("ja", {RU: ("{n}問",)}), use_locale("ja"):
        assert [ngettext(*RU, n) for n in (1, 2, 5)] == ["1問", "2問", "5問"]
    polish = ("{n} pytanie", "{n} pytania", "{n} pytań")
    with overridden("pl", {RU: polish}), use_locale("pl"):
        assert [ngettext(*RU, n) for n in (1, 3, 5, 22)] == [
            "1 pytanie",
            "3 pytania",
            "5 pytań",
            "22 pytania",
        ]


def test_english_counts_and_fills_fields() -> None:
    assert ngettext("{n} try of {who}", "{n} tries of {who}", 1, who="Ana") == "1 try of Ana"
    assert ngettext("{n} try of {who}", "{n} tries of {who}", 3, who="Ana") == "3 tries of Ana"
    assert _("Hi {name}", name="{x}") == "Hi {x}"  # a filled value is never formatted again


PO = """\
msgid ""
msgstr ""
"Language: fr\\n"
"Plural-Forms: nplurals=2; plural=(n > 1);\\n"

msgid "Ready"
msgstr "Prêt"

#, fuzzy
msgid "Go"
msgstr "Vas-y"

msgid "Empty"
msgstr ""

msgid "{n} point"
msgid_plural "{n} points"
msgstr[0] "{n} point"
msgstr[1] ""
"""


def test_fuzzy_empty_and_partial_translations_show_the_english_source() -> None:
    catalog = read_po(io.BytesIO(PO.encode()), locale="fr")
    translations = compile_catalog(catalog)
    assert translations.ugettext("Ready") == "Prêt"
    assert translations.ugettext("Go") == "Go"
    assert translations.ugettext("Empty") == "Empty"
    assert translations.ungettext("{n} point", "{n} points", 3) == "{n} points"


def test_a_translation_with_broken_placeholders_falls_back_to_english() -> None:
    with overridden("de", {"Hello {name}": "Hallo {nom}"}), use_locale("de"):
        assert _("Hello {name}", name="Ana") == "Hello Ana"
    with overridden("de", {"Hello {name}": "Hallo {name}"}), use_locale("de"):
        assert _("Hello {name}", name="Ana") == "Hallo Ana"
    assert _("Hello {name}", name="Ana") == "Hello Ana"  # outside the block: English


def test_numbers_and_percentages_follow_the_language() -> None:
    with use_locale("de"):
        assert i18n.format_number(1234.5) == "1.234,5"
        assert i18n.format_percent(0.75) == "75\xa0%"
    with use_locale("en-US"):
        assert i18n.format_number(1234.5) == "1,234.5"
        assert i18n.format_percent(0.755, digits=1) == "75.5%"
    with use_locale("ja"):
        assert i18n.format_number(1234) == "1,234"
    assert i18n.discord_timestamp(1700000000.7) == "<t:1700000000:R>"
    assert i18n.discord_timestamp(1700000000, "f") == "<t:1700000000:f>"


def test_use_locale_nests_and_restores() -> None:
    assert i18n.current_locale() == "en-US"
    with use_locale("fr"):
        with use_locale("es-419") as inner:
            assert inner == "es-ES"
        assert i18n.current_locale() == "fr"
    assert i18n.current_locale() == "en-US"
