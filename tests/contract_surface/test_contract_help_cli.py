"""`quiz-tutor --help`, `run --help` and `--version` through the real entry point."""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

import pytest

from tests.contract_surface.cli import SETTINGS, quiz_tutor

COMMANDS = (["--help"], ["run", "--help"], ["validate", "--help"], ["import", "--help"])
COMMANDS += (["db", "copy", "--help"], ["playground", "--help"])


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_help_is_plain_text_without_markup(args: list[str], tmp_path: Path) -> None:
    done = quiz_tutor(*args, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("usage: quiz-tutor")
    assert "``" not in done.stdout
    assert "`" not in done.stdout


def test_run_help_lists_every_setting(tmp_path: Path) -> None:
    done = quiz_tutor("run", "--help", cwd=tmp_path)
    assert done.returncode == 0
    for name in SETTINGS:
        assert f"\n  {name} " in done.stdout, name
    assert ".env" in done.stdout


def test_version_prints_the_installed_version(tmp_path: Path) -> None:
    done = quiz_tutor("--version", cwd=tmp_path)
    assert done.returncode == 0
    assert done.stdout == f"quiz-tutor {metadata.version('quiz-tutor')}\n"
