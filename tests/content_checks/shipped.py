"""The shipped question sets, as checks read them: a question, its code, its option texts."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from content.loader import load_directory_files, load_set_file
from content.model import Question, QuestionSet

SETS_FOLDER = Path(__file__).resolve().parents[2] / "content" / "sets"


@cache
def shipped_sets() -> dict[str, QuestionSet]:
    """Every set in content/sets, by id (the folder must load without errors)."""
    loaded, errors = load_directory_files(SETS_FOLDER)
    if errors:
        raise AssertionError("\n".join(str(error) for error in errors))
    return {qset.id: qset for qset in loaded.values()}


@cache
def shipped_set(set_id: str) -> QuestionSet:
    """The shipped set ``set_id``: its own file when named after it, so checks of one set do not
    depend on every other file being valid."""
    own_file = SETS_FOLDER / f"{set_id}.yaml"
    if own_file.is_file():
        qset = load_set_file(own_file)
        if qset.id == set_id:
            return qset
    return shipped_sets()[set_id]


def question(key: str) -> Question:
    """The shipped question ``set-id/question-id``."""
    set_id, _, question_id = key.partition("/")
    found = shipped_set(set_id).question(question_id)
    if found is None:
        raise KeyError(key)
    return found


def code_of(key: str) -> str:
    """The source of the shipped question's ``code:`` block."""
    code = question(key).code
    if code is None:
        raise AssertionError(f"{key} has no code block")
    return code.source


def option(key: str, letter: str) -> str:
    """The text of one option of the shipped question."""
    return question(key).options[ord(letter) - ord("A")]


def answer_letter(key: str) -> str:
    return question(key).answer_letter


def marked(key: str) -> str:
    """The text of the option the shipped question marks as right."""
    return option(key, answer_letter(key))


def only_the_answer_matches(key: str, observed: str) -> None:
    """The marked option says exactly what was observed, and no other option does."""
    matching = [letter for letter in question(key).letters if option(key, letter) == observed]
    assert matching == [answer_letter(key)], (key, observed)
