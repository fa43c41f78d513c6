"""The engine stays pure: no Discord, asyncio or storage; frozen values; documented code."""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import pytest
from engine_helpers import STARTER, T0, make_set

from bot import engine
from bot.engine import Rejection, describe, start_session
from content.model import Mode

ENGINE_DIR = Path(engine.__file__).parent
FORBIDDEN = {"discord", "asyncio", "storage", "time", "threading", "sqlite3", "aiosqlite"}


def _modules() -> list[Path]:
    return sorted(ENGINE_DIR.glob("*.py"))


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_engine_modules_import_nothing_impure(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            names = [node.module or ""]
        else:
            continue
        for name in names:
            assert name.split(".")[0] not in FORBIDDEN, f"{path.name} imports {name}"


@pytest.mark.parametrize("path", _modules(), ids=lambda p: p.name)
def test_functions_have_docstrings_and_type_hints(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    assert ast.get_docstring(tree), f"{path.name} has no module docstring"
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef):
            assert ast.get_docstring(node), f"{path.name}:{node.name} has no docstring"
            assert node.returns is not None, f"{path.name}:{node.name} has no return type"
            args = node.args.posonlyargs + node.args.args + node.args.kwonlyargs
            for arg in args:
                if arg.arg not in {"self", "cls"}:
                    assert arg.annotation is not None, f"{node.name}({arg.arg}) has no type"


def test_public_dataclasses_are_frozen_with_slots() -> None:
    for name in engine.__all__:
        value = getattr(engine, name)
        if inspect.isclass(value) and dataclasses.is_dataclass(value):
            params = value.__dataclass_params__  # type: ignore[attr-defined]
            assert params.frozen, name
            assert "__slots__" in value.__dict__, name


def test_sessions_cannot_be_mutated() -> None:
    session = start_session(make_set(), Mode.PRACTICE, session_id="p", starter_id=STARTER, now=T0)
    with pytest.raises(dataclasses.FrozenInstanceError):
        session.index = 3  # type: ignore[misc]
    with pytest.raises(TypeError):
        session.round.tries[STARTER] = None  # type: ignore[index]


def test_every_rejection_has_a_sentence() -> None:
    for rejection in Rejection:
        assert describe(rejection) == rejection.sentence
        assert rejection.sentence.endswith(".")
