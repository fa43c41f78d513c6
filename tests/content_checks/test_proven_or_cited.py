"""Every shipped question is proven by a check or cited from a source, never neither."""

from __future__ import annotations

import pytest

from tests.content_checks.citations import CITED
from tests.content_checks.explanations import explanation_errors, planted_errors
from tests.content_checks.proving import PROVEN
from tests.content_checks.shipped import (
    keyed_says,
    mutated,
    question,
    refuted,
    shipped_sets,
    swapped,
)
from tests.content_checks.test_every_code_question_is_proven import import_every_check_module


def shipped_keys() -> set[str]:
    return {f"{qset.id}/{q.id}" for qset in shipped_sets().values() for q in qset.questions}


def test_every_shipped_question_is_proven_or_cited() -> None:
    assert import_every_check_module() == []
    neither = sorted(shipped_keys() - PROVEN - set(CITED))
    assert neither == [], "shipped questions neither proven nor cited:\n" + "\n".join(neither)


def test_every_citation_names_a_shipped_question() -> None:
    assert sorted(set(CITED) - shipped_keys()) == []


@pytest.mark.parametrize("key", sorted(CITED))
def test_a_cited_key_says_what_its_source_says(key: str) -> None:
    citation = CITED[key]
    assert citation.url.startswith("https://")
    assert citation.version
    assert len(citation.quote) > 40
    keyed_says(key, *citation.says)
    for claim in citation.refutes:
        refuted(key, claim)
    # The same comparison turns red once the keyed text is swapped with any distractor's.
    found = question(key)
    for letter in found.letters:
        if letter != found.answer_letter:
            with mutated(key, swapped(key, letter)), pytest.raises(AssertionError):
                keyed_says(key, *citation.says)


@pytest.mark.parametrize("key", sorted(CITED))
def test_a_cited_question_explains_only_what_its_texts_claim(key: str) -> None:
    assert explanation_errors(question(key)) == []
    for planted, copy in planted_errors(question(key)).items():
        assert explanation_errors(copy), f"{planted} went unnoticed"
