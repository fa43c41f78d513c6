"""No shipped set asks the same thing twice.

Two questions without code whose prompts and keyed options share most of their words ask the
same thing (the measure flagged asgi-vs-wsgi's old main-difference / wsgi-vs-asgi-basics pair
at 0.47). Questions with code are told apart by their code, so they are left out.
"""

from __future__ import annotations

import itertools
import re

import pytest

from content.model import Question
from tests.content_checks.shipped import shipped_sets

SIMILAR = 0.4
"""Share of words (Jaccard) from which two questions without code count as near duplicates."""

COMMON = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "in",
        "to",
        "is",
        "and",
        "what",
        "which",
        "this",
        "does",
        "it",
        "for",
        "with",
        "when",
        "from",
    ]
)


def words(question: Question) -> set[str]:
    text = f"{question.prompt} {question.options[question.answer]}".lower()
    return set(re.findall(r"[a-z_]+", text)) - COMMON


def similarity(first: Question, second: Question) -> float:
    a, b = words(first), words(second)
    return len(a & b) / len(a | b)


@pytest.mark.parametrize("set_id", sorted(shipped_sets()))
def test_no_two_questions_without_code_ask_the_same_thing(set_id: str) -> None:
    plain = [q for q in shipped_sets()[set_id].questions if q.code is None]
    pairs = [
        (round(similarity(a, b), 2), a.id, b.id)
        for a, b in itertools.combinations(plain, 2)
        if similarity(a, b) >= SIMILAR
    ]
    assert pairs == []


def test_the_measure_flags_a_reworded_question() -> None:
    qset = shipped_sets()["asgi-vs-wsgi"]
    original = qset.question("main-difference")
    assert original is not None
    reworded = Question(
        id="copy",
        prompt="What is the main difference between WSGI and ASGI in Django?",
        options=("ASGI supports asynchronous and real-time features, WSGI synchronous requests",),
        answer=0,
    )
    assert similarity(original, reworded) >= SIMILAR
