"""CSV as spreadsheets save it: a header row naming the columns, then one question per row.

The reader is a small RFC 4180 parser that remembers where each cell starts, so an error can
name the cell's line and column even when a quoted cell spans several lines. The delimiter is
a comma, unless the header only makes sense split at ';' or a tab (spreadsheets set to a
language that writes decimal commas save ';'), or an Excel ``sep=`` line names it.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from typing import NamedTuple

from content.importers._build import Draft, DraftSet, set_names
from content.importers._source import Position, ReadLimits, SourceErrors, tidy
from content.model import OPTION_LETTERS
from i18n import _

OPTION_COLUMNS = tuple(OPTION_LETTERS)
COLUMNS = (
    "id",
    "prompt",
    *OPTION_COLUMNS,
    "answer",
    "hint",
    "explanation",
    "difficulty",
    "time_limit",
    "attempts",
)
_KNOWN = frozenset(name.lower() for name in COLUMNS)
_EXCEL_SEPARATOR = re.compile(r"sep=(.)")
_CELLS_PER_LOOK = 4096
MAX_HEADER_CELLS = 100
"""Cells a header row may have: 19 columns are known, the rest can only be mistakes."""


class Cell(NamedTuple):
    value: str
    at: Position


@dataclass
class Record:
    """One row of cells, and whether a cell of it was malformed."""

    cells: list[Cell] = field(default_factory=list)
    broken: bool = False


def read_csv(text: str, filename: str, *, limits: ReadLimits | None = None) -> DraftSet:
    """Read every question row of a CSV file; a broken row is an error, not a draft.

    A header that does not name the required columns leaves every row unread. ``limits``
    stop the reading past their number of questions or their time.
    """
    errors = SourceErrors(filename)
    set_id, title = set_names(filename, None)
    delimiter, first_line = _delimiter(text)
    records = _records(text, delimiter, first_line, errors, limits)
    records = [row for row in records if any(cell.value.strip() for cell in row.cells)]
    if not records:
        errors.add(
            Position(1, 1), "header", _("the file is empty; the first row names the columns")
        )
        return DraftSet(set_id, title, [], reader_errors=errors.found)
    header = _header(records[0].cells, errors)
    if header is None or records[0].broken:
        return DraftSet(set_id, title, [], reader_errors=errors.found)
    drafts: list[Draft] = []
    for record in records[1:]:
        if limits is not None and limits.reached(len(drafts)):
            break
        before = len(errors)
        draft = _row(record.cells, header, errors)
        if not record.broken and len(errors) == before:
            drafts.append(draft)
    return DraftSet(set_id, title, drafts, reader_errors=errors.found)


def _delimiter(text: str) -> tuple[str, int]:
    """Return the cell delimiter and the line the header is on."""
    first = text.split("\n", 1)[0]
    excel = _EXCEL_SEPARATOR.fullmatch(first.strip())
    if excel is not None:
        return excel.group(1), 2
    for delimiter in (",", ";", "\t"):
        names = {name.strip().strip('"').strip().lower() for name in first.split(delimiter)}
        if {"prompt", "answer"} <= names:
            return delimiter, 1
    return ",", 1


def _records(
    text: str,
    delimiter: str,
    first_line: int,
    errors: SourceErrors,
    limits: ReadLimits | None = None,
) -> list[Record]:
    """Return the rows of cells of ``text`` from ``first_line``, each cell with its position.

    ``limits`` is asked every few thousand cells, so one row of a million cells is stopped
    by the time budget too.
    """
    cells = 0
    filled = 0
    most = limits.most if limits is not None else None
    lines = text.split("\n")
    text = "\n".join(lines[first_line - 1 :])
    records: list[Record] = []
    row = Record()
    cell_end = re.compile(f"[{re.escape(delimiter)}\n]")
    index, line, column = 0, first_line, 1
    end = len(text)

    def advance() -> None:
        nonlocal index, line, column
        if text[index] == "\n":
            line, column = line + 1, 1
        else:
            column += 1
        index += 1

    while index < end or row.cells:
        start = Position(line, column)
        value: list[str] = []
        if index < end and text[index] == '"':
            advance()
            while True:
                if index >= end:
                    errors.add(start, "cell", _("this quoted cell is never closed by a '\"'"))
                    return records
                if text[index] == '"' and index + 1 < end and text[index + 1] == '"':
                    value.append('"')
                    advance()
                    advance()
                elif text[index] == '"':
                    advance()
                    break
                else:
                    value.append(text[index])
                    advance()
            if index < end and text[index] not in (delimiter, "\n"):
                errors.add(
                    Position(line, column),
                    "cell",
                    _(
                        "text after the closing quote of a cell; inside a quoted cell write a "
                        'quote twice ("")'
                    ),
                )
                row.broken = True
                while index < end and text[index] not in (delimiter, "\n"):
                    advance()
        else:  # an unquoted cell holds no line break: found in one search, not char by char
            found = cell_end.search(text, index)
            stop = found.start() if found is not None else end
            value.append(text[index:stop])
            column += stop - index
            index = stop
        row.cells.append(Cell("".join(value), start))
        cells += 1
        if limits is not None and not cells % _CELLS_PER_LOOK:
            limits.reached(0)
        if index < end and text[index] == delimiter:
            advance()
            if index >= end:
                row.cells.append(Cell("", Position(line, column)))
                records.append(row)
                row = Record()
            continue
        if index < end:
            advance()  # the line break ending the row
        records.append(row)
        row = Record()
        if most is not None and any(cell.value.strip() for cell in records[-1].cells):
            filled += 1
            if filled > most + 1:  # the header, then one row past the most: that is enough
                return records
    return records


class Header(NamedTuple):
    columns: dict[str, int]
    """The index of each known column."""
    width: int
    """How many cells a row may fill: up to the last named column, known or not."""


def _header(row: list[Cell], errors: SourceErrors) -> Header | None:
    """Return the columns named in the header row, or None if the rows cannot be read by it.

    An unknown or repeated column is an error, but the rows are still read (without it), so
    their own errors are reported too.
    """
    columns: dict[str, int] = {}
    width = 0
    if len(row) > MAX_HEADER_CELLS:
        errors.add(
            row[0].at,
            "header",
            f"the header row has {len(row):,} cells; a file to import names at most "
            f"{len(COLUMNS)} columns (id, prompt, A to J, answer, hint, explanation, "
            "difficulty, time_limit, attempts)",
        )
        return None
    for index, cell in enumerate(row):
        name = re.sub(r"[ -]+", "_", cell.value.strip().lower())
        if not name:
            continue
        width = index + 1
        if name not in _KNOWN:
            close = difflib.get_close_matches(name, sorted(_KNOWN), n=1, cutoff=0.6)
            errors.add(
                cell.at,
                "header",
                _(
                    "unknown column '{column}'; did you mean '{close}'? (columns: `id`, `prompt`, "
                    "`A` to `J`, `answer`, `hint`, `explanation`, `difficulty`, `time_limit`, "
                    "`attempts`)",
                    column=cell.value.strip(),
                    close=close[0],
                )
                if close
                else _(
                    "unknown column '{column}' (columns: `id`, `prompt`, `A` to `J`, `answer`, "
                    "`hint`, `explanation`, `difficulty`, `time_limit`, `attempts`)",
                    column=cell.value.strip(),
                ),
            )
        elif name in columns:
            errors.add(
                cell.at,
                "header",
                _("the column '{column}' appears twice", column=cell.value.strip()),
            )
        else:
            columns[name] = index
    before = len(errors)
    at = row[0].at if row else Position(1, 1)
    for required in ("prompt", "answer"):
        if required not in columns:
            errors.add(at, "header", _("the header row has no '{column}' column", column=required))
    letters = [letter for letter in OPTION_COLUMNS if letter.lower() in columns]
    if len(letters) < 2:
        errors.add(at, "header", _("the header row needs at least two option columns, A and B"))
    elif "".join(letters) != OPTION_LETTERS[: len(letters)]:
        missing = next(
            letter
            for letter, found in zip(OPTION_LETTERS, letters, strict=False)
            if letter != found
        )
        errors.add(
            at,
            "header",
            _(
                "option columns go A, B, C... without gaps; '{missing}' is missing",
                missing=missing,
            ),
        )
    return Header(columns, width) if len(errors) == before else None


def _row(row: list[Cell], header: Header, errors: SourceErrors) -> Draft:
    """Return the draft question of one row."""
    at = row[0].at
    columns = header.columns
    for extra in row[header.width :]:
        if extra.value.strip():
            errors.add(extra.at, "cell", _("this row has more cells than the header has columns"))
            break

    def cell(name: str) -> Cell | None:
        index = columns.get(name)
        return row[index] if index is not None and index < len(row) else None

    def value(name: str) -> str | None:
        found = cell(name)
        text = tidy(found.value) if found is not None else ""
        return text or None

    option_cells = [cell(letter.lower()) for letter in OPTION_COLUMNS if letter.lower() in columns]
    texts = [tidy(found.value) if found is not None else "" for found in option_cells]
    while texts and not texts[-1]:
        texts.pop()
    for letter, text, found in zip(OPTION_LETTERS, texts, option_cells, strict=False):
        if not text:
            errors.add(
                found.at if found is not None else at,
                letter,
                _(
                    "option {letter} is empty but a later option is not; fill options from A on",
                    letter=letter,
                ),
            )
    draft = Draft(
        at=at,
        prompt=value("prompt") or "",
        options=texts,
        answer=(value("answer") or "").upper(),
        id=value("id"),
        hint=value("hint"),
        difficulty=(value("difficulty") or "").lower() or None,
        time_limit=value("time_limit"),
        attempts=value("attempts"),
    )
    explanation = value("explanation")
    if explanation is not None:
        draft.steps.append(("Explanation", explanation))
    for name in ("id", "prompt", "answer", "hint", "difficulty", "time_limit", "attempts"):
        found = cell(name)
        draft.positions[name] = found.at if found is not None else at
    found = cell("explanation")
    draft.positions["solution"] = found.at if found is not None else at
    for letter, found in zip(OPTION_LETTERS, option_cells, strict=False):
        draft.positions[f"options.{letter}"] = found.at if found is not None else at
    draft.positions["options"] = draft.positions.get("options.A", at)
    return draft
