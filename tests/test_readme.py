"""The README is a guide a newcomer can follow: its steps, sections and example hold."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from content.loader import read_set_text

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
GUIDE = (
    "Try it",
    "Set up",
    "Run it for real",
    "Commands",
    "Writing question sets",
    "Writing questions in Discord",
    "Languages",
    "Limits",
    "Scaling out",
)


def test_the_sections_come_in_the_order_a_newcomer_needs_them() -> None:
    headings = [line.lstrip("#").strip() for line in README.splitlines() if line.startswith("#")]
    found = [next((h for h in headings if h.startswith(name)), None) for name in GUIDE]
    assert None not in found, dict(zip(GUIDE, found, strict=True))
    assert [headings.index(h) for h in found] == sorted(headings.index(h) for h in found)


def test_set_up_clones_makes_a_venv_then_installs_and_tests() -> None:
    setup = README.split("## Set up", 1)[1].split("\n## ", 1)[0]
    steps = [
        line.split("#")[0].strip()
        for line in setup.split("```bash", 1)[1].split("```")[0].splitlines()
        if line.strip()
    ]
    assert steps[0].startswith("git clone ")
    assert "python3 -m venv .venv" in steps[1]
    assert steps[2:] == ['pip install -e ".[test]"', "pytest"]


@pytest.mark.parametrize("path", ["README.md", "docs/benchmarks.md", "docs/internals.md"])
def test_no_issue_numbers_a_reader_cannot_find(path: str) -> None:
    text = (ROOT / path).read_text(encoding="utf-8")
    assert not re.search(r"\bissues? (#?\d|\d+ and \d+)", text, re.IGNORECASE)


def test_the_linked_documents_exist_and_the_restart_figure_is_given_once() -> None:
    for link in re.findall(r"\]\((docs/[^)#]+)", README):
        assert (ROOT / link).is_file(), link
    assert "docs/benchmarks.md" in README
    assert "docs/internals.md" in README
    figures = re.findall(r"take answers again after (?:about )?([0-9.]+) s", README)
    assert figures == ["0.5"]


def test_the_set_file_example_is_a_valid_set() -> None:
    example = re.search(r"```yaml\n(.*?)```", README, re.DOTALL)
    assert example is not None
    question_set = read_set_text(example[1].encode(), "README.md").question_set
    assert question_set.id == "asgi-vs-wsgi"
