"""What a question's explanations may state: only what its check saw or its texts claim.

The explanations are the solution's steps, its quick check, the hint, the takeaway, the common
mistakes and the feedback. Their definite facts are the exception names and the numbers they
state (outputs, status codes, counts). Two rules hold for every proven question, checked at
the end of its check (conftest.py), and for every cited one (test_proven_or_cited.py):

1. The solution names the key's facts: every exception and number the keyed option states
   appears in the solution's steps or quick check (the key is proven; so is what repeats it).
2. Nothing is stated from nowhere: every exception and status code (a number from 100 to 599;
   other numbers are the explanation's arithmetic) in an explanation appears in
   the question's own texts (prompt, context, code, options: claims a check proved true or
   false) or among the facts the check observed (``shipped.observed``). Versions named as
   "Python 3.11", "Django 4.1", "PEP 479" are documented facts and are left out.

``planted_errors`` shows both rules catch a planted false explanation: a fact from nowhere in
the solution or in a feedback, or the key's facts changed in the solution.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable

from content.model import Question, Solution, SolutionStep

EXCEPTION = re.compile(
    r"\b[A-Z][A-Za-z]*(?:Error|Exception|Warning|DoesNotExist|Operation|Returned|Configured"
    r"|Exit|Iteration|Mismatch)\b"
)
NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?(?!\w|\.\d)")
STATUS = re.compile(r"(?<![\w.])[1-5]\d\d(?!\w|\.\d)")
VERSION = re.compile(r"\b(?:Python|Django|PEP|Channels|asgiref|pytest)\s+\d+(?:\.\d+)*")

PLANTED = "FloatingPointError"
"""An exception no shipped question is about: planting it must be caught."""


def facts(text: str) -> set[str]:
    """The exception names and numbers ``text`` states (documented versions left out)."""
    text = VERSION.sub(" ", text)
    return set(EXCEPTION.findall(text)) | set(NUMBER.findall(text))


def claims(text: str) -> set[str]:
    """The exception names and status-code-like numbers ``text`` states: the facts an
    explanation may not state from nowhere (other numbers are its arithmetic)."""
    text = VERSION.sub(" ", text)
    return set(EXCEPTION.findall(text)) | set(STATUS.findall(text))


def solution_text(question: Question) -> str:
    solution = question.solution or Solution()
    return "\n".join([*(step.text for step in solution.steps), solution.quick_check or ""])


def explanation_texts(question: Question) -> list[str]:
    return [
        solution_text(question),
        question.hint or "",
        question.takeaway or "",
        *question.common_mistakes,
        *(text for text in question.feedback if text),
    ]


def own_texts(question: Question) -> str:
    code = question.code.source if question.code else ""
    return "\n".join([question.prompt, question.context or "", code, *question.options])


def explanation_errors(question: Question, observed: Iterable[str] = ()) -> list[str]:
    """What breaks the two rules (empty when the explanations hold)."""
    errors = []
    missing = facts(question.options[question.answer]) - facts(solution_text(question))
    if missing:
        errors.append(f"the solution never states the key's {sorted(missing)}")
    backed = facts(own_texts(question)) | set(observed)
    for text in explanation_texts(question):
        unbacked = claims(text) - backed
        if unbacked:
            errors.append(f"{sorted(unbacked)} stated from nowhere in: {text[:80]!r}")
    return errors


def _with_first_step(question: Question, text: str) -> Question:
    solution = question.solution or Solution()
    steps = list(solution.steps) or [SolutionStep("Step", "")]
    steps[0] = dataclasses.replace(steps[0], text=text)
    return dataclasses.replace(question, solution=dataclasses.replace(solution, steps=tuple(steps)))


def planted_errors(question: Question) -> dict[str, Question]:
    """Copies of ``question`` with a false explanation planted, by what was planted."""
    solution = question.solution or Solution()
    first = solution.steps[0].text if solution.steps else ""
    plants = {
        "a fact from nowhere in the solution": _with_first_step(
            question, f"{first} Running it raises {PLANTED}."
        )
    }
    wrong = [index for index, text in enumerate(question.feedback) if text]
    if wrong:
        feedback = list(question.feedback)
        feedback[wrong[0]] = f"{feedback[wrong[0]]} It raises {PLANTED} instead."
        plants["a fact from nowhere in a feedback"] = dataclasses.replace(
            question, feedback=tuple(feedback)
        )
    keyed = facts(question.options[question.answer])
    if keyed:
        changed = question
        for fact in keyed:
            other = PLANTED if EXCEPTION.fullmatch(fact) else str(int(float(fact)) + 7)
            changed = _swap_in_solution(changed, fact, other)
        plants["the key's facts changed in the solution"] = changed
    return plants


def _swap_in_solution(question: Question, fact: str, other: str) -> Question:
    pattern = re.compile(rf"(?<![\w.]){re.escape(fact)}(?!\w|\.\d)")
    solution = question.solution or Solution()
    steps = tuple(
        dataclasses.replace(step, text=pattern.sub(other, step.text)) for step in solution.steps
    )
    quick = pattern.sub(other, solution.quick_check) if solution.quick_check else None
    return dataclasses.replace(
        question, solution=dataclasses.replace(solution, steps=steps, quick_check=quick)
    )
