"""Checks of the python-iterators-generators set: every snippet runs for real."""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from itertools import zip_longest
from types import GeneratorType

import pytest

from tests.content_checks.proving import PROVEN, proves
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    observed,
    option,
    question,
    shipped_set,
    wrong_option_is,
)
from tests.content_checks.snippets import output_is_the_answer, run_as_main

SET = "python-iterators-generators"


@proves(f"{SET}/generator-exhaustion")
def test_a_generator_is_single_use() -> None:
    output_is_the_answer(f"{SET}/generator-exhaustion")


class CountingIterable:
    """An iterable that counts how many items were pulled from it."""

    def __init__(self, items: list[int]) -> None:
        self.items = items
        self.pulled = 0

    def __iter__(self) -> Iterator[int]:
        for item in self.items:
            self.pulled += 1
            yield item


@proves(f"{SET}/lazy-syntax")
def test_only_the_generator_expression_is_lazy() -> None:
    key = f"{SET}/lazy-syntax"
    pulled = {}
    for letter in question(key).letters:
        data = CountingIterable([1, 2, 3])
        made = eval(option(key, letter), {"data": data})
        pulled[letter] = data.pulled
        if letter == answer_letter(key):
            assert isinstance(made, GeneratorType)
            assert list(made) == [1, 4, 9]
    assert pulled == {letter: 0 if letter == answer_letter(key) else 3 for letter in pulled}


@proves(f"{SET}/generator-body-waits")
def test_a_generator_body_runs_only_on_next() -> None:
    ran = output_is_the_answer(f"{SET}/generator-body-waits")
    # The solution: a second next() would print "end".
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        assert next(ran.namespace["g"], None) is None
    assert printed.getvalue() == "end\n"


@proves(f"{SET}/iterable-vs-iterator")
def test_range_is_reusable_and_map_is_one_shot() -> None:
    ran = output_is_the_answer(f"{SET}/iterable-vs-iterator", " / ")
    assert iter(ran.namespace["m"]) is ran.namespace["m"]
    assert iter(ran.namespace["r"]) is not ran.namespace["r"]


@proves(f"{SET}/yield-from-return")
def test_yield_from_evaluates_to_the_return_value() -> None:
    key = f"{SET}/yield-from-return"
    ran = output_is_the_answer(key)
    # The solution: iterating inner() directly gives only the yielded values; its return
    # value travels in the StopIteration that ends it.
    assert list(ran.namespace["inner"]()) == [1, 2]
    inner = ran.namespace["inner"]()
    next(inner), next(inner)
    with pytest.raises(StopIteration) as stop:
        next(inner)
    assert stop.value.value is not None
    observed(key, "StopIteration")


@proves(f"{SET}/send-running-total")
def test_send_resumes_the_yield_with_a_value() -> None:
    key = f"{SET}/send-running-total"
    output_is_the_answer(key)
    # D's error is real, but only without the priming next().
    unprimed = run_as_main(code_of(key).replace("print(next(acc), ", "print("))
    assert isinstance(unprimed.error, TypeError)
    wrong_option_is(key, f"TypeError: {unprimed.error}")


@proves(f"{SET}/groupby-unsorted")
def test_groupby_groups_only_adjacent_items() -> None:
    key = f"{SET}/groupby-unsorted"
    output_is_the_answer(key)
    # The solution's fix: sorting first gives one group per key, which is option A.
    fixed = run_as_main(code_of(key).replace("groupby(words,", "groupby(sorted(words),"))
    wrong_option_is(key, fixed.output.rstrip("\n"))


@proves(f"{SET}/zip-drops-an-item")
def test_zip_loses_the_item_it_pulled_before_stopping() -> None:
    key = f"{SET}/zip-drops-an-item"
    output_is_the_answer(key)
    # Padding with None (C) is zip_longest's behaviour, not zip's.
    padded = list(zip_longest(iter([1, 2, 3, 4, 5]), "ab"))
    assert padded[2] == (3, None)
    # The takeaway's strict=True reports the length mismatch instead.
    strict = run_as_main(code_of(key).replace('"ab")', '"ab", strict=True)'))
    assert isinstance(strict.error, ValueError)


@proves(f"{SET}/shared-iterator-nested-loop")
def test_nested_loops_over_one_iterator_share_its_position() -> None:
    key = f"{SET}/shared-iterator-nested-loop"
    output_is_the_answer(key, " / ")
    # A: a range (an iterable) would give all 16 pairs.
    independent = run_as_main(code_of(key).replace("iter(range(4))", "range(4)"))
    assert len(independent.output.splitlines()) == 16


@proves(f"{SET}/stopiteration-inside-generator")
def test_stopiteration_escaping_a_generator_becomes_runtimeerror() -> None:
    key = f"{SET}/stopiteration-inside-generator"
    ran = run_as_main(code_of(key))
    assert ran.output == ""  # A, B
    assert type(ran.error) is RuntimeError  # C
    assert f"It raises RuntimeError: {ran.error}." == option(key, answer_letter(key))
    assert isinstance(ran.error.__cause__, StopIteration)
    fixed = run_as_main(code_of(key).replace("yield next(it)\n\n", "yield next(it, None)\n\n"))
    assert fixed.output == "[1, None]\n"


@proves(f"{SET}/genexp-binding-time")
def test_a_generator_expression_evaluates_only_its_first_iterable_at_once() -> None:
    output_is_the_answer(f"{SET}/genexp-binding-time")


@proves(f"{SET}/close-runs-finally")
def test_close_runs_finally_and_finishes_the_generator() -> None:
    key = f"{SET}/close-runs-finally"
    output_is_the_answer(key)
    # The solution: RuntimeError only when the generator yields again while closing.
    stubborn = run_as_main(
        "def stubborn():\n    try:\n        yield 1\n    except GeneratorExit:\n"
        "        yield 2\n\ng = stubborn()\nnext(g)\ng.close()\n"
    )
    assert isinstance(stubborn.error, RuntimeError)
    assert str(stubborn.error) == "generator ignored GeneratorExit"
    observed(key, "GeneratorExit")


@proves(f"{SET}/generator-states")
def test_generator_states_from_outside() -> None:
    key = f"{SET}/generator-states"
    ran = output_is_the_answer(key)
    exhausted = ran.namespace["gen"]()
    next(exhausted)
    with pytest.raises(StopIteration):  # what next(g, None) turns into None
        next(exhausted)
    observed(key, "StopIteration")
    # The solution: GEN_RUNNING is seen only from inside the generator.
    inside = run_as_main(
        "import inspect\n\ndef gen():\n    yield inspect.getgeneratorstate(g)\n\n"
        "g = gen()\nprint(next(g))\n"
    )
    assert inside.output == "GEN_RUNNING\n"


@proves(f"{SET}/groupby-stale-groups")
def test_saved_groupby_groups_are_empty() -> None:
    key = f"{SET}/groupby-stale-groups"
    output_is_the_answer(key)
    fixed = run_as_main(
        "from itertools import groupby\nprint({k: list(g) for k, g in groupby('aabbb')})"
    )
    wrong_option_is(key, fixed.output.rstrip("\n"))


def test_every_question_of_the_set_has_a_check() -> None:
    ids = {q.id for q in shipped_set(SET).questions}
    assert {f"{SET}/{qid}" for qid in ids} <= PROVEN
