"""Run one code fragment of a question's explanations and report what it gave.

The fragment runs where the question's text puts it: in the namespace of the question's own
``code:`` block (Python only), run as ``__main__`` on the virtual clock (``virtual_time.py``:
sleeps take no time, ``asyncio.run`` is the virtual loop; a fragment written with ``await`` is
run to its end there too), after ``PRELUDE`` (the imports the texts take for granted: ``forms``,
``F``, ``sync_to_async``...; Django is the one conftest.py configures). A code block with a
``???`` blank runs with the fragment in the blank first (the feedback of an option describes
that), then with ``...``. Code or fragments that would change the test process
(``PROCESS_WIDE``) never run.

- When the fragment occurs in the code (the same expression once parsed; ``f()`` written with
  empty parentheses stands for every call of ``f`` or ``x.f``), every value it gives and every
  exception it raises while the code runs is recorded: the text describes that run.
- Otherwise it is run after the code, once, in the namespace the code left (or alone, without a
  code block).

``outcomes`` returns what it gave: values and raised exceptions, in order (empty when the
fragment does not compile). ``states_truly`` compares a stated outcome with them.
"""

from __future__ import annotations

import ast
import contextlib
import inspect
import io
import re
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from content.model import Question
from tests.content_checks.fragments import Stated
from tests.content_checks.virtual_time import VirtualClock, run_on_virtual_loop, virtual_builtins

RECORD = "__fragment_record__"
ARECORD = "__fragment_arecord__"
TOP_LEVEL_AWAIT = ast.PyCF_ALLOW_TOP_LEVEL_AWAIT
UNRUNNABLE = (ast.Yield, ast.YieldFrom, ast.Await, ast.NamedExpr)
BLANK = "???"
PROCESS_WIDE = re.compile(
    r"register_assert_rewrite|os\.environ\[[^\]]*\]\s*=|setenv|putenv|os\.chdir|os\.remove|unlink"
    r"|rmtree|sys\.modules|sys\.path|settings\.configure|django\.setup|signal\.signal|pytest\.main"
)
"""Calls that would change the test process itself (pytest's import hooks, the environment,
Django's settings, files): a fragment or code using them is never run here."""
PRELUDE = compile(
    "import asyncio, functools, itertools, math\n"
    "from math import ceil\n"
    "from dataclasses import dataclass\n"
    "from django import forms\n"
    "from django.db.models import F, Q, UniqueConstraint\n"
    "from django.core.exceptions import ValidationError\n"
    "from django.utils.text import slugify\n"
    "from django.shortcuts import redirect\n"
    "from django.urls import path\n"
    "from asgiref.sync import async_to_sync, sync_to_async\n"
    "import pytest\n",
    "<prelude>",
    "exec",
)
"""The imports the texts take for granted when they name a library function bare."""


@dataclass(frozen=True)
class Outcome:
    value: Any = None
    raised: BaseException | None = None
    printed: str = ""


def parse(source: str) -> ast.Expression | ast.Module | None:
    """The fragment as an expression, else as statements, else None (it does not compile)."""
    for mode in ("eval", "exec"):
        try:
            tree = ast.parse(source, mode=mode)
            compile(tree, "<fragment>", mode, flags=TOP_LEVEL_AWAIT)
        except SyntaxError:
            continue
        return tree  # type: ignore[return-value]
    return None


def outcomes(question: Question, source: str) -> list[Outcome]:
    """What running ``source`` gave in ``question``'s code namespace (see the module doc)."""
    tree = parse(source)
    if tree is None or PROCESS_WIDE.search(source):
        return []
    code = question.code.source if question.code and question.code.language == "python" else ""
    if PROCESS_WIDE.search(code):
        code = ""
    with warnings.catch_warnings(), contextlib.redirect_stdout(io.StringIO()):
        warnings.simplefilter("ignore")
        for filled in _fillings(code, source):
            clock = VirtualClock(thread_grace=0.2)
            namespace = {"__name__": "__main__", "__builtins__": virtual_builtins(clock)}
            exec(PRELUDE, namespace)
            recorded: list[Outcome] = []
            if filled:
                namespace[RECORD], namespace[ARECORD] = _recorders(recorded)
                _exec_quietly(_instrumented(filled, tree), namespace)
            if recorded:
                _close_coroutines(recorded, namespace)
                return recorded
        after = [_run_after(tree, namespace, clock)]
        _close_coroutines(after, namespace)
        return after


def _close_coroutines(found: list[Outcome], namespace: dict[str, Any]) -> None:
    """Close the coroutines the run made and never awaited (they are values, not work)."""
    for value in [*(outcome.value for outcome in found), *namespace.values()]:
        if inspect.iscoroutine(value):
            value.close()


def _fillings(code: str, source: str) -> list[str]:
    """The code as run for one fragment: with its ``???`` blank filled with the fragment (the
    texts explain what each option does in the blank), then filled with ``...``."""
    if BLANK not in code:
        return [code]
    filled = [code.replace(BLANK, "...")]
    if "\n" not in source.strip():
        filled.insert(0, code.replace(BLANK, source.strip()))
    return filled


def _exec_quietly(compiled: Any, namespace: dict[str, Any]) -> None:
    """Run the question's code; what ends it (an error, ``pytest.skip``, ``sys.exit``) is the
    code's business, unless it is an interrupt or a check's time limit."""
    try:
        exec(compiled, namespace)
    except KeyboardInterrupt:
        raise
    except BaseException as ended:
        if type(ended).__name__ == "CheckTimedOut":
            raise


def states_truly(stated: Stated, found: list[Outcome]) -> bool:
    """Some run of the fragment gave what ``stated`` says (its value, exception or output)."""
    if stated.exception:
        return any(
            outcome.raised is not None
            and stated.exception in {cls.__name__ for cls in type(outcome.raised).__mro__}
            for outcome in found
        )
    expected = stated.value
    if stated.verb == "prints":
        return any(outcome.printed.strip() == str(expected) for outcome in found)
    return any(
        outcome.raised is None
        and type(outcome.value) is type(expected)
        and outcome.value == expected
        for outcome in found
    )


def _recorders(recorded: list[Outcome]) -> tuple[Callable[..., Any], Callable[..., Any]]:
    def record(thunk: Callable[[], Any]) -> Any:
        printed = io.StringIO()
        try:
            with contextlib.redirect_stdout(printed):
                value = thunk()
        except BaseException as raised:
            recorded.append(Outcome(raised=raised, printed=printed.getvalue()))
            raise
        finally:
            print(printed.getvalue(), end="")
        recorded.append(Outcome(value=value, printed=printed.getvalue()))
        return value

    async def arecord(thunk: Callable[[], Any]) -> Any:
        try:
            value = await thunk()
        except BaseException as raised:
            recorded.append(Outcome(raised=raised))
            raise
        recorded.append(Outcome(value=value))
        return value

    return record, arecord


def _instrumented(code: str, fragment: ast.Expression | ast.Module) -> Any:
    """``code`` compiled with every occurrence of ``fragment`` wrapped in a recorder."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return compile("", "<question code>", "exec")
    if isinstance(fragment, ast.Expression):
        recording = ast.fix_missing_locations(_Recorder(fragment.body).visit(ast.parse(code)))
        try:  # a wrapped name can break a nonlocal or a class scope: then run it unwrapped
            return compile(recording, "<question code>", "exec")
        except SyntaxError:
            pass
    try:
        return compile(tree, "<question code>", "exec")
    except SyntaxError:  # the question is about code that does not compile
        return compile("", "<question code>", "exec")


class _Recorder(ast.NodeTransformer):
    def __init__(self, target: ast.expr) -> None:
        self.awaited = isinstance(target, ast.Await)
        inner = target.value if isinstance(target, ast.Await) else target
        self.target = ast.unparse(inner)
        # "f()" in prose names every call of f (or x.f): "sum() is 5".
        self.callee = (
            ast.unparse(inner.func)
            if isinstance(inner, ast.Call) and not inner.args and not inner.keywords
            else None
        )

    def _matches(self, node: ast.expr) -> bool:
        if any(isinstance(child, UNRUNNABLE) for child in ast.walk(node)):
            return False
        if ast.unparse(node) == self.target:
            return True
        if self.callee is None or not isinstance(node, ast.Call):
            return False
        callee = ast.unparse(node.func)
        return callee == self.callee or callee.endswith("." + self.callee)

    def visit(self, node: ast.AST) -> ast.AST:
        if self.awaited and isinstance(node, ast.Await) and self._matches(node.value):
            return ast.Await(_thunk_call(ARECORD, node.value))
        if not self.awaited and isinstance(node, ast.expr) and self._matches(node):
            if not isinstance(getattr(node, "ctx", ast.Load()), ast.Load):
                return node
            return ast.copy_location(_thunk_call(RECORD, node), node)
        return super().visit(node)


def _thunk_call(recorder: str, node: ast.expr) -> ast.Call:
    arguments = ast.arguments(
        posonlyargs=[], args=[], vararg=None, kwonlyargs=[], kw_defaults=[], kwarg=None, defaults=[]
    )
    return ast.Call(ast.Name(recorder, ast.Load()), [ast.Lambda(arguments, node)], [])


def _run_after(
    tree: ast.Expression | ast.Module, namespace: dict[str, Any], clock: VirtualClock
) -> Outcome:
    mode = "eval" if isinstance(tree, ast.Expression) else "exec"
    compiled = compile(tree, "<fragment>", mode, flags=TOP_LEVEL_AWAIT)
    printed = io.StringIO()
    try:
        with contextlib.redirect_stdout(printed):
            value = eval(compiled, namespace)
            if compiled.co_flags & inspect.CO_COROUTINE:
                value = run_on_virtual_loop(value, clock)
    except KeyboardInterrupt:
        raise
    except BaseException as raised:  # pytest.skip() and sys.exit() are outcomes too
        if type(raised).__name__ == "CheckTimedOut":
            raise
        return Outcome(raised=raised, printed=printed.getvalue())
    return Outcome(value=value, printed=printed.getvalue())
