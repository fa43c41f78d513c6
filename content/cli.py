"""``quiz-tutor validate PATH...``: check set files and folders, one line per problem."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from content._sets import ReadSet
from content.errors import FILE_LEVEL, SetError, printable
from content.importers import convert_file, is_import_file
from content.loader import (
    SetFileError,
    SetIdRegistry,
    find_set_files,
    load_directory,
    read_limited,
    read_set_file,
    read_set_text,
)
from content.model import SCALE, Mode, QuestionSet
from content.translations import find_translation_files, is_translation, read_translation_text
from i18n import _

SHIPPED_SETS = Path(__file__).resolve().parent / "sets"
"""The sets shipped with quiz-tutor: where a translation's set is looked for last."""


def run_validate(paths: list[str], out: TextIO, shipped: Path = SHIPPED_SETS) -> int:
    """Validate the set files and folders in ``paths``; return 0 if all are valid, else 1.

    Translation files are checked after the sets, each against its set: found among the
    valid sets in ``paths``, else among the ``shipped`` sets.
    """
    registry = SetIdRegistry()
    tally = [0, 0, 0]  # valid files, failed files, errors
    found: dict[str, QuestionSet] = {}
    translations: list[tuple[str, bytes]] = []
    for target in _targets(paths):
        if isinstance(target, SetError):
            failure: SetFileError | None = SetFileError([target])
        else:
            filename, path = target
            try:
                if is_import_file(filename):
                    read, converted_from = _read(path, filename)
                else:
                    data = read_limited(path, filename)
                    if is_translation(data):
                        translations.append((filename, data))
                        continue
                    read, converted_from = read_set_text(data, filename), None
            except SetFileError as error:
                failure = error
            else:
                duplicate = registry.claim(read, filename)
                failure = None if duplicate is None else SetFileError([duplicate])
        if _report(failure, out, tally):
            found.setdefault(read.question_set.id, read.question_set)
            print(summary(read.question_set), file=out)
            if converted_from is not None:
                print(_converted_note(filename, converted_from), file=out)
    if translations:
        find = _set_finder(found, shipped)
        for filename, data in translations:
            try:
                translated = read_translation_text(data, filename, find)
            except SetFileError as error:
                _report(error, out, tally)
            else:
                _report(None, out, tally)
                print(translation_summary(translated.translated), file=out)
    print(_totals(tally[0], tally[1], tally[2]), file=out)
    return 1 if tally[1] else 0


def _report(failure: SetFileError | None, out: TextIO, tally: list[int]) -> bool:
    """Count a file, print its errors if any; return True when it is valid."""
    if failure is None:
        tally[0] += 1
        return True
    tally[1] += 1
    tally[2] += failure.total
    # str() writes control characters from the file as escapes, never as themselves.
    print(failure, file=out)
    return False


def _set_finder(
    found: dict[str, QuestionSet], shipped: Path
) -> Callable[[str], QuestionSet | None]:
    """Return a lookup of sets by id: those found first, then the shipped ones (read once)."""
    shipped_sets: dict[str, QuestionSet] | None = None

    def find(set_id: str) -> QuestionSet | None:
        nonlocal shipped_sets
        if set_id in found:
            return found[set_id]
        if shipped_sets is None:
            shipped_sets = {s.id: s for s in load_directory(shipped)[0]} if shipped.is_dir() else {}
        return shipped_sets.get(set_id)

    return find


def translation_summary(translated: QuestionSet) -> str:
    """Return the one-line summary of a valid translation."""
    count = len(translated.questions)
    return printable(
        f'ok  {translated.id}  {translated.language} translation "{translated.title}"  '
        f"{_plural(count, 'question')}"
    )


def _read(path: Path, filename: str) -> tuple[ReadSet, str | None]:
    """Read a YAML set file, or convert a GIFT, Aiken or CSV file as ``quiz-tutor import`` does.

    Return the set and the format it was converted from (None for YAML).
    """
    if not is_import_file(filename):
        return read_set_file(path, filename), None
    conversion = convert_file(filename, read_limited(path, filename))
    assert conversion.question_set is not None
    return ReadSet(conversion.question_set, 1, 1), conversion.source_format


def _converted_note(filename: str, source_format: str) -> str:
    return printable(
        _(
            "    converted from {format}: `quiz-tutor import {filename}` writes it as a YAML set",
            format=source_format,
            filename=filename,
        )
    )


def _targets(paths: list[str]) -> list[tuple[str, Path] | SetError]:
    """Return each set file to check with the name to show, or why a path has none."""
    targets: list[tuple[str, Path] | SetError] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = find_set_files(path) + find_translation_files(path)
            targets.extend((str(file), file) for file in found if _first_time(file, seen))
            if not found:
                targets.append(SetError(given, 1, 1, FILE_LEVEL, _EMPTY_FOLDER))
        elif path.exists():
            if _first_time(path, seen):
                targets.append((given, path))
        else:
            targets.append(SetError(given, 1, 1, FILE_LEVEL, "no such file or folder"))
    return targets


def _first_time(path: Path, seen: set[Path]) -> bool:
    """Tell whether ``path`` is met for the first time, so a file named twice is checked once."""
    resolved = path.resolve()
    if resolved in seen:
        return False
    seen.add(resolved)
    return True


_EMPTY_FOLDER = "the folder holds no set files (*.yaml or *.yml)"


def summary(question_set: QuestionSet) -> str:
    """Return the one-line summary of a valid set."""
    questions = question_set.questions
    modes = ", ".join(f"{mode} {len(question_set.for_mode(mode))}" for mode in Mode)
    counts = Counter(question.difficulty.level for question in questions)  # the one scale
    difficulties = ", ".join(f"{level} {counts[level]}" for level in SCALE if counts[level])
    return printable(
        f'ok  {question_set.id}  "{question_set.title}"  '
        f"{_plural(len(questions), 'question')} ({modes}; {difficulties})"
    )


def _totals(valid_sets: int, failed_files: int, error_count: int) -> str:
    line = f"{_plural(valid_sets, 'set')} valid"
    if failed_files:
        line += f", {_plural(failed_files, 'file')} with {_plural(error_count, 'error')}"
    return line


def _plural(count: int, noun: str) -> str:
    return f"{count:,} {noun}" if count == 1 else f"{count:,} {noun}s"
