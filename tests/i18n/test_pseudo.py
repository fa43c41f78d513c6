"""The pseudo-locale and the finder of English left in a message."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from i18n import N_, _, ngettext, pseudo, resolve, use_locale
from i18n.catalogs import TEMPLATE, read_catalog
from i18n.locales import PSEUDO_LOCALE


@pytest.fixture
def pseudo_locale() -> Iterator[str]:
    pseudo.enable()
    yield PSEUDO_LOCALE
    pseudo.enable(False)


def test_the_pseudo_locale_is_spoken_only_while_enabled(pseudo_locale: str) -> None:
    assert resolve(pseudo_locale) == PSEUDO_LOCALE
    pseudo.enable(False)
    assert resolve(pseudo_locale) == "en-US"


def test_every_template_text_is_marked_with_its_placeholders(pseudo_locale: str) -> None:
    texts = [m.id for m in read_catalog(TEMPLATE) if m.id and not isinstance(m.id, tuple)]
    assert texts, "the template has texts"
    with use_locale(pseudo_locale):
        for text in texts:
            assert _(text) == f"⟦{text}⟧"
    with use_locale(pseudo_locale):
        setting = N_("set with `/settings language`")
        assert _(setting) == "⟦set with `/settings language`⟧"


def test_a_text_missing_from_the_template_stays_unmarked(pseudo_locale: str) -> None:
    with use_locale(pseudo_locale):
        assert _("Not in the template {x}", x=1) == "Not in the template 1"
        assert ngettext("{n} ghost", "{n} ghosts", 2) == "2 ghosts"


def test_untranslated_ignores_marked_text_and_what_is_not_the_bots() -> None:
    text = "⟦Ready in <#123>, {by} ⟦nested⟧⟧ 🎉 <@45> <t:1700000000:R> `set-id` 7/10 Alice's set"
    assert pseudo.untranslated(text, ignore=("Alice's set",)) == []
    assert pseudo.untranslated("⟦Fine⟧ Time's up!") == ["Time", "up"]
    assert pseudo.untranslated("⟦Score⟧: **3**/5 · 60 %") == []
