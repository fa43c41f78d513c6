"""No shipped set gives its answers away, and every set speaks the one difficulty scale.

- The keyed option is not the tell: it is strictly the longest option in at most 5 of every 12
  questions of a set (5 of 12 or 14, as the issue measured it).
- Answer letters are spread: with n questions, every letter A-D is keyed between n//4 - 1 and
  n//4 + 2 times.
- Difficulty: shipped files use only the words of the scale (easy, medium, hard, expert), so at
  most four, and never a word the scale shows under another name.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

from content.model import SCALE, QuestionSet
from tests.content_checks.shipped import shipped_sets

LONGEST_PER_12 = 5


def keyed_is_longest(qset: QuestionSet) -> list[str]:
    """Ids of the questions whose keyed option is strictly longer than every other option."""
    return [
        q.id
        for q in qset.questions
        if all(
            len(q.options[q.answer]) > len(text)
            for index, text in enumerate(q.options)
            if index != q.answer
        )
    ]


@pytest.mark.parametrize("set_id", sorted(shipped_sets()))
def test_the_keyed_option_is_rarely_the_longest(set_id: str) -> None:
    qset = shipped_sets()[set_id]
    longest = keyed_is_longest(qset)
    allowed = LONGEST_PER_12 * len(qset.questions) // 12
    assert len(longest) <= allowed, (len(longest), allowed, longest)


@pytest.mark.parametrize("set_id", sorted(shipped_sets()))
def test_answer_letters_are_spread(set_id: str) -> None:
    qset = shipped_sets()[set_id]
    counts = Counter(q.answer_letter for q in qset.questions)
    share = len(qset.questions) // 4
    assert all(share - 1 <= counts[letter] <= share + 2 for letter in "ABCD"), counts


@pytest.mark.parametrize("set_id", sorted(shipped_sets()))
def test_shipped_sets_speak_the_one_scale(set_id: str) -> None:
    used = {q.difficulty for q in shipped_sets()[set_id].questions}
    assert used <= set(SCALE), sorted(used - set(SCALE))


def test_the_measure_sees_a_keyed_longest_option() -> None:
    qset = shipped_sets()["python-asyncio"]
    question = qset.questions[0]
    padded = list(question.options)
    padded[question.answer] = "x" * (max(len(text) for text in padded) + 1)

    changed = replace(qset, questions=(replace(question, options=tuple(padded)),))
    assert keyed_is_longest(changed) == [question.id]
