"""Turn a set file's bytes into one YAML node tree, refusing what a set file must not hold."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode
from yaml.reader import ReaderError

from content import _compose
from content._compose import NULL_TAG, compose_documents
from content.errors import ErrorList
from content.limits import MAX_FILE_BYTES


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


def read_document(data: bytes | str, errors: ErrorList) -> MappingNode | None:
    """Return the file's top-level mapping node, or None after recording why there is none."""
    text = _decode(data, errors)
    if text is None:
        return None
    before = len(errors)
    try:
        documents = compose_documents(text, errors)
    except yaml.MarkedYAMLError as error:
        _report_syntax_error(error, text, errors)
        return None
    except ReaderError as error:
        _report_reader_error(error, text, errors)
        return None
    if documents is None:
        return None
    if not documents or _is_empty(documents[0].root):
        if len(errors) == before:
            errors.add(1, 1, "", "the file is empty; a set needs at least id, title and questions")
        return None
    for extra in documents[1:]:
        mark = extra.start_mark
        errors.add(
            mark.line + 1,
            mark.column + 1,
            "",
            "a second YAML document starts here; a set file holds exactly one set, "
            "so remove the '---' line or move this set to its own file",
        )
    root = documents[0].root
    if not isinstance(root, MappingNode):
        mark = root.start_mark
        errors.add(
            mark.line + 1,
            mark.column + 1,
            "",
            "the top level of a set file must be a mapping with id, title and questions, "
            f"not {'a list' if root.id == 'sequence' else 'a single value'}",
        )
        return None
    return root if len(errors) == before else None


def _decode(data: bytes | str, errors: ErrorList) -> str | None:
    """Return the file's text, or None after recording why it is too big or not UTF-8."""
    if isinstance(data, str):
        try:
            size = len(data.encode("utf-8"))
        except UnicodeEncodeError as error:
            line, column = _line_and_column(data, error.start)
            errors.add(line, column, "", "the text holds a character that is not valid Unicode")
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
            line_start = data.rfind(b"\n", 0, error.start) + 1
            line = data.count(b"\n", 0, error.start) + 1
            column = len(data[line_start : error.start].decode("utf-8")) + 1
            errors.add(
                line,
                column,
                "",
                f"the file is not UTF-8 text: byte 0x{data[error.start]:02X} cannot be decoded "
                "here; save the file with UTF-8 encoding",
            )
            return None
    return text.removeprefix("\ufeff")


def too_big_message(size: int) -> str:
    """Return the sentence refusing a file of ``size`` bytes."""
    return (
        f"the file is {size:,} bytes; a set file may be at most 1 MiB ({MAX_FILE_BYTES:,} bytes), "
        "so split it into several sets"
    )


def _is_empty(node: Node) -> bool:
    """Tell whether a document holds nothing at all (only comments or '---')."""
    return isinstance(node, ScalarNode) and node.tag == NULL_TAG and node.value == ""


def _report_syntax_error(error: yaml.MarkedYAMLError, text: str, errors: ErrorList) -> None:
    """Record PyYAML's syntax error as a sentence at its position."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    problem = error.problem or error.context or "unexpected content"
    message = f"the YAML is not well-formed: {problem}"
    context_mark = error.context_mark
    if error.context and error.problem and context_mark is not None:
        if (context_mark.line, context_mark.column) == (line - 1, column - 1):
            message += f" ({error.context})"
        else:
            message += (
                f" ({error.context} that starts at line {context_mark.line + 1}, "
                f"column {context_mark.column + 1})"
            )
    lines = text.splitlines()
    if "tab" not in message and 0 < line <= len(lines) and "\t" in lines[line - 1][:column]:
        message += "; indent with spaces, YAML does not allow tabs there"
    errors.add(line, column, "", message)


def _report_reader_error(error: ReaderError, text: str, errors: ErrorList) -> None:
    """Record a character YAML refuses, at its position."""
    offset = error.position
    if _compose.EventParser.reader_offsets_are_bytes:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    line, column = _line_and_column(text, offset)
    character = error.character
    code = ord(character) if isinstance(character, str) else int(character)
    errors.add(
        line,
        column,
        "",
        f"the file holds the control character U+{code:04X}, which YAML does not allow; remove it",
    )


def _line_and_column(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of the character at ``offset``."""
    line_start = text.rfind("\n", 0, offset) + 1
    return text.count("\n", 0, offset) + 1, offset - line_start + 1
