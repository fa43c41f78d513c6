"""The GIFT scanner: blank-line blocks without comments, then characters with escapes resolved.

Each character keeps its source position and whether it is an unescaped control character
(``~ = # { } :``), so the reader can split answers and point errors at the right column.
"""

from __future__ import annotations

from typing import NamedTuple

from content.importers._source import Position

CONTROL = frozenset("~=#{}:")


class Token(NamedTuple):
    char: str
    control: bool
    """An unescaped ``~ = # { } :``."""
    at: Position


Run = list[Token]


def blocks(text: str) -> list[list[tuple[int, str]]]:
    """Return the questions' lines, numbered, split at blank lines, without comment lines."""
    blocks: list[list[tuple[int, str]]] = [[]]
    for number, line in enumerate(text.split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            if blocks[-1]:
                blocks.append([])
        elif not stripped.startswith("//"):
            blocks[-1].append((number, line))
    return [block for block in blocks if block]


def scan(lines: list[tuple[int, str]]) -> Run:
    """Return the characters of trimmed lines joined by line breaks, escapes resolved."""
    tokens: Run = []
    append = tokens.append
    for index, (number, line) in enumerate(lines):
        stripped = line.strip()
        column = len(line) - len(line.lstrip()) + 1
        if index:
            append(Token("\n", False, Position(number, 1)))
        if "\\" not in stripped:
            tokens.extend(
                Token(char, char in CONTROL, Position(number, column + offset))
                for offset, char in enumerate(stripped)
            )
            continue
        offset, end = 0, len(stripped)
        while offset < end:
            char = stripped[offset]
            following = stripped[offset + 1] if offset + 1 < end else ""
            at = Position(number, column + offset)
            if char == "\\" and (following in CONTROL or following == "\\"):
                append(Token(following, False, at))
                offset += 2
            elif char == "\\" and following == "n":
                append(Token("\n", False, at))
                offset += 2
            else:
                append(Token(char, char in CONTROL, at))
                offset += 1
    return tokens


def strip(run: Run) -> Run:
    start, end = 0, len(run)
    while start < end and not run[start].control and run[start].char.isspace():
        start += 1
    while end > start and not run[end - 1].control and run[end - 1].char.isspace():
        end -= 1
    return run[start:end]


def find(run: Run, char: str, start: int = 0) -> int:
    """Return the index of the first unescaped ``char`` from ``start``, or -1."""
    for index in range(start, len(run)):
        if run[index].control and run[index].char == char:
            return index
    return -1


def plain(run: Run) -> str:
    return "".join(token.char for token in run)
