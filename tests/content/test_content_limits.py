"""The rendered-length functions count what the renderer shows."""

from __future__ import annotations

import pytest

from content.errors import SetFileError
from content.limits import (
    CODE_BLOCK_OVERHEAD,
    MISTAKE_OVERHEAD,
    OPTION_OVERHEAD,
    STEP_OVERHEAD,
    question_text_length,
    reveal_text_length,
)
from content.loader import load_set_text
from content.model import Code, Question, Solution, SolutionStep
from tests.bot.conftest import MINI_SET


def test_question_text_length_of_a_bare_question() -> None:
    question = Question(id="q", prompt="12345", options=("ab", "cde"), answer=1)
    assert question_text_length(question) == 5 + (2 + 8) + (3 + 8)
    assert reveal_text_length(question) == 3


def test_question_text_length_counts_context_code_and_options() -> None:
    question = Question(
        id="q",
        prompt="p" * 10,
        context="c" * 20,
        code=Code(language="python", source="s" * 30),
        options=("a" * 4, "b" * 5, "c" * 6),
        answer=0,
    )
    expected = 10 + 20 + (30 + 6 + CODE_BLOCK_OVERHEAD) + (4 + 5 + 6 + 3 * OPTION_OVERHEAD)
    assert question_text_length(question) == expected


def test_reveal_text_length_counts_answer_solution_takeaway_and_mistakes() -> None:
    question = Question(
        id="q",
        prompt="p",
        options=("a", "the answer"),
        answer=1,
        solution=Solution(
            steps=(SolutionStep("t" * 3, "x" * 40), SolutionStep("t" * 4, "x" * 50)),
            quick_check="q" * 7,
        ),
        takeaway="k" * 11,
        common_mistakes=("m" * 13, "m" * 17),
    )
    expected = (
        10
        + (3 + 40 + STEP_OVERHEAD)
        + (4 + 50 + STEP_OVERHEAD)
        + 7
        + 11
        + (13 + MISTAKE_OVERHEAD)
        + (17 + MISTAKE_OVERHEAD)
    )
    assert reveal_text_length(question) == expected


def test_overheads_are_the_documented_ones() -> None:
    assert (CODE_BLOCK_OVERHEAD, OPTION_OVERHEAD, STEP_OVERHEAD, MISTAKE_OVERHEAD) == (10, 8, 10, 4)


def test_a_step_within_its_written_limit_but_too_long_once_escaped_is_refused() -> None:
    """899 characters of dunder names take 1,499 once escaped: more than a field's 1,024."""
    dunders = "__a__ " * 150  # 899 characters written (YAML drops the last space)
    text = MINI_SET.replace("text: A is first, B is second.", f"text: '{dunders}'")
    with pytest.raises(SetFileError) as raised:
        load_set_text(text, "mini.yaml")
    message = str(raised.value)
    assert "solution.steps[0].text" in message
    assert "is 1,499 characters once rendered" in message
    assert "limit of 1,024" in message
    fits = MINI_SET.replace("text: A is first, B is second.", f"text: '{'__a__ ' * 100}'")
    assert load_set_text(fits, "mini.yaml").questions[0].solution is not None
