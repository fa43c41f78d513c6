"""Run a question's Python code and capture what it does.

- ``run_fragment``: a Django fragment in a namespace with names predefined; captures its output
  and SQL, and raises what the fragment raises.
- ``run_as_main``: a whole script, as ``__main__``; captures its output and the exception that
  ended it (a SyntaxError too), so a check can assert on an error as on output.
- ``output_is_the_answer``: run a shipped question's code; only the marked option is its output.
"""

from __future__ import annotations

import asyncio
import contextlib
import io
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.content_checks.shipped import code_of, only_the_answer_matches


@dataclass
class Ran:
    printed: str
    """Standard output, lines joined with " / " as the options write them."""
    queries: list[str]
    """The SQL of every query sent to the database, in order."""
    namespace: dict[str, Any]


def _in_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True


def run_fragment(source: str, names: dict[str, Any] | None = None) -> Ran:
    """Execute ``source`` with ``names`` predefined; return its output, queries and namespace.

    Inside an event loop (an async check) queries are not captured: opening the connection to
    capture them is itself refused there, so ``queries`` is empty.
    """
    namespace: dict[str, Any] = {"__name__": "__snippet__", **(names or {})}
    output = io.StringIO()
    capturing = contextlib.nullcontext() if _in_event_loop() else CaptureQueriesContext(connection)
    with capturing as captured, contextlib.redirect_stdout(output):
        exec(compile(source, "<snippet>", "exec"), namespace)
    return Ran(
        printed=" / ".join(output.getvalue().splitlines()),
        queries=[query["sql"] for query in captured.captured_queries] if captured else [],
        namespace=namespace,
    )


@contextlib.contextmanager
def as_module(name: str, namespace: dict[str, Any]) -> Iterator[str]:
    """Make ``namespace`` importable as module ``name`` (for dotted paths in settings)."""
    module = types.ModuleType(name)
    module.__dict__.update(namespace)
    sys.modules[name] = module
    try:
        yield name
    finally:
        del sys.modules[name]


@dataclass(frozen=True)
class Script:
    """What a script printed, and the exception that ended it (None when it finished)."""

    output: str
    error: BaseException | None
    namespace: dict[str, Any]


def run_as_main(source: str) -> Script:
    """Compile and execute ``source`` as a script named __main__; never raises what it raises."""
    namespace: dict[str, Any] = {"__name__": "__main__"}
    printed = io.StringIO()
    error: BaseException | None = None
    with contextlib.redirect_stdout(printed):
        try:
            exec(compile(source, "<snippet>", "exec"), namespace)
        except Exception as raised:
            error = raised
    return Script(printed.getvalue(), error, namespace)


def output_is_the_answer(key: str, separator: str = ", ") -> Script:
    """Run the shipped question's code as __main__: it finishes, and only the marked option is
    its output (the printed lines joined with ``separator``)."""
    ran = run_as_main(code_of(key))
    assert ran.error is None, ran.error
    only_the_answer_matches(key, separator.join(ran.output.splitlines()))
    return ran
