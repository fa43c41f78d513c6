"""A process that drops its storage (or a started bot) without close() still exits (issue 12)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

SCRIPT = Path(__file__).with_name("drop_without_close.py")


def test_dropped_storage_and_bot_let_the_process_exit(tmp_path: Path) -> None:
    try:
        done = subprocess.run(
            [sys.executable, str(SCRIPT), str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,  # a leftover non-daemon thread hangs it forever; this ends the test
            check=False,
        )
    except subprocess.TimeoutExpired as expired:
        pytest.fail(f"the process did not exit after dropping its storage: {expired.stderr!r}")
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines() == ["dropped"]
