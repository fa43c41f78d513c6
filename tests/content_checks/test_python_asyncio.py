"""Checks of the python-asyncio set: every snippet runs for real on a virtual clock."""

from __future__ import annotations

import asyncio
import gc
import warnings

import pytest

from tests.content_checks.proving import proves
from tests.content_checks.shipped import (
    answer_letter,
    code_of,
    keyed_says,
    letter_of,
    observed,
    only_the_answer_matches,
    option,
    question,
    refuted,
    solution_fix,
    solution_says,
)
from tests.content_checks.virtual_time import Deadlock, VirtualClock, run_script

SET = "python-asyncio"


def printed(output: str) -> str:
    """The printed lines as the options write them: "a, b, c"."""
    return ", ".join(output.splitlines())


@proves(f"{SET}/coroutine-not-awaited")
def test_calling_a_coroutine_function_only_creates_a_coroutine() -> None:
    key = f"{SET}/coroutine-not-awaited"
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        output = run_script(code_of(key))
        gc.collect()
    only_the_answer_matches(key, printed(output))
    assert any("coroutine 'greet' was never awaited" in str(w.message) for w in caught)
    assert {w.category for w in caught} == {RuntimeWarning}
    observed(key, "RuntimeWarning")


@proves(f"{SET}/asyncio-run-entry")
def test_asyncio_run_takes_the_coroutine_main_returns() -> None:
    key = f"{SET}/asyncio-run-entry"
    script = "import asyncio\n\nasync def main():\n    print('ran')\n    return 42\n\n"
    assert option(key, answer_letter(key)) == "asyncio.run(main())"
    assert run_script(script + "print(asyncio.run(main()))\n") == "ran\n42\n"
    # A: main() alone creates a coroutine and never runs its body.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        assert run_script(script + option(key, letter_of(key, "main()")) + "\n") == ""
    # B: await at the top level of a normal script is a SyntaxError.
    with pytest.raises(SyntaxError, match="outside function"):
        compile(script + option(key, letter_of(key, "await main()")) + "\n", "script.py", "exec")
    # C: asyncio.run wants a coroutine, not the function (the real asyncio.run, no shim).
    assert option(key, letter_of(key, "asyncio.run(main)")) == "asyncio.run(main)"

    async def main() -> None:
        raise AssertionError("never runs")

    with pytest.raises((ValueError, TypeError), match="coroutine was expected") as raised:
        asyncio.run(main)  # type: ignore[arg-type]
    observed(key, "SyntaxError", type(raised.value).__name__)


@proves(f"{SET}/sequential-then-gather")
def test_sequential_awaits_add_up_and_gather_overlaps() -> None:
    key = f"{SET}/sequential-then-gather"
    clock = VirtualClock()
    output = run_script(code_of(key), clock)
    only_the_answer_matches(key, printed(output))
    assert clock.now == pytest.approx(3.0)


@proves(f"{SET}/task-vs-coroutine")
def test_a_task_runs_at_the_next_yield_and_a_coroutine_when_awaited() -> None:
    key = f"{SET}/task-vs-coroutine"
    only_the_answer_matches(key, printed(run_script(code_of(key))))


@proves(f"{SET}/gather-result-order")
def test_gather_returns_results_in_argument_order() -> None:
    key = f"{SET}/gather-result-order"
    only_the_answer_matches(key, printed(run_script(code_of(key))))


@proves(f"{SET}/blocking-sleep")
def test_time_sleep_blocks_the_loop_and_asyncio_sleep_does_not() -> None:
    key = f"{SET}/blocking-sleep"
    source = code_of(key)
    clock = VirtualClock()
    assert run_script(source, clock) == "2\n"
    assert clock.now == pytest.approx(2.0)  # C: really 2 seconds, not 1.5 rounded up
    solution_says(key, f"The real time is about {clock.now:.0f} s")
    fixed = source.replace("time.sleep(1)", solution_fix(key, "await asyncio.sleep(1)"))
    assert run_script(fixed) == "1\n"  # B's fix
    # A and D: tasks do not help while the blocking call stays.
    as_tasks = source.replace(
        "asyncio.gather(fetch(1), fetch(2))",
        "asyncio.gather(asyncio.create_task(fetch(1)), asyncio.create_task(fetch(2)))",
    )
    assert as_tasks != source
    assert run_script(as_tasks) == "2\n"
    keyed_says(key, "time.sleep blocks the event loop", "await asyncio.sleep(1)")
    refuted(key, "the real time is about 1 second")


@proves(f"{SET}/wait-for-cancels")
def test_wait_for_cancels_the_inner_task_before_raising_timeout() -> None:
    key = f"{SET}/wait-for-cancels"
    only_the_answer_matches(key, printed(run_script(code_of(key))))
    assert asyncio.TimeoutError is TimeoutError


@proves(f"{SET}/semaphore-limit")
def test_a_semaphore_of_two_runs_five_jobs_in_three_rounds() -> None:
    key = f"{SET}/semaphore-limit"
    only_the_answer_matches(key, printed(run_script(code_of(key))))


@proves(f"{SET}/queue-task-done")
def test_join_waits_for_task_done_not_for_an_empty_queue() -> None:
    key = f"{SET}/queue-task-done"
    source = code_of(key)
    assert run_script(source) == "[0, 2, 4]\n"
    without_task_done = source.replace("        q.task_done()\n", "")
    assert without_task_done != source
    with pytest.raises(Deadlock):  # D: main waits at q.join() forever
        run_script(without_task_done)
    keyed_says(key, "never finishes", "waits at q.join() forever")
    refuted(key, "It still prints [0, 2, 4]")
    refuted(key, "It prints []")

    async def too_many_task_done() -> None:
        queue: asyncio.Queue[int] = asyncio.Queue()
        queue.put_nowait(1)
        await queue.get()
        queue.task_done()
        queue.task_done()

    with pytest.raises(ValueError, match="too many times"):  # C's error is the opposite case
        asyncio.run(too_many_task_done())


@proves(f"{SET}/cancel-swallowed")
def test_a_swallowed_cancellation_completes_the_task_normally() -> None:
    key = f"{SET}/cancel-swallowed"
    source = code_of(key)
    first, second = run_script(source).splitlines()
    only_the_answer_matches(key, f"{first}, then {second}")
    re_raised = source.replace('return "swallowed"', "raise")
    with pytest.raises(asyncio.CancelledError):  # C happens only when the error propagates
        run_script(re_raised)


@proves(f"{SET}/async-generator-consume")
def test_an_async_generator_is_consumed_with_async_for() -> None:
    key = f"{SET}/async-generator-consume"
    source = code_of(key) + "\nasyncio.run(main())\n"
    for letter in question(key).letters:
        filled = source.replace("???", option(key, letter))
        if letter == answer_letter(key):
            assert run_script(filled) == "[3, 2, 1]\n"
        else:
            with pytest.raises(TypeError, match="async_generator"):
                run_script(filled)
            observed(key, "TypeError")


@proves(f"{SET}/task-interleaving")
def test_tasks_interleave_in_fifo_order_at_each_sleep_zero() -> None:
    key = f"{SET}/task-interleaving"
    only_the_answer_matches(key, printed(run_script(code_of(key))))
