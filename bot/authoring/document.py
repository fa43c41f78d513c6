"""A set's YAML as plain data: read a stored set, change its questions, write it back.

Every scalar keeps how the file wrote it: a quoted or block text stays a text (``Text``), an
unquoted value stays unquoted (``Plain``), so numbers stay numbers and ``A: yes`` stays the
text "yes". Only comments and layout are lost when a set is written again.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

from content import _rules as rules
from content._compose import NULL_TAG, PLAIN_TAG, Mapping, Node, Scalar
from content._parse import read_document
from content.errors import ErrorList
from content.importers._build import Text, Word, _SetDumper
from content.model import DEFAULT_ATTEMPTS, DEFAULT_TIME_LIMIT

__all__ = [
    "Plain",
    "Text",
    "Word",
    "dump",
    "find_question",
    "new_document",
    "read",
]

_RESOLVER = Resolver()
Document = dict[str, Any]


class Plain(str):
    """An unquoted value of the file (a number, a name, a time): written unquoted again."""


class Null:
    """A key written with nothing after it."""


class _Dumper(_SetDumper):  # type: ignore[misc]
    """The importers' dumper, plus unquoted values and empty ones."""


def _represent_plain(dumper: yaml.SafeDumper, value: Plain) -> ScalarNode:
    tag = _RESOLVER.resolve(ScalarNode, str(value), (True, False))
    return dumper.represent_scalar(tag, str(value), style=None)


def _represent_null(dumper: yaml.SafeDumper, _: Null) -> ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:null", "", style=None)


_Dumper.add_representer(Plain, _represent_plain)
_Dumper.add_representer(Null, _represent_null)


def read(yaml_text: str) -> Document:
    """Return a valid stored set's YAML as data (dicts, lists and typed strings)."""
    errors = ErrorList("set.yaml")
    root = read_document(yaml_text, errors)
    if root is None:
        raise ValueError(f"the stored set does not read: {errors.failure()}")
    value = _value(root)
    assert isinstance(value, dict)
    return value


def _value(node: Node) -> Any:
    if type(node) is Mapping:
        return {_key(key): _value(value) for key, value in node.value}
    if type(node) is Scalar:
        if node.tag == NULL_TAG:
            return Null()
        return Plain(node.value) if node.tag == PLAIN_TAG else Text(node.value)
    return [_value(item) for item in node.value]


def _key(node: Node) -> str:
    assert type(node) is Scalar, "a valid set has only names for keys"
    return Word(node.value)


def new_document(set_id: str, title: str) -> Document:
    """Return a set with no questions yet."""
    return {"id": Word(set_id), "title": Text(title), "questions": []}


def dump(document: Document) -> str:
    """Return the set as YAML text in the set-file format."""
    return yaml.dump(
        document,
        Dumper=_Dumper,
        allow_unicode=True,
        sort_keys=False,
        width=1_000_000,
        default_flow_style=False,
    )


def questions(document: Document) -> list[dict[str, Any]]:
    """Return the question mappings of a set, in order (the list itself, to change)."""
    found = document.setdefault("questions", [])
    assert isinstance(found, list)
    return found


def set_defaults(document: Document) -> tuple[int, int]:
    """Return the time limit (seconds) and attempts of the set's questions that set none."""
    defaults = document.get("defaults") or {}
    time_limit, attempts = DEFAULT_TIME_LIMIT, DEFAULT_ATTEMPTS
    if isinstance(defaults, dict):
        if "time_limit" in defaults:
            time_limit = rules.time_limit(str(defaults["time_limit"]).strip())
        if "attempts" in defaults:
            attempts = int(str(defaults["attempts"]).strip())
    return time_limit, attempts


def find_question(document: Document, question_id: str) -> int | None:
    """Return the index of the question ``question_id``, or None."""
    for index, question in enumerate(questions(document)):
        if str(question.get("id", "")).strip() == question_id:
            return index
    return None
