"""Without PostgreSQL's binaries the skipped half is said in the summary, even with -q."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NO_POSTGRES = """\
import tests.conftest as project

project.find_bin_dir = lambda: None  # as on a machine without PostgreSQL's binaries
pytest_plugins = ["tests.conftest"]
"""

TESTS = """\
def test_on_postgresql(postgres_url):
    pass


def test_on_both(database_target):
    pass
"""


def _pytest(folder: Path, *args: str, ci: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = str(ROOT)
    if ci is not None:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", *args],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_quiet_run_says_how_many_postgresql_tests_were_skipped_and_why(tmp_path: Path) -> None:
    (tmp_path / "conftest.py").write_text(NO_POSTGRES, encoding="utf-8")
    (tmp_path / "test_some.py").write_text(TESTS, encoding="utf-8")
    done = _pytest(tmp_path, "-q")
    assert done.returncode == 0, done.stdout + done.stderr
    assert (
        "postgresql: 2 tests were SKIPPED, the PostgreSQL binaries were not found: only the "
        "SQLite half ran (apt-get install postgresql to run both)."
    ) in done.stdout
    assert "1 passed, 2 skipped" in done.stdout

    failed = _pytest(tmp_path, "-q", ci="true")
    assert failed.returncode == 1
    assert "CI=true requires the postgresql half" in failed.stdout
