"""Build node trees from the YAML parser's events, refusing what a set file must not hold.

PyYAML's composer (``yaml.compose``) in libyaml recurses in C once per nesting level, so a
few hundred kilobytes of ``[`` overflow the stack and kill the process. This composer keeps
its own stack and stops at ``MAX_NESTING`` levels. On the way it refuses anchors, aliases,
tags and escapes that write characters YAML refuses, with the path of the node that carries
them. Nothing is ever constructed: scalars stay the text the file holds.

Its nodes are small slotted objects holding only what the readers use; a 1 MiB file can hold
half a million of them. A node's ``index`` counts characters from the start of the text, and
``ErrorList`` turns it into the line and column an editor shows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from content.budget import Budget
from content.errors import ErrorList, shown
from i18n import _

PLAIN_TAG = "quiz:plain"
"""An unquoted scalar such as ``42``, ``yes``, ``~`` or ``hello``: its text is kept as written."""
QUOTED_TAG = "quiz:quoted"
"""A quoted or block scalar: always text."""
NULL_TAG = "quiz:null"
"""Nothing written at all: an empty unquoted value (``hint:``), or a refused alias."""

MAX_NESTING = 20
"""Open lists and mappings at once; the format itself needs 6."""

_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"
_REFUSED_CHARACTER = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ud800-\udfff]")
"""Control characters YAML refuses to read in a file (tab, newlines and U+0085 aside), and
surrogates, which are not text: an escape in double quotes must not write them either."""
_ESCAPE = re.compile(r"\\(x[0-9A-Fa-f]{2}|u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|.)", re.DOTALL)
_REFUSED_ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "v": "\v", "f": "\f", "e": "\x1b"}
"""The one-letter escapes that write a refused character; \\x, \\u and \\U are decoded."""


class Scalar:
    """A scalar: ``tag`` says how it was written, ``value`` is its text."""

    __slots__ = ("index", "tag", "value")

    def __init__(self, tag: str, value: str, index: int) -> None:
        self.tag = tag
        self.value = value
        self.index = index


class Sequence:
    """A list of nodes."""

    __slots__ = ("index", "value")

    def __init__(self, index: int) -> None:
        self.value: list[Node] = []
        self.index = index


class Mapping:
    """A mapping, as its (key node, value node) pairs in file order."""

    __slots__ = ("index", "value")

    def __init__(self, index: int) -> None:
        self.value: list[tuple[Node, Node]] = []
        self.index = index


Node = Scalar | Sequence | Mapping


class PythonParser(Reader, Scanner, Parser):
    """PyYAML's pure-Python event parser."""

    reader_offsets_are_bytes = False
    """Whether a ReaderError's position counts UTF-8 bytes rather than characters."""

    def __init__(self, stream: str) -> None:
        Reader.__init__(self, stream)
        Scanner.__init__(self)
        Parser.__init__(self)


EventParser: type[Any] = PythonParser
"""The parser in use: libyaml's when PyYAML was built with it, several times faster."""

if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class LibyamlParser(CParser):  # type: ignore[misc]
        """libyaml's event parser."""

        reader_offsets_are_bytes = True

    EventParser = LibyamlParser


@dataclass(frozen=True, slots=True)
class Document:
    """One YAML document of a file and where it starts."""

    index: int
    root: Node


EVENTS_PER_CHECK = 4096
"""Events read between two looks at the time budget."""


def compose_documents(
    text: str, errors: ErrorList, budget: Budget | None = None
) -> list[Document] | None:
    """Return the documents in ``text``, or None if nesting too deep stopped the reading.

    Anchors, aliases, tags and refused escapes are recorded in ``errors``; YAML syntax errors
    are raised, and so is ``OutOfTime`` when ``budget`` runs out.
    """
    parser = EventParser(text)
    documents: list[Document] = []
    document_index: int | None = None
    # One entry per open collection: [node, key node waiting for its value (mappings)].
    stack: list[list[Any]] = []
    countdown = EVENTS_PER_CHECK
    try:
        while True:
            countdown -= 1
            if not countdown:
                countdown = EVENTS_PER_CHECK
                if budget is not None:
                    budget.check()
            try:
                event = parser.get_event()
            except yaml.MarkedYAMLError as error:
                if not _is_depth_refusal(error):
                    raise
                # libyaml 0.2.6 and later refuse deep flow nesting themselves, ahead of the
                # events this composer counts: the same mistake, so the same sentence.
                _refuse_nesting(error, stack, errors)
                return None
            kind = type(event)
            if kind is ScalarEvent:
                if event.anchor is not None or event.tag is not None:
                    _refuse_properties(event, stack, errors)
                value = event.value
                if event.style == '"' and _REFUSED_CHARACTER.search(value):
                    _refuse_escapes(event, text, stack, errors)
                # Only a plain scalar with nothing written is empty: '~' and 'null' are text.
                tag = QUOTED_TAG if not event.implicit[0] else PLAIN_TAG if value else NULL_TAG
                node: Node = Scalar(tag, value, event.start_mark.index)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    _refuse_properties(event, stack, errors)
                if len(stack) == MAX_NESTING:
                    _refuse_nesting(event, stack, errors)
                    return None
                index = event.start_mark.index
                collection = Mapping(index) if kind is MappingStartEvent else Sequence(index)
                stack.append([collection, None])
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop()[0]
            elif kind is AliasEvent:
                mark = event.start_mark
                if not errors.skip_unlisted(mark):
                    _refuse_properties(event, stack, errors)
                node = Scalar(NULL_TAG, "", mark.index)
            elif kind is DocumentStartEvent:
                document_index = event.start_mark.index
                continue
            elif kind is StreamEndEvent:
                return documents
            else:
                continue
            if not stack:
                start = node.index if document_index is None else document_index
                documents.append(Document(start, node))
                continue
            frame = stack[-1]
            parent = frame[0]
            if type(parent) is Sequence:
                parent.value.append(node)
            elif frame[1] is None:
                frame[1] = node
            else:
                parent.value.append((frame[1], node))
                frame[1] = None
    finally:
        parser.dispose()


def _path(stack: list[list[Any]], event: Any) -> str:
    """Return the path, like ``questions[2].options``, of the node ``event`` starts."""
    path = ""
    innermost = len(stack) - 1
    for depth, (node, key) in enumerate(stack):
        if type(node) is Sequence:
            path += f"[{len(node.value)}]"
            continue
        if key is None:  # the node being read is itself a key
            is_scalar_key = depth == innermost and isinstance(event, ScalarEvent)
            name = event.value if is_scalar_key else "?"
        else:
            name = key.value if type(key) is Scalar else "?"
        path = f"{path}.{shown(name)}" if path else shown(name)
    return path


def _refuse_properties(event: Any, stack: list[list[Any]], errors: ErrorList) -> None:
    if not isinstance(event, AliasEvent):
        count = (event.anchor is not None) + (event.tag is not None)
        if errors.skip_unlisted(event.start_mark, count):
            return
    where = _path(stack, event)
    if isinstance(event, AliasEvent):
        problems = [
            _(
                "aliases like '*{name}' are not allowed in set files; write the value out in full",
                name=shown(event.anchor),
            )
        ]
    else:
        problems = []
        if event.anchor is not None:
            problems.append(
                _(
                    "anchors like '&{name}' are not allowed in set files; "
                    "write each value out in full",
                    name=shown(event.anchor),
                )
            )
        if event.tag is not None:
            tag = event.tag
            if tag.startswith(_STANDARD_TAG_PREFIX):
                tag = "!!" + tag.removeprefix(_STANDARD_TAG_PREFIX)
            problems.append(
                _(
                    "YAML tags like '{tag}' are not allowed in set files; "
                    "write plain text, numbers, lists and mappings only",
                    tag=shown(tag),
                )
            )
    for problem in problems:
        errors.at(event.start_mark, where, problem)


class _Offset:
    """A mark at a character offset, for positions found inside a scalar."""

    __slots__ = ("index",)

    def __init__(self, index: int) -> None:
        self.index = index


def _refuse_escapes(
    event: ScalarEvent, text: str, stack: list[list[Any]], errors: ErrorList
) -> None:
    """Record each escape of a double-quoted scalar that writes a character YAML refuses."""
    start, end = event.start_mark.index, event.end_mark.index
    where = _path(stack, event)
    found = False
    for match in _ESCAPE.finditer(text, start, end):
        written = match.group(1)
        character = _REFUSED_ESCAPES.get(written)
        if character is None and len(written) > 1:
            character = chr(int(written[1:], 16))
        if character is None or not _REFUSED_CHARACTER.match(character):
            continue
        found = True
        errors.at(_Offset(match.start()), where, _escape_message(character, match.group(0)))
    if not found:  # the scalar's text and the escapes disagree: point at the scalar
        character = _REFUSED_CHARACTER.search(event.value)
        assert character is not None
        errors.at(event.start_mark, where, _escape_message(character.group(0), None))


def _escape_message(character: str, written: str | None) -> str:
    code = "U+" + format(ord(character), "04X")
    if written:
        return _(
            "the text holds the control character {character} (written '{written}'), "
            "which a set file may not hold; remove it",
            character=code,
            written=written,
        )
    return _(
        "the text holds the control character {character}, which a set file "
        "may not hold; remove it",
        character=code,
    )


def _is_depth_refusal(error: yaml.MarkedYAMLError) -> bool:
    return "maximum nesting depth" in (error.problem or "")


def _refuse_nesting(
    at: Any | yaml.MarkedYAMLError, stack: list[list[Any]], errors: ErrorList
) -> None:
    """Record the nesting error at the event that opens one level too many, or at libyaml's mark."""
    if isinstance(at, yaml.MarkedYAMLError):
        mark = at.problem_mark or at.context_mark
        event = None
    else:
        mark, event = at.start_mark, at
    errors.at(
        mark,
        _path(stack, event),
        _(
            "lists and mappings are nested more than {levels} levels deep here; "
            "a set file needs no more than 6",
            levels=MAX_NESTING,
        ),
    )
