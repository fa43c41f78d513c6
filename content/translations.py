"""Translations of question sets: files with ``translation_of:`` and ``language:`` (CONTRACT §5).

A translation holds the same question ids, option letters and answers as its set; only texts
differ. Each question gives at least its ``prompt`` and every option (its ``answer`` may be
left out; when given it must be the set's); a text it leaves out
(context, hint, solution, takeaway, common mistakes, feedback, code, the set's title...) is
shown as the set has it. Keys that are not texts (``id``, ``defaults``, a question's
``difficulty``, ``time_limit``...) may be copied from the set, with the set's values only.
Applying a translation gives a QuestionSet with the SAME ids and
answers, so sessions, scoring and statistics never see a difference.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from content._parse import paused_gc, read_document
from content._sets import ReadSet, SetReader
from content._translate import FindSet, ReadTranslation, TranslationReader
from content._translated import QuestionTexts, Translation, translate
from content.budget import Budget, OutOfTime, budget_clock
from content.errors import FILE_LEVEL, ErrorList, SetError, SetFileError
from content.loader import (
    SET_FILE_SUFFIXES,
    TRANSLATIONS_FOLDER,
    is_translation_root,
    listed,
    read_limited,
)
from content.model import QuestionSet
from i18n import _

__all__ = [
    "TRANSLATIONS_FOLDER",
    "QuestionTexts",
    "ReadTranslation",
    "Translation",
    "find_translation_files",
    "is_translation",
    "load_translations",
    "read_any_text",
    "read_translation_text",
    "translate",
]


def _no_set(_set_id: str) -> QuestionSet | None:
    return None


def read_any_text(
    data: bytes | str,
    filename: str,
    find_set: FindSet = _no_set,
    *,
    deadline: float | None = None,
) -> ReadSet | ReadTranslation:
    """Return the set or the translation in ``data``; raise SetFileError if it has problems.

    A file with a ``translation_of`` key is a translation, checked against
    ``find_set(<its set id>)``; any other file is a set. With a ``deadline`` (on
    ``budget_clock``), a file still not checked by then is refused with one sentence.
    """
    errors = ErrorList(filename)
    budget = None if deadline is None else Budget(deadline, budget_clock)
    try:
        with paused_gc():
            root = read_document(data, errors, budget)
            read: ReadSet | ReadTranslation | None = None
            if root is not None:
                if is_translation_root(root):
                    read = TranslationReader(errors, budget).read(root, find_set)
                else:
                    read = SetReader(errors, budget).read(root)
            del root
    except OutOfTime:
        assert budget is not None
        raise SetFileError([SetError(filename, 1, 1, FILE_LEVEL, budget.refusal())]) from None
    if read is None or len(errors):
        raise errors.failure()
    return read


def read_translation_text(
    data: bytes | str, filename: str, find_set: FindSet, *, deadline: float | None = None
) -> ReadTranslation:
    """Return the translation in ``data``; raise SetFileError if it has problems or is a set."""
    read = read_any_text(data, filename, find_set, deadline=deadline)
    if not isinstance(read, ReadTranslation):
        message = _(
            "this is a set, not a translation; a translation names its set in translation_of"
        )
        raise SetFileError([SetError(filename, 1, 1, FILE_LEVEL, message)])
    text = data if isinstance(data, str) else data.decode("utf-8")
    return replace(read, text=text.removeprefix("\ufeff"))


def is_translation(data: bytes | str) -> bool:
    """Tell cheaply whether a file's text looks like a translation (has ``translation_of:``).

    It runs in the bot's own process on an upload not yet checked: it searches the bytes as
    they are, so a file of millions of lines neither splits into a list nor holds the loop.
    """
    raw = data.encode("utf-8", "replace") if isinstance(data, str) else data
    raw = raw.removeprefix(b"\xef\xbb\xbf")
    key = b"translation_of:"
    return raw.startswith(key) or b"\n" + key in raw or b"\r" + key in raw


def find_translation_files(folder: Path) -> list[Path]:
    """Return every *.yaml and *.yml file in ``folder``'s translations folder, sorted."""
    found = Path(folder, TRANSLATIONS_FOLDER)
    if not found.is_dir():
        return []
    return sorted(
        Path(directory, name)
        for directory, _, names in os.walk(found)
        for name in names
        if name.endswith(SET_FILE_SUFFIXES)
    )


def load_translations(
    folder: Path, sets: dict[str, QuestionSet]
) -> tuple[list[ReadTranslation], list[SetError]]:
    """Return the valid translations in ``folder``'s translations folder, and the others' errors.

    A second translation of one set into one language is refused at its ``language``.
    """
    loaded: dict[tuple[str, str], str] = {}
    translations: list[ReadTranslation] = []
    errors: list[SetError] = []
    for file in find_translation_files(folder):
        filename = str(file)
        try:
            read = read_translation_text(read_limited(file, filename), filename, sets.get)
        except SetFileError as error:
            errors.extend(listed(error))
            continue
        key = (read.translation.set_id, read.translation.language)
        first = loaded.setdefault(key, filename)
        if first != filename:
            message = _(
                "set '{set_id}' is already translated into {language} by {file}",
                set_id=key[0],
                language=key[1],
                file=first,
            )
            errors.append(SetError(filename, 1, 1, FILE_LEVEL, message))
            continue
        translations.append(read)
    return translations, errors
