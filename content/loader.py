"""Load question-set files into QuestionSets, or report every problem they have.

A set file is parsed into YAML nodes (never constructed into objects), then walked key by key
against the format of CONTRACT.md section 5. Any problem, anywhere in the file, means the file
loads nothing: ``SetFileError`` carries all of them, sorted by position.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Callable
from pathlib import Path

from content._compose import Mapping, Scalar
from content._parse import paused_gc, read_document, too_big_message
from content._sets import ReadSet, SetReader
from content.budget import Budget, OutOfTime, budget_clock
from content.errors import FILE_LEVEL, ErrorList, SetError, SetFileError
from content.limits import MAX_FILE_BYTES
from content.model import QuestionSet
from i18n import N_, _, format_number, ngettext

Clock = Callable[[], float]

__all__ = [
    "MAX_FILE_BYTES",
    "SET_FILE_SUFFIXES",
    "SetError",
    "SetFileError",
    "SetIdRegistry",
    "find_set_files",
    "load_directory",
    "load_directory_files",
    "load_set_bytes",
    "load_set_file",
    "load_set_text",
    "read_set_file",
    "read_set_text",
]

SET_FILE_SUFFIXES = (".yaml", ".yml")
TRANSLATIONS_FOLDER = "translations"
"""The folder of a set folder that holds translations, as ``<set id>.<locale>.yaml`` files."""


def load_set_text(
    data: bytes | str,
    filename: str,
    *,
    deadline: float | None = None,
    clock: Clock = budget_clock,
) -> QuestionSet:
    """Return the set in ``data``; raise SetFileError naming ``filename`` if it has problems.

    With a ``deadline`` (a time on ``clock``), a file still not checked by then is refused
    with one sentence; the check looks at the clock every few thousand nodes.
    """
    return read_set_text(data, filename, deadline=deadline, clock=clock).question_set


def load_set_bytes(
    data: bytes,
    filename: str,
    *,
    deadline: float | None = None,
    clock: Clock = budget_clock,
) -> QuestionSet:
    """Return the set in an uploaded file's bytes; meant to run in a worker thread.

    The same as ``load_set_text``; ``content.offload.UploadChecker`` runs it in a worker process.
    """
    return load_set_text(data, filename, deadline=deadline, clock=clock)


def load_set_file(path: Path, *, seconds: float | None = None) -> QuestionSet:
    """Return the set in the file at ``path``; raise SetFileError if it has problems."""
    return read_set_file(path, seconds=seconds).question_set


def read_set_text(
    data: bytes | str,
    filename: str,
    *,
    deadline: float | None = None,
    clock: Clock = budget_clock,
) -> ReadSet:
    """Return the set in ``data`` with the position of its id."""
    errors = ErrorList(filename)
    budget = None if deadline is None else Budget(deadline, clock)
    try:
        with paused_gc():
            root = read_document(data, errors, budget)
            if root is not None and is_translation_root(root):
                errors.add(1, 1, "", _(_TRANSLATION_NOT_SET))
                root = None
            read = SetReader(errors, budget).read(root) if root is not None else None
            del root  # free the node tree before the collector resumes and would walk it
    except OutOfTime:
        assert budget is not None
        raise SetFileError([SetError(filename, 1, 1, FILE_LEVEL, budget.refusal())]) from None
    if read is None or len(errors):
        raise errors.failure()
    return read


_TRANSLATION_NOT_SET = N_(
    "this file is a translation (it has translation_of), not a set; shipped translations go "
    "in the translations folder, and /sets load and quiz-tutor validate take them as they are"
)


def is_translation_root(root: Mapping) -> bool:
    """Tell whether a file's top-level mapping is a translation's (has ``translation_of``)."""
    return any(type(key) is Scalar and key.value == "translation_of" for key, _ in root.value)


def read_set_file(
    path: Path, filename: str | None = None, *, seconds: float | None = None
) -> ReadSet:
    """Return the set in the file at ``path``, reading at most one byte over the size limit.

    Only regular files are read: a FIFO would block and a device never end. The size is
    checked before reading, and the reading stops past the limit whatever the size said.
    ``seconds`` is the time budget of the check, if any.
    """
    name = str(path) if filename is None else filename
    data = read_limited(path, name)
    deadline = None if seconds is None else budget_clock() + seconds
    return read_set_text(data, name, deadline=deadline)


def read_limited(path: Path, name: str) -> bytes:
    """Return a regular file's bytes, or raise SetFileError if it is too big or not one."""
    try:
        # Non-blocking, so that a FIFO swapped in after the check cannot hang the open.
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):
                raise SetFileError([SetError(name, 1, 1, FILE_LEVEL, not_a_file_message(status))])
            if status.st_size > MAX_FILE_BYTES:
                message = too_big_message(status.st_size)
                raise SetFileError([SetError(name, 1, 1, FILE_LEVEL, message)])
            chunks: list[bytes] = []
            left = MAX_FILE_BYTES + 1
            while left > 0:
                chunk = os.read(descriptor, min(left, 1 << 16))
                if not chunk:
                    break
                chunks.append(chunk)
                left -= len(chunk)
        finally:
            os.close(descriptor)
    except OSError as error:
        reason = error.strerror or str(error)
        raise SetFileError(
            [SetError(name, 1, 1, FILE_LEVEL, _("cannot read the file: {reason}", reason=reason))]
        ) from None
    if left <= 0:
        message = too_big_message(None)
        raise SetFileError([SetError(name, 1, 1, FILE_LEVEL, message)])
    return b"".join(chunks)


def not_a_file_message(status: os.stat_result) -> str:
    """Return the sentence refusing a path that is not a regular file."""
    mode = status.st_mode
    if stat.S_ISDIR(mode):
        return _("this is a folder, not a set file; give a .yaml file or a folder of them")
    if stat.S_ISFIFO(mode):
        return _("this is a pipe (FIFO), not a set file; give a .yaml file or a folder of them")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return _("this is a device, not a set file; give a .yaml file or a folder of them")
    if stat.S_ISSOCK(mode):
        return _("this is a socket, not a set file; give a .yaml file or a folder of them")
    return _("this is not a regular file, not a set file; give a .yaml file or a folder of them")


def listed(error: SetFileError) -> list[SetError]:
    """Return a file's errors as lines to show, the count of those not listed last."""
    lines = list(error.errors)
    if error.more and lines:
        last = lines[-1]
        more = ngettext(
            "and {count} more error",
            "and {count} more errors",
            error.more,
            count=format_number(error.more),
        )
        lines.append(SetError(last.file, last.line, last.column, FILE_LEVEL, more))
    return lines


def find_set_files(folder: Path) -> list[Path]:
    """Return every *.yaml and *.yml file under ``folder``, sorted by path.

    The ``translations`` folder right inside ``folder`` holds translations, not sets: it is
    left out (``content.translations`` reads it).
    """
    found = []
    for directory, subfolders, names in os.walk(folder):
        if Path(directory) == Path(folder) and TRANSLATIONS_FOLDER in subfolders:
            subfolders.remove(TRANSLATIONS_FOLDER)
        found.extend(Path(directory, name) for name in names if name.endswith(SET_FILE_SUFFIXES))
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
            _(
                "set id '{set_id}' is already used by {file}; each set needs its own id",
                set_id=set_id,
                file=first,
            ),
        )


def load_directory(path: Path) -> tuple[list[QuestionSet], list[SetError]]:
    """Return the valid sets under ``path`` and the problems of every other set file."""
    files, errors = load_directory_files(path)
    return list(files.values()), errors


def load_directory_files(
    path: Path, *, seconds_per_file: float | None = None
) -> tuple[dict[Path, QuestionSet], list[SetError]]:
    """Return each valid set under ``path`` by its file, and the problems of every other file.

    ``seconds_per_file`` is the time budget of each file's check, if any.
    """
    if not path.is_dir():
        return {}, [SetError(str(path), 1, 1, FILE_LEVEL, _("no such folder"))]
    sets: dict[Path, QuestionSet] = {}
    errors: list[SetError] = []
    registry = SetIdRegistry()
    for file in find_set_files(path):
        filename = str(file)
        try:
            read = read_set_file(file, filename, seconds=seconds_per_file)
        except SetFileError as error:
            errors.extend(listed(error))
            continue
        duplicate = registry.claim(read, filename)
        if duplicate is not None:
            errors.append(duplicate)
            continue
        sets[file] = read.question_set
    return sets, errors
