"""Read typed values out of YAML nodes, recording a sentence for each value that does not fit.

Every reader takes the node (None when its key is absent), the path of its parent and its key,
and returns the value or None. The ``where`` of an error is only built when there is one:
a large file has hundreds of thousands of nodes and almost never an error.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import TypeVar

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from content._compose import NULL_TAG, PLAIN_TAG
from content.errors import ErrorList

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
_STANDARD_RESOLVER = Resolver()
_BOOL_TAG = "tag:yaml.org,2002:bool"
_NUMBER_TAGS = frozenset({"tag:yaml.org,2002:int", "tag:yaml.org,2002:float"})

Value = TypeVar("Value")
Result = TypeVar("Result")

Key = str | int | None
"""A mapping key, a list index, or None for the node at ``path`` itself."""


def where(path: str, key: Key) -> str:
    """Return the dotted path of ``key`` under ``path``, like ``questions[2].answer``."""
    if key is None:
        return path
    if isinstance(key, int):
        return f"{path}[{key}]"
    return f"{path}.{key}" if path else key


def describe(node: Node) -> str:
    """Return how a content author would name what ``node`` holds."""
    if isinstance(node, MappingNode):
        return "a mapping (key: value lines)"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == NULL_TAG:
        return "empty"
    value = node.value if len(node.value) <= 40 else node.value[:37] + "..."
    if node.tag == PLAIN_TAG:
        standard_tag = _STANDARD_RESOLVER.resolve(ScalarNode, node.value, (True, False))
        if standard_tag == _BOOL_TAG:
            return f"{value!r}, which YAML reads as true or false"
        if standard_tag in _NUMBER_TAGS:
            return f"the number {value}"
    return f"the text {value!r}"


def suggestion(word: str, choices: tuple[str, ...]) -> str | None:
    """Return the choice ``word`` was probably meant to be, if one is close."""
    lowered = word.lower()
    if lowered in choices:
        return lowered
    close = difflib.get_close_matches(lowered, choices, n=1, cutoff=0.6)
    return close[0] if close else None


class Keys:
    """The keys a mapping may hold, in the order the docs list them, and which are required."""

    __slots__ = ("allowed", "names", "required")

    def __init__(self, names: tuple[str, ...], required: tuple[str, ...]) -> None:
        self.names = names
        self.required = required
        self.allowed = frozenset(names)


class NodeReader:
    """Record every problem found while reading nodes into one error list."""

    def __init__(self, errors: ErrorList) -> None:
        self.errors = errors

    def error(self, node: Node, path: str, key: Key, message: str) -> None:
        """Record ``message`` at ``node``'s position."""
        mark = node.start_mark
        self.errors.add(mark.line + 1, mark.column + 1, where(path, key), message)

    def rule(
        self,
        check: Callable[[Value], Result],
        value: Value | None,
        node: Node | None,
        key: Key,
        path: str = "",
    ) -> Result | None:
        """Return ``check(value)``, recording its complaint at ``node`` when it has one."""
        if value is None or node is None:
            return None
        try:
            return check(value)
        except ValueError as problem:
            self.error(node, path, key, str(problem))
            return None

    def wrong_type(self, node: Node, path: str, key: Key, expected: str) -> None:
        """Record that ``node`` does not hold the ``expected`` kind of value."""
        found = describe(node)
        if found == "empty":
            self.error(node, path, key, f"is empty; expected {expected}")
        else:
            self.error(node, path, key, f"must be {expected}, not {found}")

    def too_long(self, node: Node, path: str, key: Key, length: int, limit: int) -> None:
        """Record that a text is ``length`` characters where ``limit`` fit."""
        self.error(
            node,
            path,
            key,
            f"is {length:,} characters long, {length - limit:,} over the limit of {limit:,}",
        )

    def fields(self, node: Node, path: str, keys: Keys, expected: str) -> dict[str, Node] | None:
        """Return a mapping's value nodes by key, recording unknown, duplicate and missing keys."""
        if type(node) is not MappingNode:
            self.wrong_type(node, path, None, expected)
            return None
        found: dict[str, Node] = {}
        allowed = keys.allowed
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                self.error(key_node, path, None, f"keys must be names, not {describe(key_node)}")
                continue
            key = key_node.value
            if key in found:
                self._duplicate_key(node, key_node, path)
            elif key in allowed:
                found[key] = value_node
            else:
                self._unknown_key(key_node, path, keys)
        for key in keys.required:
            if key not in found:
                self.error(node, path, None, f"missing required key '{key}'")
        return found

    def _duplicate_key(self, mapping: MappingNode, key_node: ScalarNode, path: str) -> None:
        first = next(k for k, _ in mapping.value if k.value == key_node.value)
        self.error(
            key_node,
            path,
            key_node.value,
            f"duplicate key '{key_node.value}', already set on line {first.start_mark.line + 1}; "
            "YAML would silently keep only the last one",
        )

    def _unknown_key(self, key_node: ScalarNode, path: str, keys: Keys) -> None:
        key = key_node.value
        close = suggestion(key, keys.names)
        if close is not None:
            message = f"unknown key '{key}'; did you mean '{close}'?"
        else:
            message = f"unknown key '{key}'; the keys allowed here are {', '.join(keys.names)}"
        self.error(key_node, path, key, message)

    def items(self, node: Node | None, path: str, key: Key, expected: str) -> list[Node] | None:
        """Return a non-empty list's item nodes."""
        if node is None:
            return None
        if type(node) is not SequenceNode:
            self.wrong_type(node, path, key, expected)
            return None
        if not node.value:
            self.error(node, path, key, f"is an empty list; expected {expected}")
            return None
        return node.value

    def word(self, node: Node | None, path: str, key: Key, expected: str) -> str | None:
        """Return a scalar's text with surrounding blanks removed, for ids, letters and names."""
        if node is None:
            return None
        if type(node) is not ScalarNode or node.tag == NULL_TAG:
            self.wrong_type(node, path, key, expected)
            return None
        value = node.value.strip()
        if not value:
            self.error(node, path, key, f"is empty; expected {expected}")
            return None
        return value

    def text(self, node: Node | None, path: str, key: Key, limit: int) -> str | None:
        """Return a non-empty text of at most ``limit`` characters, without trailing blanks."""
        if node is None:
            return None
        if type(node) is not ScalarNode or node.tag == NULL_TAG:
            self.wrong_type(node, path, key, "text")
            return None
        value = node.value.rstrip()
        if not value:
            self.error(node, path, key, "is empty; expected text")
            return None
        if len(value) > limit:
            self.too_long(node, path, key, len(value), limit)
            return None
        return value

    def whole_number(self, node: Node | None, path: str, key: Key, expected: str) -> int | None:
        """Return an unquoted whole number such as ``2`` or ``-1``."""
        if node is None:
            return None
        if (
            type(node) is not ScalarNode
            or node.tag != PLAIN_TAG
            or not _WHOLE_NUMBER.fullmatch(node.value)
        ):
            self.wrong_type(node, path, key, expected)
            return None
        return int(node.value)
