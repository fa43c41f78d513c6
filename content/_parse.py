"""Turn a set file's bytes into one node tree, refusing what a set file must not hold."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import yaml
from yaml.reader import ReaderError

from content import _compose
from content._compose import NULL_TAG, Mapping, Node, Scalar, compose_documents
from content.budget import Budget
from content.errors import ErrorList, LineTable
from content.limits import MAX_FILE_BYTES
from i18n import _, format_number


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector for the duration of the block.

    A parsed file is a large tree of young objects without cycles; letting the collector
    walk it again and again while it grows costs as much as the parse itself.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_document(
    data: bytes | str, errors: ErrorList, budget: Budget | None = None
) -> Mapping | None:
    """Return the file's top-level mapping node, or None after recording why there is none."""
    text = _decode(data, errors)
    if text is None:
        return None
    errors.read_positions_in(text)
    before = len(errors)
    try:
        documents = compose_documents(text, errors, budget)
    except yaml.MarkedYAMLError as error:
        _report_syntax_error(error, text, errors)
        return None
    except ReaderError as error:
        _report_reader_error(error, text, errors)
        return None
    if documents is None:
        return None
    written = [document for document in documents if not _is_empty(document.root)]
    if not written:
        if len(errors) == before:
            errors.add(
                1, 1, "", _("the file is empty; a set needs at least id, title and questions")
            )
        return None
    for extra in documents[1:]:
        errors.at(
            extra,
            "",
            _(
                "a second YAML document starts here; a set file holds exactly one set, "
                "so remove the '---' line or move this set to its own file"
            ),
        )
    root = written[0].root
    if type(root) is not Mapping:
        errors.at(
            root,
            "",
            _(
                "the top level of a set file must be a mapping with id, title and questions, "
                "not a list"
            )
            if type(root) is _compose.Sequence
            else _(
                "the top level of a set file must be a mapping with id, title and questions, "
                "not a single value"
            ),
        )
        return None
    return root if len(errors) == before else None


def _decode(data: bytes | str, errors: ErrorList) -> str | None:
    """Return the file's text, or None after recording why it is too big or not UTF-8."""
    if isinstance(data, str):
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError as error:
            line, column = LineTable(data).position(error.start)
            errors.add(line, column, "", _("the text holds a character that is not valid Unicode"))
            return None
        text = data
    else:
        size = len(data)
    if size > MAX_FILE_BYTES:
        errors.add(1, 1, "", too_big_message(size))
        return None
    if isinstance(data, bytes):
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as error:
            before = data[: error.start].decode("utf-8").removeprefix("\ufeff")
            line, column = LineTable(before).position(len(before))
            errors.add(
                line,
                column,
                "",
                _(
                    "the file is not UTF-8 text: byte {byte} cannot be decoded "
                    "here; save the file with UTF-8 encoding",
                    byte="0x" + format(data[error.start], "02X"),
                ),
            )
            return None
    return text.removeprefix("\ufeff")


def too_big_message(size: int | None) -> str:
    """Return the sentence refusing a file of ``size`` bytes (None: of more than the limit)."""
    if size is None:
        return _(
            "the file is more than {limit} bytes; a set file may be at most 1 MiB "
            "({limit} bytes), so split it into several sets",
            limit=format_number(MAX_FILE_BYTES),
        )
    return _(
        "the file is {size} bytes; a set file may be at most 1 MiB "
        "({limit} bytes), so split it into several sets",
        size=format_number(size),
        limit=format_number(MAX_FILE_BYTES),
    )


def _is_empty(node: Node) -> bool:
    """Tell whether a document holds nothing at all (only comments or '---')."""
    return type(node) is Scalar and node.tag == NULL_TAG


def _report_syntax_error(error: yaml.MarkedYAMLError, text: str, errors: ErrorList) -> None:
    """Record PyYAML's syntax error as a sentence at its position."""
    mark = error.problem_mark or error.context_mark
    line, column = errors.position(mark) if mark is not None else (1, 1)
    problem = error.problem or error.context or _("unexpected content")
    # Translators: {problem} is the YAML parser's own description, in English.
    message = _("the YAML is not well-formed: {problem}", problem=problem)
    context_mark = error.context_mark
    if error.context and error.problem and context_mark is not None:
        context_line, context_column = errors.position(context_mark)
        if (context_line, context_column) == (line, column):
            message += f" ({error.context})"
        else:
            message += _(
                " ({context} that starts at line {line}, column {column})",
                context=error.context,
                line=context_line,
                column=context_column,
            )
    if "tab" not in message and mark is not None:
        line_start = mark.index - column + 1
        if "\t" in text[line_start : mark.index + 1]:
            message += _("; indent with spaces, YAML does not allow tabs there")
    errors.add(line, column, "", message)


def _report_reader_error(error: ReaderError, text: str, errors: ErrorList) -> None:
    """Record a character YAML refuses, at its position."""
    offset = error.position
    if _compose.EventParser.reader_offsets_are_bytes:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    line, column = LineTable(text).position(offset)
    character = error.character
    code = ord(character) if isinstance(character, str) else int(character)
    errors.add(
        line,
        column,
        "",
        _(
            "the file holds the control character {character}, which YAML does not allow; "
            "remove it",
            character="U+" + format(code, "04X"),
        ),
    )
