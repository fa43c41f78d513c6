"""Errors found in set files, one per problem, each with the position it points at."""

from __future__ import annotations

from dataclasses import dataclass

FILE_LEVEL = "(file)"
"""The ``where`` of problems with the whole file rather than one key."""


@dataclass(frozen=True, slots=True)
class SetError:
    """One problem in a set file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.where}: {self.message}"


class SetFileError(Exception):
    """A set file that cannot be loaded, with every problem found in it."""

    def __init__(self, errors: tuple[SetError, ...] | list[SetError]) -> None:
        self.errors: tuple[SetError, ...] = tuple(errors)
        super().__init__(self.errors)

    def __str__(self) -> str:
        return "\n".join(str(error) for error in self.errors)


class ErrorList:
    """Collect the problems of one file as they are found, in any order."""

    __slots__ = ("_found", "filename")

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self._found: list[tuple[int, int, str, str]] = []

    def __len__(self) -> int:
        return len(self._found)

    def add(self, line: int, column: int, where: str, message: str) -> None:
        """Record a problem at a 1-based position; an empty ``where`` means the file."""
        self._found.append((line, column, where or FILE_LEVEL, message))

    def sorted(self) -> tuple[SetError, ...]:
        """Return the problems as errors, sorted by position."""
        ordered = sorted(self._found, key=lambda found: (found[0], found[1]))
        return tuple(SetError(self.filename, *found) for found in ordered)
