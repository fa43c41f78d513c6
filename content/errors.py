"""Errors found in set files, one per problem, each with the position it points at."""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Final, Protocol

from i18n import format_number, ngettext

FILE_LEVEL = "(file)"
"""The ``where`` of problems with the whole file rather than one key."""

MAX_REPORTED_ERRORS: Final = 100
"""Errors listed per file; the rest are only counted ("and 349,313 more errors")."""
WHERE_MAX: Final = 100
MESSAGE_MAX: Final = 300
"""Longest ``where`` and message shown, so 100 errors stay a small report whatever the file."""
SHOWN_VALUE_MAX: Final = 40
"""Longest piece of the file's own text quoted in a message."""

_LINE_BREAK = re.compile(r"\r\n|\r|\n")


def printable(text: str) -> str:
    """Return ``text`` with every character a terminal would act on written as an escape.

    Control characters, line and paragraph separators and bidirectional marks in a set file
    must never reach a terminal or a report as themselves.
    """
    if text.isprintable():
        return text
    return "".join(
        character if character.isprintable() else _escape(character) for character in text
    )


def _escape(character: str) -> str:
    code = ord(character)
    if code <= 0xFF:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


def clip(text: str, limit: int) -> str:
    """Return ``text`` cut to at most ``limit`` characters, marked with '...' when cut."""
    return text if len(text) <= limit else text[: limit - 3] + "..."


def shown(text: str) -> str:
    """Return a piece of the file's text as a message quotes it: short and printable."""
    return printable(clip(text, SHOWN_VALUE_MAX))


@dataclass(frozen=True, slots=True)
class SetError:
    """One problem in a set file, at a 1-based line and column."""

    file: str
    line: int
    column: int
    where: str
    message: str

    def __str__(self) -> str:
        return printable(f"{self.file}:{self.line}:{self.column}: {self.where}: {self.message}")


class SetFileError(Exception):
    """A set file that cannot be loaded, with the problems found in it.

    ``errors`` lists at most ``MAX_REPORTED_ERRORS`` of them, the first by position;
    ``more`` counts the others and ``total`` all of them.
    """

    def __init__(self, errors: tuple[SetError, ...] | list[SetError], more: int = 0) -> None:
        self.errors: tuple[SetError, ...] = tuple(errors)
        self.more = more
        super().__init__(self.errors)

    @property
    def total(self) -> int:
        """Return how many problems the file has, listed or not."""
        return len(self.errors) + self.more

    def __str__(self) -> str:
        lines = [str(error) for error in self.errors]
        if self.more:
            file = self.errors[-1].file if self.errors else "(file)"
            more = ngettext(
                "{file}: and {count} more error",
                "{file}: and {count} more errors",
                self.more,
                file=file,
                count=format_number(self.more),
            )
            lines.append(printable(more))
        return "\n".join(lines)


class Mark(Protocol):
    """Where a YAML node or error starts: ``index`` counts characters from the file's start."""

    index: int


class LineTable:
    """Turn character offsets into the line and column an editor shows.

    Lines end at '\\n', '\\r\\n' or a lone '\\r' only: YAML also breaks lines at U+0085,
    U+2028 and U+2029, but editors and the file's own newlines do not count them.
    """

    __slots__ = ("_starts",)

    def __init__(self, text: str) -> None:
        self._starts = [0]
        self._starts.extend(match.end() for match in _LINE_BREAK.finditer(text))

    def offset(self, line: int, column: int) -> int:
        """Return the character offset of a 1-based line and column."""
        return self._starts[min(line, len(self._starts)) - 1] + column - 1

    def position(self, offset: int) -> tuple[int, int]:
        """Return the 1-based line and column of the character at ``offset``."""
        line = bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1

    def line(self, offset: int) -> int:
        """Return the 1-based line of the character at ``offset``."""
        return bisect_right(self._starts, offset)


class ErrorList:
    """Collect the problems of one file as they are found, in any order.

    Only the first ``MAX_REPORTED_ERRORS`` by position are kept (a bounded heap), so a file
    of a million mistakes costs as little memory as one of a hundred; all are counted.
    """

    __slots__ = ("_count", "_cutoff", "_kept", "_lines", "_text", "filename")

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self._count = 0
        # Negated positions and order, so the heap's top is the last error kept.
        self._kept: list[tuple[int, int, int, str, str]] = []
        self._text = ""
        self._lines: LineTable | None = None
        # Once the heap is full: the character offset of the last error kept, past which
        # every further error is only counted.
        self._cutoff: int | None = None

    def __len__(self) -> int:
        return self._count

    def read_positions_in(self, text: str) -> None:
        """Measure the marks given to ``at`` and ``line_of`` against ``text``."""
        self._text = text
        self._lines = None
        self._cutoff = None

    def position(self, mark: Mark) -> tuple[int, int]:
        """Return the 1-based line and column of a YAML mark in the text being read."""
        return self._table().position(mark.index)

    def line_of(self, mark: Mark) -> int:
        """Return the 1-based line of a YAML mark in the text being read."""
        return self._table().line(mark.index)

    def _table(self) -> LineTable:
        if self._lines is None:
            self._lines = LineTable(self._text)
        return self._lines

    def skip_unlisted(self, mark: Mark, count: int = 1) -> bool:
        """Count ``count`` errors at ``mark`` and return True if they would not be listed anyway.

        A caller asks before writing a costly message: past the first hundred errors of a
        file, almost every further one is only counted.
        """
        cutoff = self._cutoff
        if cutoff is None or mark.index < cutoff:
            return False
        self._count += count
        return True

    def at(self, mark: Mark, where: str, message: str) -> None:
        """Record a problem at a YAML mark of the text being read."""
        line, column = self.position(mark)
        self.add(line, column, where, message)

    def add(self, line: int, column: int, where: str, message: str) -> None:
        """Record a problem at a 1-based position; an empty ``where`` means the file."""
        self._count += 1
        entry = (-line, -column, -self._count, where, message)
        kept = self._kept
        if len(kept) < MAX_REPORTED_ERRORS:
            heapq.heappush(kept, entry)
        elif entry > kept[0]:
            heapq.heapreplace(kept, entry)
        else:
            return
        if len(kept) == MAX_REPORTED_ERRORS and self._text:
            last_line, last_column = -kept[0][0], -kept[0][1]
            self._cutoff = self._table().offset(last_line, last_column)

    def sorted(self) -> tuple[SetError, ...]:
        """Return the problems kept as errors, sorted by position."""
        ordered = sorted(self._kept, reverse=True)
        return tuple(
            SetError(
                self.filename,
                -line,
                -column,
                clip(where, WHERE_MAX) if where else FILE_LEVEL,
                clip(message, MESSAGE_MAX),
            )
            for line, column, _, where, message in ordered
        )

    def failure(self) -> SetFileError:
        """Return the exception carrying the problems kept and the count of the others."""
        kept = self.sorted()
        return SetFileError(kept, self._count - len(kept))
