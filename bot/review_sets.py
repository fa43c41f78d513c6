"""The question set a ``/review`` session plays: the member's due questions, from any sets."""

from __future__ import annotations

from dataclasses import replace

from content.model import Mode, Question, QuestionSet

REVIEW_SET_ID = "review"
"""The id a review session is saved under; never a valid set id of its own (see ``source``)."""
_SEPARATOR = "/"


def review_set(picks: list[tuple[str, Question]], title: str) -> QuestionSet:
    """Return a set of the picked questions, each id written ``set-id/question-id``.

    Set and question ids never hold a ``/``, so the composite ids are unique and reversible.
    """
    questions = tuple(
        replace(question, id=f"{set_id}{_SEPARATOR}{question.id}", modes=frozenset(Mode))
        for set_id, question in picks
    )
    return QuestionSet(id=REVIEW_SET_ID, title=title, questions=questions)


def source(question_id: str) -> tuple[str, str]:
    """Return the set id and question id a review question came from."""
    set_id, _, original = question_id.partition(_SEPARATOR)
    return set_id, original
