"""A small question set for playground tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.playground.world import PlaygroundOptions

QUICK_SET = """\
id: quick
title: Quick Check
defaults:
  time_limit: 30
  attempts: 2
questions:
  - id: second-letter
    prompt: Which letter comes second?
    options: {A: Alpha, B: Bravo, C: Charlie}
    answer: B
    hint: It sounds like a cheer.
  - id: sum
    prompt: What is 2 + 2?
    options: {A: "3", B: "4", C: "5", D: "22"}
    answer: B
"""


@pytest.fixture
def quick_content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "quick.yaml").write_text(QUICK_SET, encoding="utf-8")
    return folder


@pytest.fixture
def offline_options(tmp_path: Path, quick_content: Path) -> PlaygroundOptions:
    """A playground on the quick set, no classmates, its clock moved only by the test."""
    return PlaygroundOptions(
        database=tmp_path / "playground.db",
        content_dir=quick_content,
        classmates=0,
        realtime=False,
    )
