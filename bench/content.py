"""Benchmark the set-file validator: a large valid set, then the most hostile shapes found.

Run with ``python bench/content.py``. It writes a valid 10,000-question set (kept under the
1 MiB file limit, so questions are short) to a temporary folder, then times ``load_set_file``
and ``yaml.load(text, Loader=yaml.SafeLoader)``, best of three runs each. Then it times
``load_set_text`` on each hostile shape (files that must be refused, quickly) and prints the
slowest; every shape should take under 1 s. ``--hostile`` runs only the hostile shapes.

``--uploads`` checks uploads as the bot does (``content.offload.UploadChecker``: worker
processes, a hard budget) while a probe on the event loop measures its longest stall: for a
small CSV (the baseline), each hostile import shape and each hostile YAML shape, the reply
time and the loop's longest stall; then a small upload of another server while one server's
eight slow uploads are queued, against the same upload alone.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

# Put the repository first: run as a script, this file's own folder comes first on the path,
# and its name would shadow the ``content`` package.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from content.errors import SetFileError
from content.loader import MAX_FILE_BYTES, load_set_file, load_set_text
from content.offload import UPLOAD_SECONDS, UploadChecker, UploadsBusy

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


def duplicate_after_unknown_keys(unknown: int, duplicates: int) -> bytes:
    """Return ``unknown`` unknown keys, then ``duplicates`` lines repeating one allowed key."""
    lines = [f"k{number}: x" for number in range(unknown)]
    lines += ["topic: x"] * duplicates
    return ("\n".join(lines) + "\n").encode()


def filled(head: str, unit: str, tail: str = "") -> bytes:
    """Return ``head``, then ``unit`` repeated to fill 1 MiB, then ``tail``."""
    room = MAX_FILE_BYTES - len(head) - len(tail)
    return (head + unit * (room // len(unit)) + tail).encode()


def unknown_keys_mebibyte() -> bytes:
    """Return 1 MiB of distinct unknown top-level keys."""
    lines = []
    size = 0
    number = 0
    while size < MAX_FILE_BYTES - 32:
        line = f"key{number}: x\n"
        lines.append(line)
        size += len(line)
        number += 1
    return "".join(lines).encode()


HOSTILE_SHAPES: dict[str, Callable[[], bytes]] = {
    "15,000 unknown keys, then 15,001 duplicates": lambda: duplicate_after_unknown_keys(
        15_000, 15_001
    ),
    "1 MiB of unknown keys, then duplicates": lambda: duplicate_after_unknown_keys(40_000, 50_000),
    "1 MiB of *x, aliases": lambda: filled("id: x\ntitle: [", "*x,", "]\n"),
    "1 MiB of unknown keys": unknown_keys_mebibyte,
    "1 MiB of feedback: unknown, then repeated letters": lambda: filled(
        "id: x\ntitle: t\nquestions:\n- options: {A: a, B: b}\n  feedback: {" + "Z: x, " * 80_000,
        "B: x, ",
        "B: x}\n",
    ),
    "1 MiB of [a, a, ...] as a title": lambda: filled("id: x\ntitle: [", "a,", "a]\n"),
    "1 MiB of repeated modes": lambda: filled(
        "id: x\ntitle: t\nquestions:\n- modes: [", "test,", "test]\n"
    ),
    "1 MiB of one unknown key": lambda: filled("", "k", ": x\n"),
    "1 MiB of short questions with errors": lambda: filled(
        "id: x\ntitle: t\nquestions:\n", "- {id: Q, answer: E}\n"
    ),
}


def time_hostile_shapes() -> None:
    """Time each hostile shape once (each must be refused) and print the slowest."""
    print(f"{'hostile shape':<52}{'bytes':>10}{'errors':>10}{'time':>10}")
    timings = []
    for name, make in HOSTILE_SHAPES.items():
        data = make()
        assert len(data) <= MAX_FILE_BYTES, (name, len(data))
        start = time.perf_counter()
        try:
            load_set_text(data, "hostile.yaml")
        except SetFileError as error:
            count = getattr(error, "total", len(error.errors))
            report = len(str(error).encode())
        else:
            raise SystemExit(f"{name}: was accepted")
        elapsed = time.perf_counter() - start
        timings.append((elapsed, name))
        print(f"{name:<52}{len(data):>10,}{count:>10,}{elapsed:>8.3f} s  report {report:,} B")
    slowest, name = max(timings)
    print(f"content: slowest hostile shape {name!r}: {slowest:.3f} s")


SMALL_CSV = b"prompt,A,B,answer\nWhich is first?,one,two,A\n"
IMPORT_SHAPES: dict[str, tuple[str, Callable[[], bytes]]] = {
    "small CSV (baseline)": ("small.csv", lambda: SMALL_CSV),
    "'<p' * 100,000 (HTML hint)": ("hint.gift", lambda: b"<p" * 100_000 + b"{=a ~b}"),
    "1 MiB of '<p' (HTML hint)": ("hint1.gift", lambda: filled("", "<p", "{=a ~b}")),
    "'{x}' + ' \\n' * 50,000 (.txt sniffing)": ("blank.txt", lambda: b"{x}\n" + b" \n" * 50_000),
    "[html] '<a b' * 16,000 (html.parser)": (
        "tags.gift",
        lambda: b"[html]" + b"<a b" * 16_000 + b"{=a ~b}",
    ),
    "[html] 1 MiB of '<a b'": ("tags1.gift", lambda: filled("[html]", "<a b", "{=a ~b}")),
    "CSV header of 500,000 columns": ("wide.csv", lambda: b",".join([b"x"] * 500_000) + b"\nq\n"),
    "1 MiB CSV of short rows": ("rows.csv", lambda: filled("prompt,A,B,answer\n", "p,a,b,A\n")),
    "1 MiB GIFT of short questions": ("many.gift", lambda: filled("", "Q{=a ~b}\n\n")),
    "valid YAML set of 10,000 questions": (
        "valid.yaml",
        lambda: set_file_text(QUESTION_COUNT).encode(),
    ),
}


async def _stalls(longest: list[float]) -> None:
    """Sleep 5 ms at a time and keep the longest the loop took to come back."""
    loop = asyncio.get_running_loop()
    while True:
        start = loop.time()
        await asyncio.sleep(0.005)
        longest[0] = max(longest[0], loop.time() - start - 0.005)


async def _timed_upload(
    checker: UploadChecker, server: int, name: str, data: bytes
) -> tuple[float, str]:
    start = time.perf_counter()
    try:
        if name.endswith(".yaml"):
            await checker.validate(server, data, name)
        else:
            await checker.convert(server, data, name, max_questions=5_000)
        outcome = "loaded"
    except SetFileError as error:
        outcome = "refused: " + error.errors[0].message[:38]
    except UploadsBusy:
        outcome = "busy: refused at once"
    return time.perf_counter() - start, outcome


async def time_uploads() -> None:
    """Print reply time and longest loop stall of each shape checked as the bot checks it."""
    checker = UploadChecker()
    longest = [0.0]
    probe = asyncio.ensure_future(_stalls(longest))
    await _timed_upload(checker, 0, "warm.csv", SMALL_CSV)  # start the workers
    shapes = {name: (file, make) for name, (file, make) in IMPORT_SHAPES.items()}
    shapes.update(
        {f"YAML: {name}": ("hostile.yaml", make) for name, make in HOSTILE_SHAPES.items()}
    )
    print(f"budget {UPLOAD_SECONDS:g} s; {checker.pool.size} worker processes")
    print(f"{'upload shape':<56}{'bytes':>10}{'reply':>9}{'stall':>9}  outcome")
    worst = 0.0
    for name, (file, make) in shapes.items():
        data = make()
        longest[0] = 0.0
        elapsed, outcome = await _timed_upload(checker, 1, file, data)
        worst = max(worst, longest[0])
        print(f"{name:<56}{len(data):>10,}{elapsed:>7.2f} s{longest[0] * 1000:>6.0f} ms  {outcome}")
    alone, _ = await _timed_upload(checker, 2, "alone.csv", SMALL_CSV)
    slow = b",".join([b"x"] * 500_000) + b"\nq\n"  # over a second of work each
    longest[0] = 0.0
    queued = [
        asyncio.ensure_future(_timed_upload(checker, 1, f"slow{n}.csv", slow)) for n in range(8)
    ]
    await asyncio.sleep(0.2)
    beside, _ = await _timed_upload(checker, 2, "beside.csv", SMALL_CSV)
    outcomes = [outcome for _, outcome in await asyncio.gather(*queued)]
    probe.cancel()
    await checker.close()
    print(
        f"another server's small upload: alone {alone * 1000:.0f} ms, beside 8 slow uploads of "
        f"one server {beside * 1000:.0f} ms (ratio {beside / alone:.1f}); loop's longest stall "
        f"{longest[0] * 1000:.0f} ms"
    )
    print(f"the eight slow uploads of one server: {', '.join(sorted(set(outcomes)))}")
    print(f"uploads: longest loop stall over all shapes {worst * 1000:.0f} ms")


def main() -> None:
    """Write the set, time both loads and print the table and the summary line."""
    if "--uploads" in sys.argv[1:]:
        asyncio.run(time_uploads())
        return
    if "--hostile" in sys.argv[1:]:
        time_hostile_shapes()
        return
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
    print()
    time_hostile_shapes()


if __name__ == "__main__":
    main()
