"""The form's change of a set, made where uploads are checked: read, change, write, validate.

Reading a stored set's YAML, writing it again and validating it is CPU work that grows with
the set (about half a second for 5,000 questions), so it runs in the upload workers
(``content.offload``), never on the event loop: each job here takes the stored YAML and
what the form changes, and returns the new YAML with its checked set (or its errors).
Nothing here imports discord.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from bot.authoring import document
from bot.authoring.form import PICKED, Built, FormText, apply_picks, build, question_id
from content.errors import SetFileError
from content.loader import load_set_text
from content.model import QuestionSet

__all__ = ["Change", "Changed", "change_set", "renamed", "without_question"]


@dataclass(frozen=True, slots=True)
class Change:
    """What a submitted form changes: a new question (``question_id`` None) or one of them."""

    typed: FormText
    question_id: str | None = None
    shown: FormText | None = None
    picked: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Changed:
    """The set with the form's question in it, as YAML, and what validating it found."""

    found: bool
    """False: the question changed is no longer in the set (nothing else is filled in)."""
    index: int = 0
    built: Built | None = None
    new_id: str | None = None
    own: dict[str, str] = field(default_factory=dict)
    set_defaults: tuple[int, int] = (0, 0)
    yaml_text: str = ""
    qset: QuestionSet | None = None
    error: SetFileError | None = None


def change_set(
    stored: str | None,
    set_id: str,
    title: str | None,
    change: Change,
    *,
    deadline: Any = None,
) -> Changed:
    """Return the set ``stored`` (None: a new set titled ``title``) with the form's question."""
    if stored is None:
        assert title is not None
        doc = document.new_document(set_id, title)
    else:
        doc = document.read(stored)
    listed = document.questions(doc)
    new_id = None
    if change.question_id is None:
        built = build(change.typed, original=None, shown=None)
        taken = {str(q.get("id", "")).strip() for q in listed}
        new_id = question_id(str(built.mapping.get("prompt") or ""), taken)  # not its code
        built.mapping = {"id": document.Word(new_id), **built.mapping}
        listed.append(built.mapping)
        index = len(listed) - 1
    else:
        found = document.find_question(doc, change.question_id)
        if found is None:
            return Changed(found=False)
        index = found
        built = build(change.typed, original=listed[index], shown=change.shown)
        listed[index] = built.mapping
    apply_picks(built.mapping, change.picked)
    own = {k: str(built.mapping[k]).strip() for k in PICKED if k in built.mapping}
    changed = Changed(True, index, built, new_id, own, document.set_defaults(doc))
    changed.yaml_text = document.dump(doc)
    try:
        changed.qset = load_set_text(changed.yaml_text, f"{set_id}.yaml", deadline=deadline)
    except SetFileError as error:
        error.__traceback__ = None
        changed.error = error
    return changed


def without_question(
    stored: str, set_id: str, question: str, *, deadline: Any = None
) -> tuple[str, QuestionSet] | None:
    """Return the set ``stored`` without ``question``, checked; None if it is not there or
    is the last one. Raise SetFileError if the rest does not load."""
    doc = document.read(stored)
    index = document.find_question(doc, question)
    listed = document.questions(doc)
    if index is None or len(listed) < 2:
        return None
    del listed[index]
    yaml_text = document.dump(doc)
    return yaml_text, load_set_text(yaml_text, f"{set_id}.yaml", deadline=deadline)


def renamed(source: str, new_id: str, *, deadline: Any = None) -> tuple[str, QuestionSet]:
    """Return the set ``source`` under the id ``new_id``, checked (SetFileError if not)."""
    doc = document.read(source)
    doc["id"] = document.Word(new_id)
    yaml_text = document.dump(doc)
    return yaml_text, load_set_text(yaml_text, f"{new_id}.yaml", deadline=deadline)
