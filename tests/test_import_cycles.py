"""bot/ and content/ import no circle, counting imports inside functions and for type checking."""

from __future__ import annotations

import pytest

from tests.storage.test_storage_imports import ROOT, first_circle, imported, module_name


@pytest.mark.parametrize("package", ["bot", "content"])
def test_the_package_imports_no_circle(package: str) -> None:
    modules = {module_name(path): path for path in sorted((ROOT / package).rglob("*.py"))}
    graph = {name: imported(name, path, modules) for name, path in modules.items()}
    assert f"{package}.__init__" not in graph, "module names drop __init__"
    assert any(graph.values()), "the graph sees the package's imports"
    circle = first_circle(graph)
    assert circle is None, "import circle: " + " -> ".join(circle or [])
