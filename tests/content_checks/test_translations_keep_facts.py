"""Shipped translations state the same claims as their sets (CONTRACT §5).

A translation changes only texts; an option, hint, solution, takeaway or feedback text still
has to say the same thing. The mechanical part of "the same thing" is checked here: every
`inline code` span, number, exception name and code-looking token (``snake_case``, ``f()``,
``obj.attr``) of the set's text is in the translated text too. A translation file of a shipped
set must load (same ids, letters and answers; the validator checks that), and give every text
its set has: a text left out would show in the set's own language (CONTRACT §7).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from content.model import Question, QuestionSet
from content.translations import ReadTranslation, load_translations
from tests.content_checks.shipped import SETS_FOLDER, shipped_sets

FIXTURE_FOLDER = Path(__file__).resolve().parents[1] / "content" / "translations" / "sets"

_FACTS = re.compile(
    r"`[^`\n]+`"  # inline code
    r"|(?<![\w.])[A-Z][A-Za-z0-9]*(?:Error|Exception|Warning|Iteration|Exit|Interrupt)"
    r"(?![A-Za-z0-9_])"  # exception names
    r"|(?<![A-Za-z0-9_.])[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*\(\)"  # calls
    r"|(?<![A-Za-z0-9_])[A-Za-z0-9]*_[A-Za-z0-9_]*[A-Za-z0-9](?![A-Za-z0-9_])"  # snake_case
    r"|(?<![A-Za-z0-9_.])[A-Za-z_]\w*\.[A-Za-z_][A-Za-z0-9_]*(?![A-Za-z0-9_(])"  # obj.attr
    r"|(?<![\d.])\d+(?:\.\d+)?(?![\d])",  # numbers
    re.ASCII,
)


_PROSE = frozenset({"i.e", "e.g"})
"""Abbreviations of English prose that look like ``obj.attr`` but state nothing."""


def facts(text: str | None) -> set[str]:
    """Return the code, numbers and exception names a text states."""
    return set(_FACTS.findall(text or "")) - _PROSE


def texts(question: Question) -> Iterator[tuple[str, str | None]]:
    """Return each translatable text of a question with where it is."""
    for index, option in enumerate(question.options):
        yield f"options.{question.letters[index]}", option
    yield "hint", question.hint
    yield "takeaway", question.takeaway
    if question.solution is not None:
        for number, step in enumerate(question.solution.steps):
            yield f"solution.steps[{number}].text", step.text
        yield "solution.quick_check", question.solution.quick_check
    for index, letter in enumerate(question.letters):
        yield f"feedback.{letter}", question.feedback_for(index)


def lost_facts(base: QuestionSet, translated: QuestionSet) -> list[str]:
    """Return, per text, the facts of the set's text its translation leaves out."""
    problems = []
    for question in base.questions:
        shown = translated.question(question.id)
        assert shown is not None
        for (where, text), (_, translated_text) in zip(texts(question), texts(shown), strict=True):
            lost = facts(text) - facts(translated_text)
            if lost:
                problems.append(
                    f"{translated.language} {base.id}/{question.id} {where}: "
                    f"loses {sorted(lost)} (the set's text: {text!r})"
                )
    return problems


def _translations(folder: Path, sets: dict[str, QuestionSet]) -> list[ReadTranslation]:
    found, errors = load_translations(folder, sets)
    assert errors == [], "\n".join(str(error) for error in errors)
    return found


def _fixture() -> tuple[QuestionSet, ReadTranslation]:
    from content.loader import load_directory

    sets = {s.id: s for s in load_directory(FIXTURE_FOLDER)[0]}
    [read] = _translations(FIXTURE_FOLDER, sets)
    return sets[read.translation.set_id], read


def test_every_shipped_translation_loads_and_keeps_the_facts_of_its_set() -> None:
    sets = shipped_sets()
    problems = []
    for read in _translations(SETS_FOLDER, sets):
        problems += lost_facts(sets[read.translation.set_id], read.translated)
    assert problems == []


def test_the_fixture_translation_keeps_its_facts() -> None:
    base, read = _fixture()
    assert lost_facts(base, read.translated) == []


def _replaced(question: Question, old: str, new: str) -> Question:
    """Return ``question`` with ``old`` replaced by ``new`` in its options and solution."""
    solution = question.solution
    if solution is not None:
        solution = dataclasses.replace(
            solution,
            steps=tuple(
                dataclasses.replace(step, text=step.text.replace(old, new))
                for step in solution.steps
            ),
            quick_check=(solution.quick_check or "").replace(old, new) or None,
        )
    options = tuple(text.replace(old, new) for text in question.options)
    return dataclasses.replace(question, options=options, solution=solution)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("`range(3)` empieza", "`range(4)` empieza"),  # inline code in a solution step
        ("`range(n)` tiene", "range(n) tiene"),  # inline code left as plain words
        ("[0, 1, 2]", "[0, 1]"),  # a number dropped from an option
    ],
)
def test_a_translation_that_drops_a_fact_is_caught(old: str, new: str) -> None:
    base, read = _fixture()
    first, *others = read.translated.questions
    mutant = dataclasses.replace(read.translated, questions=(_replaced(first, old, new), *others))
    assert lost_facts(base, mutant) != []


def test_facts_are_found_next_to_words_of_any_script() -> None:
    assert facts("`yield`を使うと3つの値とValueErrorが出ます; obj.attr y f() y my_var") == {
        "`yield`",
        "3",
        "ValueError",
        "obj.attr",
        "f()",
        "my_var",
    }


def untranslated(base: QuestionSet, read: ReadTranslation) -> list[str]:
    """Return the texts of the set a translation leaves out (they would show in English)."""
    translation = read.translation
    missing = [
        f"{translation.language} {base.id} {name}"
        for name, own, given in (
            ("title", base.title, translation.title),
            ("topic", base.topic, translation.topic),
            ("description", base.description, translation.description),
            ("badge.name", base.badge and base.badge.name, translation.badge_name),
            (
                "badge.description",
                base.badge and base.badge.description,
                translation.badge_description,
            ),
        )
        if own and not given
    ]
    for question in base.questions:
        texts = translation.questions[question.id]
        for name, own, given in (
            ("context", question.context, texts.context),
            ("hint", question.hint, texts.hint),
            ("solution", question.solution, texts.solution),
            ("takeaway", question.takeaway, texts.takeaway),
            ("common_mistakes", question.common_mistakes, texts.common_mistakes),
            ("feedback", any(question.feedback), any(texts.feedback)),
        ):
            if own and not given:
                missing.append(f"{translation.language} {base.id}/{question.id} {name}")
    return missing


def test_every_shipped_translation_gives_every_text_of_its_set() -> None:
    sets = shipped_sets()
    missing = []
    for read in _translations(SETS_FOLDER, sets):
        missing += untranslated(sets[read.translation.set_id], read)
    assert missing == []


def test_a_text_left_out_is_found() -> None:
    base, read = _fixture()  # the fixture leaves one takeaway and the set's topic to the set
    assert untranslated(base, read) == [
        "es-ES tiny-loops topic",
        "es-ES tiny-loops badge.description",
        "es-ES tiny-loops/break-else takeaway",
    ]
