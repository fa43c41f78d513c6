"""Build YAML node trees from the parser's events, refusing what a set file must not hold.

PyYAML's composer (``yaml.compose``) in libyaml recurses in C once per nesting level, so a
few hundred kilobytes of ``[`` overflow the stack and kill the process. This composer keeps
its own stack and stops at ``MAX_NESTING`` levels. On the way it refuses anchors, aliases and
tags, which composing would otherwise hide, with the path of the node that carries them.
Nothing is ever constructed: scalars stay the text the file holds.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import yaml
from yaml.error import Mark
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
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader
from yaml.scanner import Scanner

from content.errors import ErrorList

PLAIN_TAG = "quiz:plain"
"""An unquoted scalar such as ``42``, ``yes`` or ``hello``: its text is kept as written."""
QUOTED_TAG = "quiz:quoted"
"""A quoted or block scalar: always text."""
NULL_TAG = "quiz:null"
"""An empty unquoted scalar, ``~`` or ``null``."""
COLLECTION_TAG = "quiz:collection"

MAX_NESTING = 20
"""Open lists and mappings at once; the format itself needs 6."""

_NULL_WORDS = frozenset({"", "~", "null", "Null", "NULL"})
_STANDARD_TAG_PREFIX = "tag:yaml.org,2002:"


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

    start_mark: Mark
    root: Node


def compose_documents(text: str, errors: ErrorList) -> list[Document] | None:
    """Return the documents in ``text``, or None if nesting too deep stopped the reading.

    Anchors, aliases and tags are recorded in ``errors``; YAML syntax errors are raised.
    """
    parser = EventParser(text)
    documents: list[Document] = []
    document_mark: Mark | None = None
    # One entry per open collection: [node, key node waiting for its value (mappings)].
    stack: list[list[Any]] = []
    try:
        while True:
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
                if event.implicit[0]:
                    tag = NULL_TAG if event.value in _NULL_WORDS else PLAIN_TAG
                else:
                    tag = QUOTED_TAG
                node = ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
            elif kind is MappingStartEvent or kind is SequenceStartEvent:
                if event.anchor is not None or event.tag is not None:
                    _refuse_properties(event, stack, errors)
                if len(stack) == MAX_NESTING:
                    _refuse_nesting(event, stack, errors)
                    return None
                node_class = MappingNode if kind is MappingStartEvent else SequenceNode
                mark = event.start_mark
                stack.append([node_class(COLLECTION_TAG, [], mark, mark, event.flow_style), None])
                continue
            elif kind is MappingEndEvent or kind is SequenceEndEvent:
                node = stack.pop()[0]
                node.end_mark = event.end_mark
            elif kind is AliasEvent:
                _refuse_properties(event, stack, errors)
                node = ScalarNode(NULL_TAG, "", event.start_mark, event.end_mark)
            elif kind is DocumentStartEvent:
                document_mark = event.start_mark
                continue
            elif kind is StreamEndEvent:
                return documents
            else:
                continue
            if not stack:
                documents.append(Document(document_mark or node.start_mark, node))
                continue
            frame = stack[-1]
            parent = frame[0]
            if type(parent) is SequenceNode:
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
        if type(node) is SequenceNode:
            path += f"[{len(node.value)}]"
            continue
        if key is None:  # the node being read is itself a key
            is_scalar_key = depth == innermost and isinstance(event, ScalarEvent)
            name = event.value if is_scalar_key else "?"
        else:
            name = key.value if type(key) is ScalarNode else "?"
        path = f"{path}.{name}" if path else name
    return path


def _refuse_properties(event: Any, stack: list[list[Any]], errors: ErrorList) -> None:
    mark = event.start_mark
    where = _path(stack, event)
    if isinstance(event, AliasEvent):
        problems = [
            f"aliases like '*{event.anchor}' are not allowed in set files; "
            "write the value out in full"
        ]
    else:
        problems = []
        if event.anchor is not None:
            problems.append(
                f"anchors like '&{event.anchor}' are not allowed in set files; "
                "write each value out in full"
            )
        if event.tag is not None:
            tag = event.tag
            if tag.startswith(_STANDARD_TAG_PREFIX):
                tag = "!!" + tag.removeprefix(_STANDARD_TAG_PREFIX)
            problems.append(
                f"YAML tags like '{tag}' are not allowed in set files; "
                "write plain text, numbers, lists and mappings only"
            )
    for problem in problems:
        errors.add(mark.line + 1, mark.column + 1, where, problem)


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
    errors.add(
        mark.line + 1,
        mark.column + 1,
        _path(stack, event),
        f"lists and mappings are nested more than {MAX_NESTING} levels deep here; "
        "a set file needs no more than 6",
    )
