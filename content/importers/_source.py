"""What every importer shares: decoding a source file and collecting its errors by position."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import NamedTuple

from content.budget import Budget
from content.errors import FILE_LEVEL, SetError, SetFileError
from content.limits import ID_MAX
from i18n import _

_NOT_ID = re.compile(r"[^a-z0-9]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_BLANK_LINES = re.compile(r"\n{3,}")


class Position(NamedTuple):
    """A 1-based line and column in the source file."""

    line: int
    column: int


class SourceErrors:
    """The problems a reader found in one source file, in the order it found them.

    They are reported together with the validation errors of the questions that did read
    (see ``_build.build``), so a reader records a problem and goes on to the next question.
    """

    def __init__(self, filename: str) -> None:
        self.filename = filename
        self.found: list[SetError] = []

    def __len__(self) -> int:
        return len(self.found)

    def add(self, at: Position, where: str, message: str) -> None:
        self.found.append(SetError(self.filename, at.line, at.column, where, message))


def file_error(filename: str, message: str) -> SetFileError:
    """Return the error of a whole file, pointed at its first character."""
    return SetFileError([SetError(filename, 1, 1, FILE_LEVEL, message)])


def decode(data: bytes, filename: str) -> str:
    """Return the file's text without a BOM and with '\\n' line ends, or raise if not UTF-8."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        # lines end at \n, \r\n or a lone \r, as the text's lines are split after decoding
        before = data[: error.start]
        line_start = max(before.rfind(b"\n"), before.rfind(b"\r")) + 1
        line = before.count(b"\n") + before.count(b"\r") - before.count(b"\r\n") + 1
        column = len(data[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise SetFileError(
            [
                SetError(
                    filename,
                    line,
                    column,
                    FILE_LEVEL,
                    _(
                        "the file is not UTF-8 text: byte {byte} cannot be "
                        "decoded here; save the file with UTF-8 encoding (in a spreadsheet: "
                        "'CSV UTF-8')",
                        byte="0x" + format(data[error.start], "02X"),
                    ),
                )
            ]
        ) from None
    return text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def slug(text: str, limit: int = ID_MAX) -> str:
    """Return ``text`` as an id: lowercase ASCII letters, digits and '-', or '' if none is left."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return _NOT_ID.sub("-", ascii_text.lower()).strip("-")[:limit].strip("-")


def tidy(text: str) -> str:
    """Return a text as a set file keeps it: no control characters, no trailing blanks."""
    text = _CONTROL.sub("", text.replace("\t", " "))
    lines = [line.rstrip() for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


@dataclass(slots=True)
class ReadLimits:
    """How far a reader may go: ``most`` questions, until ``budget``'s deadline."""

    most: int | None = None
    budget: Budget | None = None

    def reached(self, drafted: int) -> bool:
        """Tell whether ``drafted`` questions are past ``most``; raise OutOfTime past the budget."""
        if self.budget is not None:
            self.budget.check()
        return self.most is not None and drafted > self.most
