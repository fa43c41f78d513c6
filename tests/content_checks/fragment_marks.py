"""Which explanation fragments run, which state a true outcome, and which are marked as not code.

``verdict`` settles one fragment (``fragments.py`` finds them, ``fragment_runs.py`` runs them):

- ``checked``: it states an outcome, and running it gives that outcome.
- ``ran``: it states none, and it ran: it gave a value; or no rule below applies and it raised
  an exception the question's own texts or explanations name (the error the question is about).
- ``rule:<name>``: it gave no value, and one of ``RULES`` says why (it is a name, pseudo-code,
  a call shape over parameters...). A rule never excuses a stated outcome.
- ``registry``: listed in ``REGISTRY`` (fragment_registry.py), with the reason, per question; a
  stated outcome is listed with its value (``count() is 2``), which the named check proves.
- anything else is a problem: ``wrong: ...`` (the stated outcome is not what running gives) or
  ``unmarked: ...`` (it neither runs nor is marked).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable

from content.model import Question
from tests.content_checks.explanations import EXCEPTION, explanation_texts, own_texts
from tests.content_checks.fragment_registry import REGISTRY
from tests.content_checks.fragment_runs import (
    PROCESS_WIDE,
    Outcome,
    outcomes,
    parse,
    states_truly,
)
from tests.content_checks.fragments import FILE_NAME, Fragment

NAME = re.compile(r"(?:await\s+)?@?[A-Za-z_][\w.]*(?:\(\))?")
SHELL = re.compile(r"(?:python|pip|pytest|django-admin|daphne|uvicorn|gunicorn)\s.*|\S+\.py\b.*")
RECEIVERS = (
    "django.db.models.QuerySet",
    "django.forms.BaseForm",
    "django.forms.BaseModelForm",
    "django.http.QueryDict",
    "django.db.migrations.RunPython",
    "channels.generic.websocket.AsyncWebsocketConsumer",
    "asyncio",
    "asyncio.Task",
    "pytest.mark",
)
"""The objects whose methods the texts name without the object: ``only("title")``."""


def _receiver_attributes() -> frozenset[str]:
    import importlib

    names: set[str] = set()
    for dotted in RECEIVERS:
        module_name, _, attribute = dotted.rpartition(".")
        try:
            found = importlib.import_module(dotted)
        except ImportError:
            found = getattr(importlib.import_module(module_name), attribute)
        names.update(dir(found))
    names.update(("parametrize", "xfail", "skipif", "send", "close", "throw"))
    return frozenset(names)


RECEIVER_ATTRIBUTES = _receiver_attributes()


def _call_root(source: str) -> tuple[str, set[str], bool] | None:
    """For a call fragment: the root name of its callee, the other names it uses, and whether
    every argument of every call in it is a bare name (a call written over parameters)."""
    tree = parse(source)
    node = tree.body if isinstance(tree, ast.Expression) else None
    if isinstance(node, ast.Await):
        node = node.value
    if not isinstance(node, ast.Call):
        return None
    callee: ast.expr = node
    while isinstance(callee, ast.Attribute | ast.Call | ast.Subscript):
        callee = callee.func if isinstance(callee, ast.Call) else callee.value
    root = callee.id if isinstance(callee, ast.Name) else ""
    names = {name.id for name in ast.walk(node) if isinstance(name, ast.Name)} - {root}
    calls = [call for call in ast.walk(node) if isinstance(call, ast.Call)]
    bare = all(
        isinstance(argument, ast.Name)
        or (isinstance(argument, ast.Starred) and isinstance(argument.value, ast.Name))
        for call in calls
        for argument in [*call.args, *(keyword.value for keyword in call.keywords)]
    )
    return root, names, bare


def _missing(found: list[Outcome]) -> str | None:
    raised = found[-1].raised if found else None
    return getattr(raised, "name", None) if isinstance(raised, NameError) else None


def _defined_in_code(question: Question, name: str) -> bool:
    if question.code is None:
        return False
    return (
        re.search(
            rf"(?:class|def)\s+{re.escape(name)}\b|^{re.escape(name)}\s*=",
            question.code.source,
            re.M,
        )
        is not None
    )


Rule = Callable[[Fragment, Question, list[Outcome]], bool]

RULES: dict[str, tuple[str, Rule]] = {
    "process-wide": (
        "changes the test process itself (pytest's import hooks, os.environ, settings): "
        "shown, never run here; the question's check runs it in a pytester or a subprocess",
        lambda fragment, question, found: PROCESS_WIDE.search(fragment.source) is not None,
    ),
    "name": (
        "a bare or dotted name, with empty parentheses at most: names a function, not a call",
        lambda fragment, question, found: NAME.fullmatch(fragment.source.strip()) is not None,
    ),
    "placeholder": (
        "pseudo-code: '...' stands for what the text leaves out",
        lambda fragment, question, found: "..." in fragment.source or "…" in fragment.source,
    ),
    "shell or file": (
        "a shell command or a file name, not Python",
        lambda fragment, question, found: bool(
            SHELL.fullmatch(fragment.source) or FILE_NAME.fullmatch(fragment.source)
        ),
    ),
    "call shape": (
        "a call written over parameter names (application(scope, receive, send), d(f)): "
        "a signature, with no values to run",
        lambda fragment, question, found: (
            (shape := _call_root(fragment.source)) is not None
            and shape[2]
            and _missing(found) in {shape[0], *shape[1]}
        ),
    ),
    "method without receiver": (
        "a method named without its object (only('title') of a QuerySet, send() of a generator)",
        lambda fragment, question, found: (
            (shape := _call_root(fragment.source)) is not None
            and _missing(found) == shape[0]
            and shape[0] in RECEIVER_ATTRIBUTES
        ),
    ),
    "self": (
        "a method body's call on self: runs only on an instance the text does not build",
        lambda fragment, question, found: (
            (shape := _call_root(fragment.source)) is not None
            and shape[0] == _missing(found)
            and shape[0] == "self"
        ),
    ),
    "django project": (
        "uses a name the question's code defines only inside a Django project (a model, a form)",
        lambda fragment, question, found: (
            (missing := _missing(found)) is not None and _defined_in_code(question, missing)
        ),
    ),
}


def _named_by_texts(question: Question) -> set[str]:
    texts = "\n".join([own_texts(question), *explanation_texts(question)])
    return set(EXCEPTION.findall(texts))


def registry_key(fragment: Fragment) -> str:
    """How ``REGISTRY`` names a fragment: as written, and with the outcome it states, if any
    (``count() is 2``), so changing a registered stated value is caught all the same."""
    if fragment.stated is None:
        return fragment.source
    return f"{fragment.source} {fragment.stated.verb} {fragment.stated.written}"


def verdict(fragment: Fragment, question: Question) -> str:
    """How ``fragment`` is accounted for (see the module doc)."""
    found = outcomes(question, fragment.source)
    if fragment.stated is not None:
        if states_truly(fragment.stated, found):
            return "checked"
        if (fragment.key, registry_key(fragment)) in REGISTRY:
            return "registry"
        gave = [repr(o.value)[:60] if o.raised is None else type(o.raised).__name__ for o in found]
        stated = f"{fragment.stated.verb} {fragment.stated.written}"
        return f"wrong: {fragment.source} {stated}, ran: {gave[:4]}"
    if any(outcome.raised is None for outcome in found):
        return "ran"
    for name, (_, applies) in RULES.items():
        if applies(fragment, question, found):
            return f"rule:{name}"
    named = _named_by_texts(question)
    if any(type(outcome.raised).__name__ in named for outcome in found):
        return "ran"
    if (fragment.key, fragment.source) in REGISTRY:
        return "registry"
    gave = [f"{type(o.raised).__name__}: {str(o.raised)[:60]}" for o in found if o.raised]
    return f"unmarked: {fragment.source!r} ({fragment.where}) {gave[:1] or 'does not compile'}"
