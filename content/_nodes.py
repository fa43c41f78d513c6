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

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from content._compose import NULL_TAG, PLAIN_TAG, Mapping, Node, Scalar, Sequence
from content.budget import Budget
from content.errors import ErrorList, shown
from i18n import N_, _, format_number

_WHOLE_NUMBER = re.compile(r"[+-]?[0-9]+")
MAX_NUMBER_DIGITS = 9
"""Digits a number field may have; every limit is far below a billion, and Python refuses to
convert a text of more than 4,300 digits."""
RESOLVED_MAX = 100
"""Longest unquoted value whose YAML type is named in a message ("the number 3.10")."""
SUGGESTED_MAX = 64
"""Longest unknown key a "did you mean" is looked for; no allowed key comes close."""
NODES_PER_CHECK = 2048
"""Nodes read between two looks at the time budget."""
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
    key = shown(key)
    return f"{path}.{key}" if path else key


def describe(node: Node) -> str:
    """Return how a content author would name what ``node`` holds."""
    if type(node) is Mapping:
        return _("a mapping (key: value lines)")
    if type(node) is Sequence:
        return _("a list")
    if node.tag == NULL_TAG:
        return _("empty")
    value = shown(node.value)
    if node.tag == PLAIN_TAG and len(node.value) <= RESOLVED_MAX:
        standard_tag = _STANDARD_RESOLVER.resolve(ScalarNode, node.value, (True, False))
        if standard_tag == _BOOL_TAG:
            return _("{value}, which YAML reads as true or false", value=repr(value))
        if standard_tag in _NUMBER_TAGS:
            return _("the number {value}", value=value)
    return _("the text {value}", value=repr(value))


def suggestion(word: str, choices: tuple[str, ...]) -> str | None:
    """Return the choice ``word`` was probably meant to be, if one is close."""
    if len(word) > SUGGESTED_MAX:
        return None
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

    def __init__(self, errors: ErrorList, budget: Budget | None = None) -> None:
        self.errors = errors
        self.budget = budget
        self._countdown = NODES_PER_CHECK

    def tick(self) -> None:
        """Count one node read, and look at the time budget every ``NODES_PER_CHECK``."""
        self._countdown -= 1
        if not self._countdown:
            self._countdown = NODES_PER_CHECK
            if self.budget is not None:
                self.budget.check()

    def error(self, node: Node, path: str, key: Key, message: str) -> None:
        """Record ``message`` at ``node``'s position."""
        if not self.errors.skip_unlisted(node):
            self.errors.at(node, where(path, key), message)

    def listed(self, node: Node) -> bool:
        """Tell whether an error at ``node`` would be listed; if not, count it.

        Ask before writing a costly message, then record it with ``listed_error``.
        """
        return not self.errors.skip_unlisted(node)

    def listed_error(self, node: Node, path: str, key: Key, message: str) -> None:
        """Record ``message`` at ``node`` once ``listed`` said it is listed."""
        self.errors.at(node, where(path, key), message)

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
        """Record that ``node`` does not hold the ``expected`` kind of value.

        ``expected`` is marked with ``N_`` (or already translated) and translated here.
        """
        found = describe(node)
        if found == _("empty"):
            # Translators: {expected} names a kind of value, like "a list of questions".
            self.error(node, path, key, _("is empty; expected {expected}", expected=_(expected)))
        else:
            self.error(
                node,
                path,
                key,
                # Translators: like "must be a list of modes, not the number 3".
                _("must be {expected}, not {found}", expected=_(expected), found=found),
            )

    def too_long(self, node: Node, path: str, key: Key, length: int, limit: int) -> None:
        """Record that a text is ``length`` characters where ``limit`` fit."""
        self.error(
            node,
            path,
            key,
            _(
                "is {length} characters long, {over} over the limit of {limit}",
                length=format_number(length),
                over=format_number(length - limit),
                limit=format_number(limit),
            ),
        )

    def fields(self, node: Node, path: str, keys: Keys, expected: str) -> dict[str, Node] | None:
        """Return a mapping's value nodes by key, recording unknown, duplicate and missing keys."""
        if type(node) is not Mapping:
            self.wrong_type(node, path, None, expected)
            return None
        found: dict[str, Node] = {}
        # The key node of every key met so far, unknown ones too: a duplicate names the line
        # of the first without searching the mapping again.
        first_keys: dict[str, Scalar] = {}
        allowed = keys.allowed
        for key_node, value_node in node.value:
            self.tick()
            if type(key_node) is not Scalar:
                self.error(
                    key_node,
                    path,
                    None,
                    _("keys must be names, not {found}", found=describe(key_node)),
                )
                continue
            key = key_node.value
            first = first_keys.setdefault(key, key_node)
            if first is not key_node:
                self.duplicate_key(first, key_node, path)
            elif key in allowed:
                found[key] = value_node
            else:
                self._unknown_key(key_node, path, keys)
        for key in keys.required:
            if key not in found:
                self.error(node, path, None, _("missing required key '{key}'", key=key))
        return found

    def duplicate_key(self, first: Node, key_node: Scalar, path: str) -> None:
        """Record that ``key_node`` repeats the key ``first`` already set."""
        if not self.listed(key_node):
            return
        self.listed_error(
            key_node,
            path,
            key_node.value,
            _(
                "duplicate key '{key}', already set on line {line}; "
                "YAML would silently keep only the last one",
                key=shown(key_node.value),
                line=self.errors.line_of(first),
            ),
        )

    def _unknown_key(self, key_node: Scalar, path: str, keys: Keys) -> None:
        if not self.listed(key_node):
            return
        key = key_node.value
        close = suggestion(key, keys.names)
        if close is not None:
            message = _("unknown key '{key}'; did you mean '{close}'?", key=shown(key), close=close)
        else:
            message = _(
                "unknown key '{key}'; the keys allowed here are {names}",
                key=shown(key),
                names=", ".join(keys.names),
            )
        self.listed_error(key_node, path, key, message)

    def items(self, node: Node | None, path: str, key: Key, expected: str) -> list[Node] | None:
        """Return a non-empty list's item nodes."""
        if node is None:
            return None
        if type(node) is not Sequence:
            self.wrong_type(node, path, key, expected)
            return None
        if not node.value:
            self.error(
                node, path, key, _("is an empty list; expected {expected}", expected=_(expected))
            )
            return None
        return node.value

    def word(self, node: Node | None, path: str, key: Key, expected: str) -> str | None:
        """Return a scalar's text with surrounding blanks removed, for ids, letters and names."""
        if node is None:
            return None
        if type(node) is not Scalar or node.tag == NULL_TAG:
            self.wrong_type(node, path, key, expected)
            return None
        value = node.value.strip()
        if not value:
            self.error(node, path, key, _("is empty; expected {expected}", expected=_(expected)))
            return None
        return value

    def text(self, node: Node | None, path: str, key: Key, limit: int) -> str | None:
        """Return a non-empty text of at most ``limit`` characters, without trailing blanks.

        The text is exactly what the file holds: ``NULL``, ``~``, ``yes``, ``3.10`` or
        ``2024-01-01`` unquoted are those words, never YAML's null, booleans, numbers or dates.
        Only a value with nothing written (``hint:``) or only blanks is empty.
        """
        if node is None:
            return None
        if type(node) is not Scalar or node.tag == NULL_TAG:
            self.wrong_type(node, path, key, N_("text"))
            return None
        value = node.value.rstrip()
        if not value:
            self.error(node, path, key, _("is empty; expected text"))
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
            type(node) is not Scalar
            or node.tag != PLAIN_TAG
            or not _WHOLE_NUMBER.fullmatch(node.value)
        ):
            self.wrong_type(node, path, key, expected)
            return None
        value = node.value
        digits = value.lstrip("+-").lstrip("0") or "0"
        if len(digits) > MAX_NUMBER_DIGITS:
            self.error(
                node,
                path,
                key,
                _(
                    "is a number of {digits} digits; expected {expected}",
                    digits=format_number(len(digits)),
                    expected=_(expected),
                ),
            )
            return None
        return -int(digits) if value.startswith("-") else int(digits)
