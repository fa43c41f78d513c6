"""Every code fragment of the shipped explanations runs, states what running it gives, or is
marked as a fragment that does not run (fragments.py, fragment_runs.py, fragment_marks.py).

Planting a false output in a copy of a solution, quick check or feedback turns the check red:
``test_a_planted_false_output_is_caught`` does it for every stated outcome the check runs.
"""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest

from content.model import Question
from tests.content_checks.fragment_marks import registry_key, verdict
from tests.content_checks.fragment_registry import REGISTRY
from tests.content_checks.fragments import Fragment, Stated, fragments_in, fragments_of, with_stated
from tests.content_checks.shipped import question, shipped_set, shipped_sets

SETS = sorted(shipped_sets())
MIN_PLANTED = 20
"""At least this many of the stated outcomes that get a planted false value are run."""


@cache
def verdicts(set_id: str) -> tuple[tuple[Question, Fragment, str], ...]:
    """Every fragment of the set's explanations, with its question and its verdict."""
    return tuple(
        (found, fragment, verdict(fragment, found))
        for found in shipped_set(set_id).questions
        for fragment in fragments_of(f"{set_id}/{found.id}", found)
    )


@pytest.mark.parametrize("set_id", SETS)
def test_every_fragment_runs_states_its_output_or_is_marked(set_id: str) -> None:
    problems = [
        f"{fragment.key} {fragment.where}: {outcome}"
        for _, fragment, outcome in verdicts(set_id)
        if outcome.startswith(("wrong", "unmarked"))
    ]
    assert problems == []


def test_every_registry_entry_marks_a_fragment_only_it_accounts_for() -> None:
    needed = {
        (fragment.key, registry_key(fragment))
        for set_id in SETS
        for _, fragment, outcome in verdicts(set_id)
        if outcome == "registry"
    }
    assert sorted(set(REGISTRY) - needed) == []


def test_the_checks_a_registry_reason_names_exist() -> None:
    folder = Path(__file__).parent
    defined = {
        name
        for path in folder.glob("test_*.py")
        for name in re.findall(r"def (test_\w+)", path.read_text())
    }
    named = {
        name for reason in REGISTRY.values() for name in re.findall(r"test_\w+(?![\w.])", reason)
    }
    assert sorted(named - defined) == []


def false_value(stated: Stated) -> str:
    """A value other than the stated one, written as the texts write values."""
    if stated.exception:
        return "ValueError" if stated.exception != "ValueError" else "TypeError"
    value = stated.value
    if isinstance(value, bool):
        return repr(not value)
    if value is None:
        return "False"
    if isinstance(value, int | float):
        return repr(value + 1)
    if isinstance(value, str):
        return repr(value + "!")
    if isinstance(value, list | tuple) and len({repr(item) for item in value}) > 1:
        return repr(type(value)(reversed(value)))
    if isinstance(value, dict):
        return repr({**value, "planted": 0})
    return repr([value])


def stated_outcomes() -> list[tuple[Question, Fragment, str]]:
    """Every stated outcome of the shipped texts, with its verdict (``checked`` when the check
    ran it, ``registry`` when a registry entry names its value and its check), in a fixed order."""
    return sorted(
        (
            (found, fragment, outcome)
            for set_id in SETS
            for found, fragment, outcome in verdicts(set_id)
            if fragment.stated is not None
        ),
        key=lambda item: (item[1].key, item[1].where, item[1].source),
    )


def test_a_planted_false_output_is_caught() -> None:
    """Every stated outcome (at least MIN_PLANTED of them run by the check) gets a false value
    planted in a copy of its text: the check must call each copy wrong."""
    sample = stated_outcomes()
    assert {outcome for _, _, outcome in sample} == {"checked", "registry"}
    assert sum(outcome == "checked" for _, _, outcome in sample) >= MIN_PLANTED
    missed = []
    for found, fragment, _ in sample:
        assert fragment.stated is not None
        planted = false_value(fragment.stated)
        mutant = with_stated(found, fragment, planted)
        assert mutant != found, (fragment.key, fragment.source, planted)
        copies = [
            copy
            for copy in fragments_of(fragment.key, mutant)
            if copy.where == fragment.where
            and copy.source == fragment.source
            and copy.stated is not None
            and copy.stated.written == planted
        ]
        assert copies, (fragment.key, fragment.where, fragment.source, planted)
        if not verdict(copies[0], mutant).startswith("wrong"):
            missed.append((fragment.key, fragment.where, fragment.source, planted))
    assert missed == []


def _with_feedback(found: Question, extra: str) -> Question:
    feedback = list(found.feedback)
    index = next(index for index, text in enumerate(feedback) if text)
    feedback[index] = f"{feedback[index]} {extra}"
    return dataclasses.replace(found, feedback=tuple(feedback))


def test_a_planted_fragment_that_does_not_run_is_caught() -> None:
    key = "python-iterators-generators/send-running-total"
    mutant = _with_feedback(question(key), "Compare with undefined_helper(3, 4).")
    outcomes = [verdict(fragment, mutant) for fragment in fragments_of(key, mutant)]
    assert [outcome for outcome in outcomes if outcome.startswith("unmarked")] == [
        "unmarked: 'undefined_helper(3, 4)' (feedback B) [\"NameError: name 'undefined_helper' "
        'is not defined"]'
    ]


def test_a_planted_false_output_in_a_feedback_is_caught() -> None:
    key = "python-iterators-generators/send-running-total"
    mutant = _with_feedback(question(key), "Then acc.send(1) returns 99.")
    outcomes = [verdict(fragment, mutant) for fragment in fragments_of(key, mutant)]
    assert [outcome for outcome in outcomes if outcome.startswith("wrong")] == [
        "wrong: acc.send(1) is 99, ran: ['16']"
    ]


def test_the_collector_reads_calls_spans_blocks_and_stated_outcomes() -> None:
    text = (
        "next(g) returns 2, so list(x) gives [1, 2] and `a == b` is True. "
        "Calling f() raises StopIteration, (n * n for n in data) is lazy.\n"
        "```python\nprint(1)\n```"
    )
    found = {source: stated for source, stated, _ in fragments_in(text)}
    assert found == {
        "print(1)": None,
        "a == b": Stated("is", "True"),
        "(n * n for n in data)": None,
        "next(g)": Stated("is", "2"),
        "list(x)": Stated("is", "[1, 2]"),
        "f()": Stated("raises", "StopIteration"),
    }
