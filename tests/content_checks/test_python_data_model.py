"""Checks of the python-data-model set: every snippet runs for real, as a __main__ script."""

from __future__ import annotations

import re

from tests.content_checks.proving import PROVEN, proves
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    keyed_says,
    marked,
    observed,
    only_the_answer_matches,
    option,
    question,
    refuted,
    shipped_set,
    solution_fix,
)
from tests.content_checks.snippets import output_is_the_answer, run_as_main

SET = "python-data-model"


@proves(f"{SET}/default-equality")
def test_default_equality_is_identity() -> None:
    key = f"{SET}/default-equality"
    ran = run_as_main(
        "class Plain:\n    def __init__(self, x):\n        self.x = x\n\n"
        "a, b = Plain(1), Plain(1)\n"
        "print(a == a, a == b, type(a) is type(b), object.__eq__(a, b))\n"
    )
    # C: only the same object is equal; A, B: the class and equal attributes are not
    # enough; D: no TypeError. The solution: object.__eq__ returns NotImplemented for others.
    assert ran.error is None
    assert ran.output == "True False True NotImplemented\n"
    keyed_says(key, "Only when a and b are the very same object")
    refuted(key, "raises TypeError")
    refuted(key, "When all of their attributes are equal")


@proves(f"{SET}/str-falls-back-to-repr")
def test_str_falls_back_to_repr() -> None:
    key = f"{SET}/str-falls-back-to-repr"
    ran = output_is_the_answer(key, "\n")
    assert "object at 0x" not in ran.output  # B


@proves(f"{SET}/container-uses-repr")
def test_a_list_shows_the_repr_of_its_items() -> None:
    key = f"{SET}/container-uses-repr"
    ran = run_as_main(code_of(key))
    first, second = ran.output.splitlines()
    assert first == "#py"
    item = r"<__main__\.Tag object at 0x[0-9a-fA-F]+>"
    assert re.fullmatch(rf"\[{item}, {item}\]", second)
    addresses = re.sub(r"0x[0-9a-fA-F]+", "0x...", second)
    only_the_answer_matches(key, addresses)
    # The solution's fix: a __repr__ makes the list readable.
    fixed = code_of(key).replace(
        "    def __str__",
        '    def __repr__(self):\n        return f"Tag({self.name!r})"\n\n    def __str__',
    )
    assert run_as_main(fixed).output.splitlines()[1] == "[Tag('py'), Tag('web')]"


@proves(f"{SET}/bool-falls-back-to-len")
def test_truth_testing_falls_back_to_len() -> None:
    key = f"{SET}/bool-falls-back-to-len"
    output_is_the_answer(key, "\n")  # D


@proves(f"{SET}/eq-removes-hash")
def test_defining_eq_removes_the_inherited_hash() -> None:
    key = f"{SET}/eq-removes-hash"
    ran = run_as_main(code_of(key))
    assert ran.output == "True\n"  # not D
    assert isinstance(ran.error, TypeError)
    assert str(ran.error) == "unhashable type: 'Point'"
    assert ran.namespace["Point"].__hash__ is None
    assert option(key, answer_letter(key)) == (
        "It prints True, then raises TypeError: unhashable type: 'Point'."
    )
    # The solution's fix: a __hash__ over the same fields gives a set of one Point.
    fixed = code_of(key).replace(
        "\nprint(Point(1, 2) ==",
        "    def __hash__(self):\n        return hash((self.x, self.y))\n\nprint(Point(1, 2) ==",
    )
    fixed_run = run_as_main(fixed.replace("print({Point", "print(len({Point").replace("})", "}))"))
    assert fixed_run.output == "True\n1\n"


@proves(f"{SET}/dataclass-hashable")
def test_only_a_frozen_dataclass_is_a_usable_key() -> None:
    key = f"{SET}/dataclass-hashable"
    outcomes = {}
    for letter in question(key).letters:
        ran = run_as_main(code_of(key).replace("???", option(key, letter)))
        text = option(key, letter)
        outcomes[text] = ran.output if ran.error is None else type(ran.error).__name__
    assert outcomes == {
        "@dataclass": "TypeError",
        "@dataclass(order=True)": "TypeError",
        "@dataclass(eq=False)": "KeyError",
        "@dataclass(frozen=True)": "coffee\n",
    }
    assert outcomes[marked(key)] == "coffee\n"  # only the key gives a usable key
    observed(key, "TypeError", "KeyError")


@proves(f"{SET}/property-without-setter")
def test_a_property_without_setter_is_read_only() -> None:
    key = f"{SET}/property-without-setter"
    ran = run_as_main(code_of(key))
    assert ran.output == "212.0\n"
    assert isinstance(ran.error, AttributeError)
    assert str(ran.error) == "property 'fahrenheit' of 'Temperature' object has no setter"
    t = ran.namespace["t"]
    # B, C, D: nothing was stored and the value did not change.
    assert "fahrenheit" not in vars(t)
    assert t.fahrenheit == 212.0
    keyed_says(key, f"raises {type(ran.error).__name__}", "has no setter")
    refuted(key, "stays 212.0")


@proves(f"{SET}/mutated-hash-key")
def test_mutating_a_hashed_field_loses_the_element() -> None:
    key = f"{SET}/mutated-hash-key"
    ran = output_is_the_answer(key, "\n")
    # The solution: the same single object is still in the set.
    seen, k = ran.namespace["seen"], ran.namespace["k"]
    assert any(member is k for member in seen)


@proves(f"{SET}/getitem-iteration")
def test_getitem_makes_a_class_iterable_and_searchable() -> None:
    key = f"{SET}/getitem-iteration"
    ran = output_is_the_answer(key, "\n")  # A, B
    assert not hasattr(ran.namespace["Squares"], "__iter__")
    assert not hasattr(ran.namespace["Squares"], "__contains__")


@proves(f"{SET}/sum-without-radd")
def test_sum_starts_from_zero_and_needs_radd() -> None:
    key = f"{SET}/sum-without-radd"
    ran = run_as_main(code_of(key))
    assert ran.output == "3\n"  # A, D: the second print never runs
    assert isinstance(ran.error, TypeError)  # not B's AttributeError
    assert str(ran.error) == "unsupported operand type(s) for +: 'int' and 'Cents'"
    assert option(key, answer_letter(key)) == f"It prints 3, then raises TypeError: {ran.error}."
    # The solution's first fix: an explicit start value.
    fix = solution_fix(key, "sum(items, Cents(0))")
    names = {"Cents": ran.namespace["Cents"], "items": [ran.namespace["Cents"](n) for n in (1, 2)]}
    assert eval(fix, names).n == 3


@proves(f"{SET}/slots-and-subclass")
def test_a_subclass_without_slots_gets_a_dict() -> None:
    key = f"{SET}/slots-and-subclass"
    ran = output_is_the_answer(key, "\n")  # B
    assert ran.namespace["c"].x == 1
    # The solution: __slots__ = () in the subclass keeps it dict-free.
    slotted = run_as_main(code_of(key).replace("    pass", "    __slots__ = ()"))
    assert isinstance(slotted.error, AttributeError)


@proves(f"{SET}/eq-notimplemented")
def test_eq_falls_back_to_the_reflected_method_then_identity() -> None:
    key = f"{SET}/eq-notimplemented"
    output_is_the_answer(key)
    # C's TypeError is what an ordering operator does.
    ordered = run_as_main(
        code_of(key).replace("__eq__", "__lt__").replace("A() == B()", "A() < B()")
    )
    assert isinstance(ordered.error, TypeError)


@proves(f"{SET}/descriptor-precedence")
def test_data_descriptors_beat_the_instance_dict() -> None:
    key = f"{SET}/descriptor-precedence"
    output_is_the_answer(key, "\n")


@proves(f"{SET}/special-method-lookup")
def test_len_looks_up_len_on_the_type() -> None:
    key = f"{SET}/special-method-lookup"
    output_is_the_answer(key, "\n")  # D


def test_every_question_of_the_set_has_a_check() -> None:
    ids = {q.id for q in shipped_set(SET).questions}
    assert {f"{SET}/{qid}" for qid in ids} <= PROVEN
