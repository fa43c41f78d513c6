"""The storage package has no import circle: the facade, the factory and the backends."""

from __future__ import annotations

import ast
import subprocess
import sys
from collections.abc import Mapping
from importlib.util import find_spec
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "storage"


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imported(name: str, path: Path, modules: Mapping[str, Path] = MODULES) -> set[str]:
    """Return the modules of ``modules`` a module imports anywhere in it (functions too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:  # "from . import jobs" imports the module storage.x.jobs
                found.add(f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base)
    return {module for module in found if module in modules and module != name}


def first_circle(graph: Mapping[str, set[str]]) -> list[str] | None:
    """Return an import circle of ``graph`` (module -> the modules it imports), or None."""
    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> list[str] | None:
        state[name] = "open"
        for other in sorted(graph[name]):
            if state.get(other) == "open":
                return [*trail[trail.index(other) :], other]
            if other not in state and (circle := visit(other, [*trail, other])):
                return circle
        state[name] = "done"
        return None

    for name in sorted(graph):
        if name not in state and (circle := visit(name, [name])):
            return circle
    return None


def test_the_storage_modules_import_no_circle() -> None:
    graph = {name: imported(name, path) for name, path in MODULES.items()}
    assert "storage.factory" in graph["storage.store"]
    circle = first_circle(graph)
    assert circle is None, "import circle: " + " -> ".join(circle or [])


def test_a_circle_is_found() -> None:
    assert first_circle({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}) == ["a", "b", "c", "a"]
    assert first_circle({"a": {"b"}, "b": set()}) is None


def test_no_backend_imports_the_facade() -> None:
    for name, path in MODULES.items():
        if name.startswith(("storage.sqlite", "storage.postgres")):
            assert "storage.store" not in imported(name, path), name


@pytest.mark.parametrize("name", sorted(MODULES))
def test_each_storage_module_imports_alone_in_a_fresh_interpreter(name: str) -> None:
    assert find_spec(name) is not None
    done = subprocess.run(
        [sys.executable, "-c", f"import {name}"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
