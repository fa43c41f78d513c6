"""Which shipped questions an executable check proves.

A check is a test that runs the code a question is about and asserts what the marked option,
the distractors and the solution claim. Decorate it with ``@proves("set-id/question-id")``
(several ids when one run proves several questions); ``test_every_code_question_is_proven``
fails for any shipped question with a ``code:`` block (or listed in ``NEEDS_PROOF``) that no
check proves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Check = TypeVar("Check", bound=Callable[..., object])

PROVEN: set[str] = set()
"""Every ``set-id/question-id`` some check in this folder proves."""


def proves(*question_keys: str) -> Callable[[Check], Check]:
    """Record that the decorated test proves these questions."""
    for key in question_keys:
        set_id, _, question_id = key.partition("/")
        if not set_id or not question_id:
            raise ValueError(f"expected 'set-id/question-id', not {key!r}")
        PROVEN.add(key)

    def mark(check: Check) -> Check:
        return check

    return mark
