"""Run the installed ``quiz-tutor`` entry point as a subprocess, in a folder, with a clean env."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENTRY_POINT = Path(sys.executable).parent / "quiz-tutor"
ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ("DISCORD_TOKEN", "QUIZ_TUTOR_DATABASE", "QUIZ_TUTOR_CONTENT", "QUIZ_TUTOR_GUILD")
SETTINGS += ("QUIZ_TUTOR_SHARDS", "QUIZ_TUTOR_UPLOAD_WORKERS")


def clean_env(**settings: str) -> dict[str, str]:
    """Return the environment without any quiz-tutor setting, plus ``settings``."""
    env = {k: v for k, v in os.environ.items() if k not in SETTINGS}
    env.update(settings)
    return env


def quiz_tutor(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run ``quiz-tutor ARGS`` in ``cwd``; a generous timeout only guards against a hang."""
    return subprocess.run(
        [str(ENTRY_POINT), *args],
        cwd=cwd,
        env=env if env is not None else clean_env(),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def python(
    *args: str, cwd: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the venv's Python with ``args`` in ``cwd``, the project importable."""
    environment = env if env is not None else clean_env()
    environment = {**environment, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
