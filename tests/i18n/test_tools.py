"""``python -m i18n update|check``: new catalogs carry CLDR plural forms; check finds faults."""

from __future__ import annotations

from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from i18n.catalogs import po_path, read_catalog
from i18n.tools import entry_problems, fields, problems, update


def test_update_creates_each_catalog_with_its_plural_forms_and_is_stable(tmp_path: Path) -> None:
    update(tmp_path, ["ru", "ja", "pl", "en-US"])
    forms = {code: read_catalog(po_path(code, tmp_path)).num_plurals for code in ("ru", "ja", "pl")}
    assert forms == {"ru": 3, "ja": 1, "pl": 3}
    before = po_path("ru", tmp_path).read_bytes()
    update(tmp_path, ["ru"])
    assert po_path("ru", tmp_path).read_bytes() == before
    assert problems("en-US", tmp_path) == []  # English says the sources as they are


def _filled(tmp_path: Path, code: str) -> tuple[Path, Catalog]:
    """Return a catalog of ``code`` whose every entry says its source (so it is complete)."""
    update(tmp_path, [code])
    path = po_path(code, tmp_path)
    catalog = read_catalog(path, code)
    for message in catalog:
        if isinstance(message.id, tuple):
            message.string = (message.id[1],) * catalog.num_plurals
        elif message.id:
            message.string = message.id
    return path, catalog


def _save(path: Path, catalog: Catalog) -> None:
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_check_finds_empty_fuzzy_and_wrong_placeholders(tmp_path: Path) -> None:
    update(tmp_path, ["fr"])
    assert any("has no translation" in p for p in problems("fr", tmp_path))
    path, catalog = _filled(tmp_path, "fr")
    _save(path, catalog)
    assert problems("fr", tmp_path) == []
    simple = next(m for m in catalog if isinstance(m.id, str) and m.id and not fields(m.id))
    placed = next(m for m in catalog if isinstance(m.id, str) and fields(m.id))
    simple.flags.add("fuzzy")
    placed.string = "sans champs"
    _save(path, catalog)
    found = problems("fr", tmp_path)
    assert sorted(found) == sorted(
        [
            f"fr: {simple.id!r} is marked fuzzy: check the translation and remove the flag.",
            f"fr: {placed.id!r} has placeholders [], the source {sorted(fields(placed.id))}.",
        ]
    )
    placed.string = placed.id.replace("{", "{{", 1)
    simple.flags.discard("fuzzy")
    _save(path, catalog)
    assert len(problems("fr", tmp_path)) == 1


def test_check_wants_every_plural_form_with_its_placeholders() -> None:
    source = ("{n} question of {title}", "{n} questions of {title}")
    catalog = Catalog(locale="ru")
    catalog.add(source, ("{n} вопрос {title}", "{n} вопроса {title}", ""))
    expected = "ru: '{n} question of {title}' needs all 3 plural forms."
    assert entry_problems("ru", catalog, Message(source)) == [expected]
    catalog[source].string = ("один вопрос {title}", "{n} вопроса {title}", "{n} вопросов")
    assert entry_problems("ru", catalog, Message(source)) == [
        "ru: '{n} question of {title}' form 2 has ['n'], the source ['n', 'title']."
    ]
    catalog[source].string = ("{n} вопрос {title}", "{n} вопроса {title}", "{n} вопросов {title}")
    assert entry_problems("ru", catalog, Message(source)) == []


def test_a_source_with_a_literal_brace_is_not_compared() -> None:
    source = "Write {x} or { alone"
    catalog = Catalog(locale="de")
    catalog.add(source, "Schreib { allein")
    assert entry_problems("de", catalog, Message(source)) == []
    catalog.add("Hi {name}", "Hallo {name")
    assert entry_problems("de", catalog, Message("Hi {name}")) == [
        "de: 'Hi {name}': expected '}' before end of string (write a literal brace as {{)."
    ]
