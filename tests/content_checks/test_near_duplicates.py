"""Near-duplicate questions of one set never land in the same test."""

from __future__ import annotations

import pytest

from bot.engine import questions_for
from content.model import Mode
from tests.content_checks.shipped import shipped_set

NEAR_DUPLICATES = [
    ("asgi-vs-wsgi", "main-difference", "wsgi-vs-asgi-basics"),
    ("asgi-vs-wsgi", "asgi-declaration", "asgi-py-application"),
]


@pytest.mark.parametrize(("set_id", "first", "second"), NEAR_DUPLICATES)
def test_a_test_never_offers_both_of_a_near_duplicate_pair(
    set_id: str, first: str, second: str
) -> None:
    qset = shipped_set(set_id)
    offered = {question.id for question in qset.for_mode(Mode.TEST)}
    assert {first, second} - offered, f"both {first} and {second} are offered in tests"
    for seed in range(200):
        picked = {question.id for question in questions_for(qset, Mode.TEST, seed=seed)}
        assert not {first, second} <= picked, seed
