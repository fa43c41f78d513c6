"""``quiz-tutor validate PATH...``: check set files and folders, one line per problem."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TextIO

from content._sets import ReadSet
from content.errors import FILE_LEVEL, SetError, printable
from content.importers import convert_file, is_import_file
from content.loader import (
    SetFileError,
    SetIdRegistry,
    find_set_files,
    read_limited,
    read_set_file,
)
from content.model import SCALE, Mode, QuestionSet
from i18n import _


def run_validate(paths: list[str], out: TextIO) -> int:
    """Validate the set files and folders in ``paths``; return 0 if all are valid, else 1."""
    registry = SetIdRegistry()
    valid_sets = 0
    failed_files = 0
    error_count = 0
    for target in _targets(paths):
        if isinstance(target, SetError):
            failure: SetFileError | None = SetFileError([target])
        else:
            filename, path = target
            try:
                read, converted_from = _read(path, filename)
            except SetFileError as error:
                failure = error
            else:
                duplicate = registry.claim(read, filename)
                failure = None if duplicate is None else SetFileError([duplicate])
        if failure is not None:
            failed_files += 1
            error_count += failure.total
            # str() writes control characters from the file as escapes, never as themselves.
            print(failure, file=out)
        else:
            valid_sets += 1
            print(summary(read.question_set), file=out)
            if converted_from is not None:
                print(_converted_note(filename, converted_from), file=out)
    print(_totals(valid_sets, failed_files, error_count), file=out)
    return 1 if failed_files else 0


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
            found = find_set_files(path)
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
