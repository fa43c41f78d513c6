"""How a simulated classmate plans their answers to one question."""

from __future__ import annotations

import random

import pytest

from bot.cli import MAX_CLASSMATES
from bot.playground.classmates import NAMES, plan_answers


@pytest.mark.parametrize("seed", range(50))
def test_a_plan_keeps_to_the_rules_of_the_question(seed: int) -> None:
    rng = random.Random(seed)
    options, attempts, limit = rng.randint(2, 10), rng.randint(1, 4), 30.0
    answer = rng.randrange(options)
    plan = plan_answers(
        rng, options=options, answer=answer, attempts=attempts, time_limit=limit, accuracy=0.5
    )
    chosen = [step.option for step in plan]
    assert 1 <= len(plan) <= attempts
    assert len(set(chosen)) == len(chosen)  # never the same wrong letter twice
    assert answer not in chosen[:-1]  # a classmate stops once right
    times = [step.after for step in plan]
    assert times == sorted(times)
    assert times[0] > 0
    assert times[-1] < limit


def test_a_sure_classmate_is_right_first_and_an_unsure_one_uses_every_attempt() -> None:
    rng = random.Random(1)
    sure = plan_answers(rng, options=4, answer=2, attempts=3, time_limit=60, accuracy=1.0)
    assert [a.option for a in sure] == [2]
    wrong = plan_answers(rng, options=4, answer=2, attempts=2, time_limit=60, accuracy=0.0)
    assert len(wrong) == 2
    assert 2 not in [a.option for a in wrong]


def test_every_classmate_the_command_line_allows_has_a_name() -> None:
    assert len(set(NAMES)) >= MAX_CLASSMATES
