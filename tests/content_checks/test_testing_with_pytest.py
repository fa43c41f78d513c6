"""Checks for the testing-with-pytest set: each runs the question's tests in a nested pytest.

``pytester`` runs pytest in-process on files written to a temporary folder, so what the checks
assert is what pytest itself reports for the question's code.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from tests.content_checks.proving import proves
from tests.content_checks.shipped import code_of, marked

pytest_plugins = ["pytester"]

SET = "testing-with-pytest"


@pytest.fixture(autouse=True)
def bare_pytest(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run the nested pytest without third-party plugins: plain pytest is what the set is about,
    and the installed plugins (hypothesis especially) make each nested run seconds slower."""
    monkeypatch.setenv("PYTEST_DISABLE_PLUGIN_AUTOLOAD", "1")


def run(pytester: pytest.Pytester, source: str, *args: str) -> pytest.RunResult:
    """Write ``source`` as test_question.py and run pytest on it (no cache)."""
    pytester.makepyfile(test_question=textwrap.dedent(source))
    return pytester.runpytest("-p", "no:cacheprovider", *args)


def run_shipped(pytester: pytest.Pytester, key: str, *args: str) -> pytest.RunResult:
    """Run the shipped question's code block, unchanged, as a test file."""
    return run(pytester, code_of(key), *args)


def files_of(key: str) -> dict[str, str]:
    """Split a code block written as several files ("# name.py" headers) into name -> source."""
    files: dict[str, str] = {}
    name = ""
    for line in code_of(key).splitlines():
        header = re.fullmatch(r"# (\w+)\.py", line)
        if header:
            name = header.group(1)
            files[name] = ""
        else:
            files[name] += line + "\n"
    return files


def printed_in_order(result: pytest.RunResult, pattern: str) -> list[str]:
    """What the question's code printed that matches ``pattern``, in output order.

    With ``-s`` the prints share lines with pytest's progress dots, so lines are not compared
    whole. Only the run itself is searched: from "collected ..." to the first "=====" section
    (tracebacks quote the source, prints included).
    """
    output = result.stdout.str()
    run_part = output[output.index("collected") :]
    return re.findall(pattern, run_part.split("\n=")[0])


@proves(f"{SET}/fixture-scope-module")
def test_module_fixture_is_created_once_per_module(pytester: pytest.Pytester) -> None:
    key = f"{SET}/fixture-scope-module"
    result = run_shipped(pytester, key, "-s")
    result.assert_outcomes(passed=3)
    assert len(printed_in_order(result, "connect")) == 1
    assert marked(key) == "1"
    per_test = run(pytester, code_of(key).replace('scope="module"', 'scope="function"'), "-s")
    assert len(printed_in_order(per_test, "connect")) == 2  # the default scope


@proves(f"{SET}/yield-teardown-order")
def test_yield_fixtures_tear_down_in_reverse_order(pytester: pytest.Pytester) -> None:
    key = f"{SET}/yield-teardown-order"
    result = run_shipped(pytester, key, "-s")
    result.assert_outcomes(passed=1)
    steps = printed_in_order(result, r"db up|user up|\btest\b|user down|db down")
    assert steps == ["db up", "user up", "test", "user down", "db down"]
    assert marked(key) == ", ".join(steps)


@proves(f"{SET}/teardown-after-failure")
def test_teardown_runs_after_a_failing_test(pytester: pytest.Pytester) -> None:
    key = f"{SET}/teardown-after-failure"
    result = run_shipped(pytester, key, "-s")
    result.assert_outcomes(failed=1)
    assert printed_in_order(result, "start|stop") == ["start", "stop"]
    assert marked(key).startswith("Yes;")
    # The solution's exception: when setup raises before yield, the teardown never runs.
    broken = code_of(key).replace('print("start")', 'print("start")\n    raise OSError("busy")')
    result = run(pytester, broken, "-s")
    result.assert_outcomes(errors=1)
    assert printed_in_order(result, "start|stop") == ["start"]


@proves(f"{SET}/parametrize-ids")
def test_parametrize_ids_are_built_from_the_values(pytester: pytest.Pytester) -> None:
    key = f"{SET}/parametrize-ids"
    result = run_shipped(pytester, key, "-v")
    result.assert_outcomes(passed=2)
    ids = [line.split()[0].split("::")[1] for line in result.outlines if " PASSED" in line]
    assert ids == ["test_square[2-4]", "test_square[3-9]"]
    assert marked(key) == " and ".join(ids)


@proves(f"{SET}/stacked-parametrize")
def test_stacked_parametrize_runs_every_combination(pytester: pytest.Pytester) -> None:
    key = f"{SET}/stacked-parametrize"
    run_shipped(pytester, key).assert_outcomes(passed=6)
    assert marked(key) == "6"


@proves(f"{SET}/raises-code-after")
def test_code_after_the_raising_line_never_runs(pytester: pytest.Pytester) -> None:
    key = f"{SET}/raises-code-after"
    run_shipped(pytester, key).assert_outcomes(passed=1)
    assert marked(key) == "It passes."


@proves(f"{SET}/monkeypatch-where-used")
def test_monkeypatch_must_patch_the_name_the_code_looks_up(pytester: pytest.Pytester) -> None:
    key = f"{SET}/monkeypatch-where-used"
    files = files_of(key)
    assert set(files) == {"weather", "report", "test_report"}
    pytester.makepyfile(**files)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["FAILED test_report.py::test_report - ConnectionError*"])
    assert "ConnectionError" in marked(key)
    # The solution's fix: patch the name in report, the module that looks it up.
    fixed = files["test_report"].replace("setattr(weather,", "setattr(report,")
    pytester.makepyfile(test_report=fixed)
    pytester.runpytest("-p", "no:cacheprovider").assert_outcomes(passed=1)


@proves(f"{SET}/monkeypatch-undo")
def test_monkeypatch_undoes_setenv_after_the_test(
    pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch
) -> None:
    key = f"{SET}/monkeypatch-undo"
    monkeypatch.delenv("APP_MODE", raising=False)
    result = run_shipped(pytester, key, "-s")
    result.assert_outcomes(passed=2)
    assert printed_in_order(result, r"APP_MODE is \S+") == [marked(key)]
    assert marked(key) == "APP_MODE is None"


@proves(f"{SET}/tmp-path-fresh")
def test_each_test_gets_its_own_empty_tmp_path(pytester: pytest.Pytester) -> None:
    key = f"{SET}/tmp-path-fresh"
    result = run_shipped(pytester, key, "-s")
    result.assert_outcomes(passed=2)
    assert printed_in_order(result, r"contents: \S+") == [marked(key)]
    assert marked(key) == "contents: []"
    is_a_path = """
        import pathlib

        def test_type(tmp_path):
            assert isinstance(tmp_path, pathlib.Path)
    """
    run(pytester, is_a_path).assert_outcomes(passed=1)


@proves(f"{SET}/xfail-passes")
def test_passing_xfail_test_is_xpassed_and_not_a_failure(pytester: pytest.Pytester) -> None:
    key = f"{SET}/xfail-passes"
    result = run_shipped(pytester, key)
    result.assert_outcomes(xpassed=1)
    assert result.ret == pytest.ExitCode.OK
    assert marked(key).startswith("1 xpassed")
    strict = code_of(key).replace('reason="bug 42"', 'reason="bug 42", strict=True')
    run(pytester, strict).assert_outcomes(failed=1)  # the solution's strict=True


@proves(f"{SET}/mark-deselect")
def test_marker_expression_deselects_tests(pytester: pytest.Pytester) -> None:
    key = f"{SET}/mark-deselect"
    pytester.makeini("[pytest]\nmarkers =\n    slow: tests that take long\n")
    result = run_shipped(pytester, key, "-m", "not slow")
    result.assert_outcomes(passed=2, deselected=1)
    result.stdout.fnmatch_lines(["*2 passed, 1 deselected*"])
    assert marked(key) == "2 passed, 1 deselected"


@proves(f"{SET}/conftest-scope")
def test_conftest_fixtures_reach_only_their_folder_and_below(pytester: pytest.Pytester) -> None:
    key = f"{SET}/conftest-scope"
    assert "tests/\n  conftest.py" in code_of(key)
    tests = pytester.mkdir("tests")
    api = tests / "api"
    api.mkdir()
    (tests / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef db():\n    return 'db'\n"
    )
    (tests / "test_top.py").write_text("def test_top(db, user):\n    pass\n")
    (api / "conftest.py").write_text(
        "import pytest\n\n@pytest.fixture\ndef user():\n    return 'ann'\n"
    )
    (api / "test_api.py").write_text("def test_api(db, user):\n    pass\n")
    result = pytester.runpytest("-p", "no:cacheprovider", "-rA")
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*fixture 'user' not found*"])
    result.stdout.fnmatch_lines(["PASSED tests/api/test_api.py::test_api*"])
    result.stdout.fnmatch_lines(["ERROR tests/test_top.py::test_top*"])
    assert marked(key) == "test_api passes; test_top errors with \"fixture 'user' not found\"."


@proves(f"{SET}/assertion-rewrite-helper")
def test_asserts_in_plain_helper_modules_are_not_rewritten(pytester: pytest.Pytester) -> None:
    key = f"{SET}/assertion-rewrite-helper"
    files = files_of(key)
    assert set(files) == {"helpers", "test_cart"}
    pytester.makepyfile(**files)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E       AssertionError"])
    result.stdout.no_fnmatch_line("*assert 3 == 4*")
    assert marked(key) == "A bare E AssertionError, without the values."


def test_register_assert_rewrite_restores_the_details(pytester: pytest.Pytester) -> None:
    """The solution's fix (supports the check above; the option texts are read there)."""
    key = f"{SET}/assertion-rewrite-helper"
    pytester.makeconftest('import pytest\n\npytest.register_assert_rewrite("helpers")\n')
    pytester.makepyfile(**files_of(key))
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["E       assert 3 == 4", "E        +  where 3 = sum([1, 2])"])


@proves(f"{SET}/scope-mismatch")
def test_wider_fixture_cannot_request_a_narrower_one(pytester: pytest.Pytester) -> None:
    key = f"{SET}/scope-mismatch"
    result = run_shipped(pytester, key)
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(
        [
            "*ScopeMismatch: You tried to access the function scoped fixture user with a module "
            "scoped request object*"
        ]
    )
    assert "ScopeMismatch" in marked(key)
