"""Which shipped questions an executable check proves.

A check is a test that runs the code a question is about and asserts what the marked option,
the distractors and the solution claim. Decorate it with ``@proves("set-id/question-id")``
(several ids when one run proves several questions); ``test_every_code_question_is_proven``
fails for any shipped question with a ``code:`` block (or listed in ``NEEDS_PROOF``) that no
check proves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

Check = TypeVar("Check", bound=Callable[..., object])

PROVEN: set[str] = set()
"""Every ``set-id/question-id`` some check in this folder proves."""

NEEDS_PROOF: frozenset[str] = frozenset(
    {
        # No code block, but the answer is a claim about what code does (errors, output,
        # order, status codes, threads), so it is run like the code questions.
        "asgi-vs-wsgi/wsgi-websocket",
        "django-models-migrations/not-null-field-prompt",
        "asgi-vs-wsgi/websocket-without-channels",
        "asgi-vs-wsgi/concurrent-connections",
        "asgi-vs-wsgi/chat-app-setup",
        "django-async-channels/async-view-definition",
        "django-async-channels/sync-to-async-call",
        "django-async-channels/thread-sensitive",
        "django-async-channels/inmemory-layer-processes",
        "django-async-channels/sync-middleware-under-asgi",
        "django-request-lifecycle/register-middleware",
        "django-request-lifecycle/lifecycle-order",
        "django-request-lifecycle/csrf-missing-token",
        "django-request-lifecycle/process-view-response",
        "django-orm-querysets/f-expression-increment",
        "django-orm-querysets/select-vs-prefetch",
        "python-asyncio/asyncio-run-entry",
    }
)
"""Shipped questions without a ``code:`` block that must be proven all the same."""


def proves(*question_keys: str) -> Callable[[Check], Check]:
    """Record that the decorated test proves these questions."""
    for key in question_keys:
        set_id, _, question_id = key.partition("/")
        if not set_id or not question_id:
            raise ValueError(f"expected 'set-id/question-id', not {key!r}")
        PROVEN.add(key)

    def mark(check: Check) -> Check:
        # conftest.py reads this to run the check once more per question against a mutant copy
        # (the keyed option's text swapped with a distractor's), where it must fail.
        check.__proves__ = (*getattr(check, "__proves__", ()), *question_keys)  # type: ignore[attr-defined]
        return check

    return mark
