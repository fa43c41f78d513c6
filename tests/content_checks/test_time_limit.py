"""A check that hangs fails after the per-check time limit (conftest.pytest_runtest_call)."""

from __future__ import annotations

import textwrap

import pytest

import tests.content_checks.conftest as checks

pytest_plugins = ["pytester"]

CONFTEST = """
from tests.content_checks.conftest import pytest_runtest_call  # the hook under test
"""

HANGING = """
import asyncio
import threading


async def test_an_await_that_never_returns():
    await asyncio.Event().wait()


def test_a_blocking_wait_that_never_returns():
    threading.Event().wait()


def test_a_quick_check():
    assert True
"""


def test_a_hanging_check_fails_with_check_timed_out(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(checks, "CHECK_TIME_LIMIT", 0.5)  # restored after this test
    pytester.makeconftest(CONFTEST)
    pytester.makeini(
        "[pytest]\nasyncio_mode = auto\nasyncio_default_fixture_loop_scope = function\n"
    )
    pytester.makepyfile(test_hangs=textwrap.dedent(HANGING))
    result = pytester.runpytest_inprocess("-p", "no:cacheprovider", "-o", "asyncio_mode=auto", "-q")
    result.assert_outcomes(passed=1, failed=2)
    result.stdout.fnmatch_lines(["*CheckTimedOut*ran past 0.5 s*"])
