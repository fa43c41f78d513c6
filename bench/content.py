"""Benchmark the set-file validator against a plain pure-Python YAML load of the same file.

Run with ``python bench/content.py``. It writes a valid 10,000-question set (kept under the
1 MiB file limit, so questions are short) to a temporary folder, then times ``load_set_file``
and ``yaml.load(text, Loader=yaml.SafeLoader)``, best of three runs each.
"""

from __future__ import annotations

import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

# Put the repository first: run as a script, this file's own folder comes first on the path,
# and its name would shadow the ``content`` package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from content.loader import MAX_FILE_BYTES, load_set_file

QUESTION_COUNT = 10_000
RUNS = 3
_DIFFICULTIES = ("easy", "medium", "hard", "intermediate", "advanced", "expert")


def set_file_text(question_count: int) -> str:
    """Return a valid set file of ``question_count`` short questions with varied features."""
    lines = [
        "id: bench-set",
        "title: Benchmark set",
        "topic: Arithmetic",
        "defaults: {time_limit: '1:30', attempts: 2}",
        "questions:",
    ]
    for number in range(question_count):
        lines.append(f"- id: q{number}")
        lines.append(f"  prompt: What is {number}+1?")
        if number % 3 == 0:
            lines.append(f"  difficulty: {_DIFFICULTIES[number % len(_DIFFICULTIES)]}")
        if number % 10 == 3:
            lines.append("  modes: [practice, test]")
        if number % 15 == 7:
            lines.append("  time_limit: 45")
        lines.append(f"  options: {{A: {number}, B: {number + 1}, C: '{number + 2}'}}")
        lines.append("  answer: B")
        if number % 10 == 0:
            lines.append("  hint: Count up by one.")
    return "\n".join(lines) + "\n"


def best_of(runs: int, action: Callable[[], object]) -> float:
    """Return the shortest wall time of ``runs`` calls of ``action``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    """Write the set, time both loads and print the table and the summary line."""
    text = set_file_text(QUESTION_COUNT)
    size = len(text.encode("utf-8"))
    if size > MAX_FILE_BYTES:
        raise SystemExit(f"generated set is {size} bytes, over the {MAX_FILE_BYTES} limit")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder, "bench.yaml")
        path.write_text(text, encoding="utf-8")
        question_set = load_set_file(path)
        assert len(question_set.questions) == QUESTION_COUNT
        validator = best_of(RUNS, lambda: load_set_file(path))
        plain = best_of(RUNS, lambda: yaml.load(path.read_text("utf-8"), Loader=yaml.SafeLoader))
    ratio = plain / validator
    parser = "libyaml" if yaml.__with_libyaml__ else "pure-Python"
    print(f"set file: {QUESTION_COUNT:,} questions, {size:,} bytes; validator parses with {parser}")
    print(f"{'what':<46}{'best of ' + str(RUNS):>12}")
    print(f"{'validator: load_set_file':<46}{validator:>10.3f} s")
    print(f"{'plain: yaml.load(text, Loader=yaml.SafeLoader)':<46}{plain:>10.3f} s")
    print(
        f"content: {QUESTION_COUNT} questions validated in {validator:.3f} s; "
        f"plain safe_load {plain:.3f} s; ratio {ratio:.2f}"
    )


if __name__ == "__main__":
    main()
