"""Every text marked for translation can be extracted and filled in.

Extraction (Babel, keywords ``_``, ``ngettext:1,2``, ``N_``) only finds literal strings, and a
translator can only reorder named placeholders: a marked message must be a plain literal (no
f-string, no ``%``), its placeholders named, and a call that fills it must give every field.
"""

from __future__ import annotations

import ast
import string
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OPERATOR_FACING = {"cli.py", "runner.py"}
SOURCES = sorted(
    path
    for folder in ("bot", "content")
    for path in (ROOT / folder).rglob("*.py")
    if "playground" not in path.parts and path.name not in OPERATOR_FACING
)
MARKERS = {"_": 1, "N_": 1, "ngettext": 2}


def _calls(path: Path) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in MARKERS
    ]


def _fields(message: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(message) if name is not None}


def _where(path: Path, node: ast.AST) -> str:
    return f"{path.relative_to(ROOT)}:{node.lineno}"


def test_the_sources_mark_their_texts() -> None:
    marked = sum(len(_calls(path)) for path in SOURCES)
    assert marked > 400, marked  # the bot and the validator speak through the layer


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(ROOT)))
def test_marked_texts_are_literals_with_named_fields(path: Path) -> None:
    for call in _calls(path):
        name = call.func.id  # type: ignore[attr-defined]
        messages = call.args[: MARKERS[name]]
        literal = all(
            isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in messages
        )
        if name == "N_" or (messages and isinstance(messages[0], ast.JoinedStr)):
            assert literal, f"{_where(path, call)}: {name}() needs a literal string"
        if not literal or name == "N_":
            continue  # a table's entry: its fields are given where it is translated
        texts = [arg.value for arg in messages]  # type: ignore[attr-defined]
        given = {keyword.arg for keyword in call.keywords}
        if None in given or (name == "_" and not call.keywords):
            continue  # **fields, or a text shown as written (GIFT's own braces)
        for text in texts:
            fields = _fields(text)
            assert "" not in fields, f"{_where(path, call)}: positional {{}} in {text!r}"
            if name == "ngettext":
                given.add("n")
            missing = fields - given
            assert not missing, f"{_where(path, call)}: {sorted(missing)} not given for {text!r}"
        if name == "ngettext":
            singular, plural = (_fields(text) - {"n"} for text in texts)
            assert singular == plural, f"{_where(path, call)}: the two forms differ in fields"
