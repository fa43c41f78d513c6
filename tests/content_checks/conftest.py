"""One throwaway Django project for every content check (Django, Channels, plain Python).

Django can be configured only once per process, so it is configured here, once, when pytest
imports this conftest: before any check module is imported, so a check may import models and
Django helpers at module level. Everything checks need is installed:

- ``INSTALLED_APPS``: contenttypes, auth, sessions, messages, admin, staticfiles, channels and
  ``djangoapp`` (``tests.content_checks.djangoapp``), the app for models checks query, and
  ``querysets`` (the Author/Book/Tag/Article/Post models of the shipped ORM and async sets).
- ``DATABASES``: one SQLite file in a temporary folder (a file, not ``:memory:``, so the threads
  ``sync_to_async`` and ``database_sync_to_async`` use see the same tables). The tables of every
  installed app are created once per session (``migrate --run-syncdb``) before the first check.
- ``MIDDLEWARE``: the list ``startproject`` writes (security, sessions, common, csrf, auth,
  messages, clickjacking). ``TEMPLATES``: the default Django backend with the admin's context
  processors. ``CHANNEL_LAYERS``: the in-memory layer. ``ROOT_URLCONF``: no routes.

How to:

- Models: add a module ``tests/content_checks/djangoapp/models/<topic>.py`` (every module in that
  package is imported, so its models get the ``djangoapp`` label and a table; no migrations).
  Keep model class names unique across the app. For a model a single check declares on the fly,
  use ``django.test.utils.isolate_apps("tests.content_checks.djangoapp")`` and create its table
  yourself with ``connection.schema_editor()``.
- Rows: request the ``django_db`` fixture; it empties every table of ``djangoapp``, ``querysets``,
  auth, sessions and admin after the test, so checks never see each other's rows.
- Routes and settings: ``django.test.override_settings(ROOT_URLCONF=...)`` takes a module path or
  any object with a ``urlpatterns`` attribute (e.g. ``types.SimpleNamespace(urlpatterns=[...])``);
  ``override_settings(MIDDLEWARE=[...])`` works for a handler or ``Client`` created inside it.
- Query counts: ``django.test.utils.CaptureQueriesContext(connection)``.
- Channels: ``channels.testing.WebsocketCommunicator`` / ``HttpCommunicator``; checks are plain
  ``async def`` tests (``asyncio_mode = "auto"``).

Every check is run twice or more (``pytest_generate_tests`` below):

- ``shipped``: against the shipped set; it must pass.
- ``swap:<set>/<question>:<letter>``: once per question the check ``@proves``, against a copy
  where the keyed option's text is exchanged with one distractor's (``shipped.swap_partner``,
  the next letter), so the key states something false. It must fail (strict xfail): a check
  that stays green never read what the keyed option says. ``CONTENT_CHECKS_ALL_SWAPS=1`` swaps
  with every distractor instead of one.

After a ``shipped`` run passes, the explanations of every question the check proves are checked
against what the check saw (``explanations.py``; a fact the check saw beyond the options is
recorded with ``shipped.observed``).

No check can hang: each has ``CHECK_TIME_LIMIT`` seconds, then fails with ``CheckTimedOut``.
"""

from __future__ import annotations

import atexit
import os
import shutil
import signal
import tempfile
from collections.abc import Generator, Iterator
from pathlib import Path
from types import FrameType

import django
import pytest
from django.conf import settings

# The shared helpers assert too; rewrite them so a failure shows the compared values.
pytest.register_assert_rewrite("tests.content_checks.shipped", "tests.content_checks.snippets")

from tests.content_checks.explanations import (  # noqa: E402
    explanation_errors,
    planted_errors,
)
from tests.content_checks.shipped import (  # noqa: E402
    forget_observed,
    mutated,
    observed_facts,
    question,
    swap_partner,
    swapped,
)

DEFAULT_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]
"""The middleware ``django-admin startproject`` writes (Django 5.2), in its order."""

CHECKS_APP_LABEL = "djangoapp"
_CLEARED_APP_LABELS = (CHECKS_APP_LABEL, "querysets", "auth", "sessions", "admin")


def _configure_django() -> None:
    if settings.configured:
        return
    database_folder = Path(tempfile.mkdtemp(prefix="quiz-tutor-content-checks-"))
    atexit.register(shutil.rmtree, database_folder, ignore_errors=True)
    settings.configure(
        DEBUG=False,
        SECRET_KEY="content-checks-only",
        ALLOWED_HOSTS=["testserver", "localhost", "127.0.0.1"],
        INSTALLED_APPS=[
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "django.contrib.staticfiles",
            "channels",
            "tests.content_checks.djangoapp.apps.ContentChecksConfig",
            "tests.content_checks.querysetsapp.apps.QuerysetsConfig",
        ],
        MIDDLEWARE=DEFAULT_MIDDLEWARE,
        ROOT_URLCONF="tests.content_checks.djangoapp.urls",
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [],
                "APP_DIRS": True,
                "OPTIONS": {
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                    ]
                },
            }
        ],
        DATABASES={
            "default": {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": str(database_folder / "checks.sqlite3"),
                # A throwaway file: skip the disk syncs that make creating tables slow.
                "OPTIONS": {"init_command": "PRAGMA synchronous=OFF; PRAGMA journal_mode=MEMORY;"},
            }
        },
        CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
        DEFAULT_AUTO_FIELD="django.db.models.BigAutoField",
        USE_TZ=True,
        STATIC_URL="static/",
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    django.setup()


_configure_django()


@pytest.fixture(scope="session", autouse=True)
def django_tables() -> None:
    """Create the tables of every installed app, once per session."""
    from django.core.management import call_command

    call_command("migrate", run_syncdb=True, verbosity=0, interactive=False)


@pytest.fixture
def django_db(django_tables: None) -> Iterator[None]:
    """Let a check write rows; the tables of djangoapp, querysets, auth, sessions and admin are
    emptied after it."""
    yield
    from django.apps import apps
    from django.db import connection, transaction

    tables = [
        model._meta.db_table
        for label in _CLEARED_APP_LABELS
        for model in apps.get_app_config(label).get_models(include_auto_created=True)
        if not model._meta.proxy and model._meta.managed
    ]
    # SQLite foreign keys are deferred to commit, so the order of the deletes does not matter.
    with transaction.atomic(), connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"DELETE FROM {connection.ops.quote_name(table)}")


CHECK_TIME_LIMIT = 30
"""Seconds one check may run before it fails (a check must fail, never hang)."""

ALL_SWAPS = os.environ.get("CONTENT_CHECKS_ALL_SWAPS") == "1"


class CheckTimedOut(Exception):
    """A check ran past CHECK_TIME_LIMIT."""


def _variants(keys: tuple[str, ...]) -> list[object]:
    variants: list[object] = [pytest.param("shipped", id="shipped")]
    for key in keys:
        found = question(key)
        partners = (
            [letter for letter in found.letters if letter != found.answer_letter]
            if ALL_SWAPS
            else [swap_partner(key)]
        )
        for letter in partners:
            variant = f"swap:{key}:{letter}"
            reason = f"{key}: the keyed text swapped with {letter}'s must turn the check red"
            variants.append(
                pytest.param(
                    variant, id=variant, marks=pytest.mark.xfail(strict=True, reason=reason)
                )
            )
    return variants


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    keys = getattr(metafunc.function, "__proves__", ())
    if keys and "content_variant" in metafunc.fixturenames:
        metafunc.parametrize("content_variant", _variants(keys), indirect=True)


@pytest.fixture(autouse=True)
def content_variant(request: pytest.FixtureRequest) -> Iterator[str]:
    """The content a check reads: the shipped sets, or one mutant question (see above)."""
    variant: str = getattr(request, "param", "shipped")
    if variant == "shipped":
        keys = getattr(request.function, "__proves__", ())
        for key in keys:
            forget_observed(key)
        yield variant
        for key in keys:  # the check passed: its question's explanations must hold too
            check_explanations(key)
        return
    _, key, letter = variant.split(":")
    with mutated(key, swapped(key, letter)):
        yield variant


def check_explanations(key: str) -> None:
    """The question's explanations state only what its check saw or its texts claim, and a
    false explanation planted in a copy is caught (explanations.py)."""
    facts = observed_facts(key)
    errors = explanation_errors(question(key), facts)
    assert errors == [], (key, errors)
    for planted, copy in planted_errors(question(key)).items():
        assert explanation_errors(copy, facts), (key, f"{planted} went unnoticed")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, object, object]:
    """Fail a check that runs past CHECK_TIME_LIMIT (SIGALRM interrupts a blocked loop too)."""

    def time_out(signum: int, frame: FrameType | None) -> None:
        raise CheckTimedOut(f"{item.nodeid} ran past {CHECK_TIME_LIMIT} s")

    previous = signal.signal(signal.SIGALRM, time_out)
    signal.setitimer(signal.ITIMER_REAL, CHECK_TIME_LIMIT)
    try:
        return (yield)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
