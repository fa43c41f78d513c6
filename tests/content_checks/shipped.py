"""The shipped question sets, as checks read them: a question, its code, its option texts."""

from __future__ import annotations

import contextlib
import dataclasses
from collections.abc import Iterator
from functools import cache
from pathlib import Path

from content.loader import load_directory_files, load_set_file
from content.model import Question, QuestionSet

SETS_FOLDER = Path(__file__).resolve().parents[2] / "content" / "sets"


@cache
def shipped_sets() -> dict[str, QuestionSet]:
    """Every set in content/sets, by id (the folder must load without errors)."""
    loaded, errors = load_directory_files(SETS_FOLDER)
    if errors:
        raise AssertionError("\n".join(str(error) for error in errors))
    return {qset.id: qset for qset in loaded.values()}


@cache
def shipped_set(set_id: str) -> QuestionSet:
    """The shipped set ``set_id``: its own file when named after it, so checks of one set do not
    depend on every other file being valid."""
    own_file = SETS_FOLDER / f"{set_id}.yaml"
    if own_file.is_file():
        qset = load_set_file(own_file)
        if qset.id == set_id:
            return qset
    return shipped_sets()[set_id]


_OBSERVED: dict[str, set[str]] = {}
"""Facts (exception names, numbers) each question's check saw while it ran (``observed``)."""

_MUTANTS: dict[str, Question] = {}
"""Questions replaced by a mutant copy while a mutation check runs (see ``mutated``)."""


def swap_partner(key: str) -> str:
    """The one distractor a cheap swap run exchanges with the keyed option: the next letter."""
    found = _shipped_question(key)
    return found.letters[(found.answer + 1) % len(found.options)]


def swapped(key: str, distractor: str) -> Question:
    """A copy of the question where the keyed option's text and ``distractor``'s are exchanged
    (the answer letter unchanged, so the key now states something false)."""
    found = _shipped_question(key)
    texts = list(found.options)
    other = ord(distractor) - ord("A")
    texts[found.answer], texts[other] = texts[other], texts[found.answer]
    return dataclasses.replace(found, options=tuple(texts))


@contextlib.contextmanager
def mutated(key: str, mutant: Question) -> Iterator[None]:
    """While inside, every helper here reads ``mutant`` for the question ``key``."""
    _MUTANTS[key] = mutant
    try:
        yield
    finally:
        del _MUTANTS[key]


def question(key: str) -> Question:
    """The shipped question ``set-id/question-id`` (or its mutant, inside ``mutated``)."""
    return _MUTANTS.get(key) or _shipped_question(key)


def _shipped_question(key: str) -> Question:
    set_id, _, question_id = key.partition("/")
    found = shipped_set(set_id).question(question_id)
    if found is None:
        raise KeyError(key)
    return found


def code_of(key: str) -> str:
    """The source of the shipped question's ``code:`` block."""
    code = question(key).code
    if code is None:
        raise AssertionError(f"{key} has no code block")
    return code.source


def option(key: str, letter: str) -> str:
    """The text of one option of the shipped question."""
    return question(key).options[ord(letter) - ord("A")]


def answer_letter(key: str) -> str:
    return question(key).answer_letter


def marked(key: str) -> str:
    """The text of the option the shipped question marks as right."""
    return option(key, answer_letter(key))


def only_the_answer_matches(key: str, observed: str) -> None:
    """The marked option says exactly what was observed, and no other option does."""
    matching = [letter for letter in question(key).letters if option(key, letter) == observed]
    assert matching == [answer_letter(key)], (key, observed)


def keyed_says(key: str, *observed: str) -> None:
    """The keyed option states what the check observed: its text holds every ``observed`` phrase
    (a status code, an exception name, an output the run produced), and no other option holds
    them all. A check calls this with the values it ran, so a swapped key turns it red."""
    assert observed, "name at least one observed phrase"
    found = question(key)
    saying = [
        letter
        for letter, text in zip(found.letters, found.options, strict=True)
        if all(phrase in text for phrase in observed)
    ]
    assert saying == [found.answer_letter], (key, observed, marked(key))


def refuted(key: str, claim: str) -> None:
    """Some distractor makes the definite claim ``claim``, which the check proved false: the
    keyed option does not say it."""
    found = question(key)
    pairs = zip(found.letters, found.options, strict=True)
    claiming = [letter for letter, text in pairs if claim in text]
    assert claiming, (key, claim)
    assert found.answer_letter not in claiming, (key, claim, marked(key))


def observed(key: str, *facts: object) -> None:
    """Record facts the check saw running the question's code (an exception's name, a count, a
    status code) that its explanations may state although no option states them."""
    _OBSERVED.setdefault(key, set()).update(str(fact) for fact in facts)


def observed_facts(key: str) -> set[str]:
    return set(_OBSERVED.get(key, ()))


def forget_observed(key: str) -> None:
    _OBSERVED.pop(key, None)


def letter_of(key: str, text: str) -> str:
    """The letter of the one option that is ``text``, or else starts with it, or else holds
    it: checks name options by what they say, so moving letters never breaks them."""
    found = question(key)
    pairs = list(zip(found.letters, found.options, strict=True))
    for matches in (
        lambda option_text: option_text == text,
        lambda option_text: option_text.startswith(text),
        lambda option_text: text in option_text,
    ):
        letters = [letter for letter, option_text in pairs if matches(option_text)]
        if len(letters) == 1:
            return letters[0]
    raise AssertionError(f"{key}: no single option says {text!r}")


def wrong_option_is(key: str, text: str) -> None:
    """Exactly one distractor is ``text`` (what the check ran gave for that wrong choice)."""
    found = question(key)
    saying = [letter for letter in found.letters if option(key, letter) == text]
    assert len(saying) == 1, (key, text)
    assert saying != [found.answer_letter], (key, text)


def solution_says(key: str, *phrases: str) -> None:
    """The solution's steps or quick check state each phrase (a result the check produced)."""
    solution = question(key).solution
    steps = [step.text for step in solution.steps] if solution else []
    text = " ".join(" ".join([*steps, (solution.quick_check or "") if solution else ""]).split())
    missing = [phrase for phrase in phrases if phrase not in text]
    assert missing == [], (key, missing)


def solution_fix(key: str, fragment: str) -> str:
    """The code fragment the solution gives as the fix, as written there: the check runs
    exactly what the solution says (and ``solution_says`` the result it produced)."""
    solution_says(key, fragment)
    return fragment
