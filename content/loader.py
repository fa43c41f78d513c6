"""Load question-set files into QuestionSets, or report every problem they have.

A set file is parsed into YAML nodes (never constructed into objects), then walked key by key
against the format of CONTRACT.md section 5. Any problem, anywhere in the file, means the file
loads nothing: ``SetFileError`` carries all of them, sorted by position.
"""

from __future__ import annotations

import os
from pathlib import Path

from content._parse import paused_gc, read_document, too_big_message
from content._sets import ReadSet, SetReader
from content.errors import FILE_LEVEL, ErrorList, SetError, SetFileError
from content.limits import MAX_FILE_BYTES
from content.model import QuestionSet

__all__ = [
    "MAX_FILE_BYTES",
    "SET_FILE_SUFFIXES",
    "SetError",
    "SetFileError",
    "SetIdRegistry",
    "find_set_files",
    "load_directory",
    "load_directory_files",
    "load_set_file",
    "load_set_text",
    "read_set_file",
    "read_set_text",
]

SET_FILE_SUFFIXES = (".yaml", ".yml")


def load_set_text(data: bytes | str, filename: str) -> QuestionSet:
    """Return the set in ``data``; raise SetFileError naming ``filename`` if it has problems."""
    return read_set_text(data, filename).question_set


def load_set_file(path: Path) -> QuestionSet:
    """Return the set in the file at ``path``; raise SetFileError if it has problems."""
    return read_set_file(path).question_set


def read_set_text(data: bytes | str, filename: str) -> ReadSet:
    """Return the set in ``data`` with the position of its id."""
    errors = ErrorList(filename)
    with paused_gc():
        root = read_document(data, errors)
        read = SetReader(errors).read(root) if root is not None else None
        del root  # free the node tree before the collector resumes and would walk it
    if read is None or len(errors):
        raise SetFileError(errors.sorted())
    return read


def read_set_file(path: Path, filename: str | None = None) -> ReadSet:
    """Return the set in the file at ``path``, checking its size before reading it."""
    name = str(path) if filename is None else filename
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise SetFileError([SetError(name, 1, 1, FILE_LEVEL, too_big_message(size))])
        data = path.read_bytes()
    except OSError as error:
        reason = error.strerror or str(error)
        raise SetFileError(
            [SetError(name, 1, 1, FILE_LEVEL, f"cannot read the file: {reason}")]
        ) from None
    return read_set_text(data, name)


def find_set_files(folder: Path) -> list[Path]:
    """Return every *.yaml and *.yml file under ``folder``, sorted by path."""
    found = [
        Path(directory, name)
        for directory, _, names in os.walk(folder)
        for name in names
        if name.endswith(SET_FILE_SUFFIXES)
    ]
    return sorted(found)


class SetIdRegistry:
    """Remember which file each set id came from, to refuse a second file with the same id."""

    def __init__(self) -> None:
        self._files: dict[str, str] = {}

    def claim(self, read: ReadSet, filename: str) -> SetError | None:
        """Record the set's id as used by ``filename``, or return the error if it already is."""
        set_id = read.question_set.id
        first = self._files.get(set_id)
        if first is None:
            self._files[set_id] = filename
            return None
        return SetError(
            filename,
            read.id_line,
            read.id_column,
            "id",
            f"set id '{set_id}' is already used by {first}; each set needs its own id",
        )


def load_directory(path: Path) -> tuple[list[QuestionSet], list[SetError]]:
    """Return the valid sets under ``path`` and the problems of every other set file."""
    files, errors = load_directory_files(path)
    return list(files.values()), errors


def load_directory_files(path: Path) -> tuple[dict[Path, QuestionSet], list[SetError]]:
    """Return each valid set under ``path`` by its file, and the problems of every other file."""
    if not path.is_dir():
        return {}, [SetError(str(path), 1, 1, FILE_LEVEL, "no such folder")]
    sets: dict[Path, QuestionSet] = {}
    errors: list[SetError] = []
    registry = SetIdRegistry()
    for file in find_set_files(path):
        filename = str(file)
        try:
            read = read_set_file(file, filename)
        except SetFileError as error:
            errors.extend(error.errors)
            continue
        duplicate = registry.claim(read, filename)
        if duplicate is not None:
            errors.append(duplicate)
            continue
        sets[file] = read.question_set
    return sets, errors
