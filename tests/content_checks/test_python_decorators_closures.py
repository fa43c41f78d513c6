"""Checks of the python-decorators-closures set: every snippet runs for real."""

from __future__ import annotations

from tests.content_checks.proving import PROVEN, proves
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    keyed_says,
    letter_of,
    marked,
    observed,
    option,
    refuted,
    shipped_set,
    solution_fix,
    solution_says,
    wrong_option_is,
)
from tests.content_checks.snippets import output_is_the_answer, run_as_main

SET = "python-decorators-closures"


@proves(f"{SET}/decorator-runs-at-definition")
def test_a_decorator_runs_when_the_function_is_defined() -> None:
    key = f"{SET}/decorator-runs-at-definition"
    called = run_as_main(code_of(key).replace("    pass", "    print('called')"))
    assert "called" not in called.output  # nothing calls a or b
    output_is_the_answer(key)


@proves(f"{SET}/nonlocal-keyword")
def test_only_nonlocal_rebinds_the_enclosing_variable() -> None:
    key = f"{SET}/nonlocal-keyword"

    def script(declaration: str) -> str:
        return (
            "count = 100\n\ndef outer():\n    count = 0\n\n    def inner():\n"
            f"        {declaration}\n        count = count + 1\n\n"
            "    inner()\n    return count\n\nprint(outer(), count)\n"
        )

    assert run_as_main(script(marked(key))).output == "1 100\n"
    assert (
        run_as_main(script(option(key, letter_of(key, "global count")))).output == "0 101\n"
    )  # the module's count changed
    assert isinstance(
        run_as_main(script(option(key, letter_of(key, "static count")))).error, SyntaxError
    )
    observed(key, "SyntaxError")
    assert isinstance(run_as_main(script("pass")).error, UnboundLocalError)  # D


@proves(f"{SET}/missing-nonlocal")
def test_assigning_makes_a_name_local() -> None:
    key = f"{SET}/missing-nonlocal"
    compile(code_of(key), "<snippet>", "exec")  # D: it compiles
    ran = run_as_main(code_of(key))
    assert ran.output == ""  # A, C
    assert type(ran.error) is UnboundLocalError
    assert str(ran.error) == (
        "cannot access local variable 'count' where it is not associated with a value"
    )
    keyed_says(key, f"raises {type(ran.error).__name__} when counter() is called")
    refuted(key, "It prints 1")
    refuted(key, "SyntaxError before anything runs")
    fixed = run_as_main(
        code_of(key).replace(
            "count += 1", solution_fix(key, "nonlocal count") + "\n        count += 1"
        )
        + "\nprint(counter(), counter())\n"
    )
    assert fixed.output == "1\n2 3\n"
    solution_says(key, "each call prints 1, 2, 3")


@proves(f"{SET}/mutable-default")
def test_a_mutable_default_is_shared_between_calls() -> None:
    key = f"{SET}/mutable-default"
    ran = output_is_the_answer(key)
    assert ran.namespace["add_item"].__defaults__ == (["a", "b"],)


@proves(f"{SET}/missing-wraps")
def test_without_wraps_the_wrapper_metadata_shows() -> None:
    key = f"{SET}/missing-wraps"
    output_is_the_answer(key)
    # The solution's fix restores the name and docstring, which is option B.
    fixed = run_as_main(
        "import functools\n"
        + code_of(key).replace(
            "    def wrapper", f"    {solution_fix(key, '@functools.wraps(func)')}\n    def wrapper"
        )
    )
    wrong_option_is(key, fixed.output.rstrip("\n"))
    assert fixed.namespace["add"].__wrapped__(2, 3) == 5


@proves(f"{SET}/decorator-factory-without-call")
def test_a_factory_used_without_parentheses_binds_the_name_to_decorate() -> None:
    key = f"{SET}/decorator-factory-without-call"
    ran = run_as_main(code_of(key))
    assert ran.output == ""  # A
    assert isinstance(ran.error, TypeError)  # D
    assert f"The call hello() raises TypeError: {ran.error}." == option(key, answer_letter(key))
    assert ran.namespace["hello"].__name__ == "decorate"
    fixed = run_as_main(code_of(key).replace("@repeat\n", solution_fix(key, "@repeat(3)") + "\n"))
    assert fixed.output == "hi\nhi\nhi\n"
    # B's message is what range() says about a function, which is never reached here.
    wrong_option_is(key, f"The call hello() raises TypeError: {_range_of_a_function()}.")


def _range_of_a_function() -> str:
    ran = run_as_main("def hello():\n    pass\n\nrange(hello)\n")
    assert isinstance(ran.error, TypeError)
    return str(ran.error)


@proves(f"{SET}/class-as-decorator")
def test_a_class_with_call_is_a_stateful_decorator() -> None:
    key = f"{SET}/class-as-decorator"
    ran = output_is_the_answer(key)
    greet = ran.namespace["greet"]
    assert greet("cy") == "hi cy"
    assert not hasattr(greet, "__name__")
    assert not hasattr(type(greet), "__get__")
    # B: without __call__ the instance is not callable.
    uncallable = run_as_main(code_of(key).replace("def __call__", "def call"))
    assert isinstance(uncallable.error, TypeError)
    wrong_option_is(key, f"TypeError: {uncallable.error}")


@proves(f"{SET}/loop-closures")
def test_closures_in_a_loop_see_the_final_value() -> None:
    key = f"{SET}/loop-closures"
    output_is_the_answer(key)
    fix = solution_fix(key, "lambda x, n=n: x * n")
    fixed = run_as_main(code_of(key).replace("lambda x: x * n", fix))
    wrong_option_is(key, fixed.output.rstrip("\n"))


@proves(f"{SET}/stacking-order")
def test_decorators_apply_bottom_up_and_run_top_down() -> None:
    output_is_the_answer(f"{SET}/stacking-order", " / ")


@proves(f"{SET}/recursion-through-wrapper")
def test_recursive_calls_go_through_the_wrapper() -> None:
    key = f"{SET}/recursion-through-wrapper"
    ran = output_is_the_answer(key)
    fib = ran.namespace["fib"]
    counts = []
    for n in range(5):
        fib.calls = 0
        fib(n)
        counts.append(fib.calls)
    assert counts == [1, 1, 3, 5, 9]  # the solution's table


@proves(f"{SET}/wraps-and-signature")
def test_wraps_sets_wrapped_and_signature_follows_it() -> None:
    key = f"{SET}/wraps-and-signature"
    output_is_the_answer(key)
    # A: the wrapper's own signature, seen only when inspect does not follow __wrapped__.
    unfollowed = run_as_main(
        code_of(key).replace(
            "inspect.signature(add)", "inspect.signature(add, follow_wrapped=False)"
        )
    )
    wrong_option_is(key, unfollowed.output.rstrip("\n"))


@proves(f"{SET}/nonlocal-without-binding")
def test_nonlocal_without_an_enclosing_binding_does_not_compile() -> None:
    key = f"{SET}/nonlocal-without-binding"
    ran = run_as_main(code_of(key))
    assert ran.output == ""  # B, C, D: not even "start"
    assert type(ran.error) is SyntaxError
    assert ran.error.msg == "no binding for nonlocal 'total' found"
    assert option(key, answer_letter(key)) == "It raises SyntaxError before printing anything."
    fix = solution_fix(key, "total = 0")
    fixed = run_as_main(code_of(key).replace("def outer():\n", f"def outer():\n    {fix}\n"))
    assert fixed.output == "start\n1\n"


@proves(f"{SET}/shared-closure-cell")
def test_closures_share_one_cell() -> None:
    output_is_the_answer(f"{SET}/shared-closure-cell")


@proves(f"{SET}/class-body-comprehension")
def test_a_comprehension_cannot_see_class_body_names() -> None:
    key = f"{SET}/class-body-comprehension"
    ran = run_as_main(code_of(key))
    assert ran.output == ""  # A, D
    assert type(ran.error) is NameError
    assert f"It raises NameError: {ran.error}." == option(key, answer_letter(key))
    # The solution: the outermost iterable is evaluated in the class body.
    iterable = run_as_main("class Config:\n    size = 3\n    values = [n for n in range(size)]\n")
    assert iterable.error is None
    assert iterable.namespace["Config"].values == [0, 1, 2]


def test_every_question_of_the_set_has_a_check() -> None:
    ids = {q.id for q in shipped_set(SET).questions}
    assert {f"{SET}/{qid}" for qid in ids} <= PROVEN
