"""The question set a ``/review`` session plays: the member's due questions, from any sets."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from content.model import Mode, Question, QuestionSet

if TYPE_CHECKING:
    from bot.library.catalog import Catalog

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


def localized(catalog: Catalog, guild_id: int, qset: QuestionSet, locale: str) -> QuestionSet:
    """Return a review set as shown in ``locale``: each question in its own set's translation
    there (CONTRACT §7), else as it is; ids, answers and limits stay the review set's."""
    picks: list[tuple[str, Question]] = []
    changed = False
    for question in qset.questions:
        set_id, original = source(question.id)
        base = catalog.get(guild_id, set_id)
        shown = catalog.localized(guild_id, base, locale).question(original) if base else None
        fits = shown is not None and (len(shown.options), shown.answer) == (
            len(question.options),
            question.answer,
        )
        if shown is None or base is None or not fits or shown is base.question(original):
            shown = replace(question, id=original)
        else:
            shown = replace(
                question, id=original, **{name: getattr(shown, name) for name in _TEXTS}
            )
            changed = True
        picks.append((set_id, shown))
    return review_set(picks, qset.title) if changed else qset


_TEXTS = (
    "prompt",
    "options",
    "context",
    "code",
    "hint",
    "solution",
    "takeaway",
    "common_mistakes",
    "feedback",
)
"""The texts of a question a translation gives; the rest stays the review question's own."""
