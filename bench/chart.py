"""Benchmark the ``/progress`` chart: Pillow (the bot's) against matplotlib's object API.

Run from the repository root: ``python bench/chart.py`` (``--runs`` to change the number of
timed renders, ``--save PATH`` to also write the Pillow chart). Each library runs in its own
subprocess, so its peak memory (``ru_maxrss``: the whole process, interpreter and imports
included) is its own. A render counts the member's 10,000 answers per set and week, then draws
and encodes the PNG. The table also gives the median CPU time per render, steadier than
wall time when the machine is busy, and the first render's time (fonts loaded then). The
``pillow-intl`` case draws the same chart with Japanese, Cyrillic and accented set titles and
title (font fallback on every label), in Japanese. matplotlib is optional
(``pip install matplotlib``); it is not a dependency.
The last line is ``chart: pillow median X ms, peak Y MiB; pillow-intl ...; matplotlib ...``.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.stats.charts import (  # noqa: E402
    BACKGROUND,
    BAR,
    BAR_TODAY,
    FAINT,
    GRID,
    MUTED,
    PANEL,
    SET_COLOURS,
    SETS_SHOWN,
    TEXT,
    WEEKS_SHOWN,
    ProgressChartData,
    render_progress_chart,
    week_of,
    weekly_counts,
)

NOW = 1_717_416_000.0
"""2024-06-03 12:00 UTC, a Monday."""
ANSWERS = 10_000
SET_NAMES = (
    "python-basics", "algebra-1", "world-capitals", "chemistry-elements", "french-verbs",
    "git-and-github", "statistics-101", "music-theory", "first-aid",
)  # fmt: skip
INTL_TITLE = "エイダの進捗 · Прогресс Ады"
INTL_LABELS = dict(zip(SET_NAMES, (
    "Python の基礎と練習問題", "Алгебра 1 — уравнения", "Capitales du monde à réviser",
    "化学元素と周期表（上級編）", "Verbes français : le présent", "Git і GitHub для початківців",
    "Estadística 101", "Теория музыки", "Pierwsza pomoc – ćwiczenia",
), strict=True))  # fmt: skip
"""Set titles in the bot's scripts: Japanese, Russian, Ukrainian, French, Spanish, Polish."""


def sample_answers(count: int = ANSWERS, seed: int = 15) -> list[tuple[str, float, bool]]:
    """Return ``count`` answers over 20 weeks in 9 sets, getting better with time."""
    rng = random.Random(seed)
    weights = [1 / (rank + 1) for rank in range(len(SET_NAMES))]
    answers = []
    for _ in range(count):
        set_index = rng.choices(range(len(SET_NAMES)), weights)[0]
        age = rng.random() ** 1.5 * 20 * 7 * 86_400
        skill = 0.45 + 0.05 * set_index % 0.3 + 0.35 * (1 - age / (20 * 7 * 86_400))
        answers.append((SET_NAMES[set_index], NOW - age, rng.random() < skill))
    return answers


def sample_forecast(seed: int = 15) -> tuple[int, ...]:
    """Return a plausible 14-day review forecast."""
    rng = random.Random(seed)
    return (23, *(max(0, int(rng.gauss(14, 8)) - day) for day in range(1, 14)))


def build_data(answers: list[tuple[str, float, bool]]) -> ProgressChartData:
    """Return the chart data of ``answers`` as the bot builds it."""
    return ProgressChartData(weekly_counts(answers), sample_forecast(), NOW, "Progress of Ada")


def render_matplotlib(data: ProgressChartData) -> bytes:
    """Draw the same chart with matplotlib's object API and the Agg canvas (no pyplot)."""
    # Imported here: matplotlib is optional, and the Pillow worker must not pay for it.
    from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: PLC0415
    from matplotlib.figure import Figure  # noqa: PLC0415

    figure = Figure(figsize=(8, 4.5), dpi=100, facecolor=BACKGROUND)
    FigureCanvasAgg(figure)
    figure.suptitle(data.title, x=0.03, ha="left", color=TEXT, fontsize=15)
    accuracy, due = figure.subplots(1, 2, gridspec_kw={"width_ratios": [1.6, 1]})
    for axes in (accuracy, due):
        axes.set_facecolor(PANEL)
        axes.tick_params(colors=FAINT, labelsize=8)
        for spine in axes.spines.values():
            spine.set_color(GRID)
    last = max(week_of(data.now), *(row.week for row in data.weeks))
    first = last - WEEKS_SHOWN + 1
    by_set: dict[str, dict[int, list[int]]] = {}
    for row in data.weeks:
        weeks = by_set.setdefault(row.set_label, {})
        counts = weeks.setdefault(row.week, [0, 0])
        counts[0] += row.answers
        counts[1] += row.correct
    ranked = sorted(by_set, key=lambda label: -sum(c[0] for c in by_set[label].values()))
    for colour, label in zip(SET_COLOURS, ranked[:SETS_SHOWN], strict=False):
        xs, ys, answers, correct = [], [], 0, 0
        for week in range(min(by_set[label]), last + 1):
            week_answers, week_correct = by_set[label].get(week, (0, 0))
            answers += week_answers
            correct += week_correct
            if week >= first:
                xs.append(week)
                ys.append(100 * correct / answers)
        axes_label = f"{label} {100 * correct / answers:.0f}%"
        accuracy.plot(xs, ys, color=colour, linewidth=2, marker="o", ms=3, label=axes_label)
    accuracy.set_ylim(0, 100)
    accuracy.grid(color=GRID)
    accuracy.set_title("Accuracy per set, cumulative", color=TEXT, fontsize=10, loc="left")
    legend = accuracy.legend(fontsize=7, facecolor=PANEL, edgecolor=GRID, labelcolor=MUTED)
    legend.set_title(f"+{max(len(ranked) - SETS_SHOWN, 0)} more sets", prop={"size": 7})
    colours = [BAR_TODAY, *[BAR] * (len(data.forecast) - 1)]
    bars = due.bar(range(len(data.forecast)), data.forecast, color=colours)
    due.bar_label(bars, color=MUTED, fontsize=7)
    due.set_title("Reviews due, next 14 days", color=TEXT, fontsize=10, loc="left")
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", facecolor=BACKGROUND)
    return buffer.getvalue()


def render_pillow_intl(data: ProgressChartData) -> bytes:
    """Draw the chart with Japanese, Cyrillic and accented titles, in Japanese."""
    return render_progress_chart(replace(data, title=INTL_TITLE, labels=INTL_LABELS), "ja")


RENDERERS: dict[str, Callable[[ProgressChartData], bytes]] = {
    "pillow": render_progress_chart,
    "pillow-intl": render_pillow_intl,
    "matplotlib": render_matplotlib,
}


def measure(name: str, runs: int) -> dict[str, float]:
    """Time ``runs`` renders of the 10,000-answer chart with one library (in this process)."""
    render = RENDERERS[name]
    answers = sample_answers()
    started = time.perf_counter()
    render(build_data(answers))  # the first one loads the fonts
    first = time.perf_counter() - started
    for _ in range(2):  # warm up: imports, font and glyph caches
        render(build_data(answers))
    times, cpu_times = [], []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        png = render(build_data(answers))
        times.append(time.perf_counter() - started)
        cpu_times.append(time.process_time() - cpu_started)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "median_ms": statistics.median(times) * 1000,
        "p90_ms": statistics.quantiles(times, n=10)[-1] * 1000,
        "cpu_ms": statistics.median(cpu_times) * 1000,
        "peak_mib": peak_kib / 1024,
        "png_kib": len(png) / 1024,
        "first_ms": first * 1000,
    }


def main() -> None:
    """Measure each library in its own subprocess and print the comparison."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--save", type=Path, help="also write the Pillow chart to this path")
    parser.add_argument("--worker", choices=sorted(RENDERERS), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        print(json.dumps(measure(args.worker, args.runs)))
        return
    if args.save:
        args.save.write_bytes(render_progress_chart(build_data(sample_answers())))
        print(f"wrote {args.save}")
    results: dict[str, dict[str, float] | None] = {}
    for name in RENDERERS:
        done = subprocess.run(
            [sys.executable, __file__, "--worker", name, "--runs", str(args.runs)],
            capture_output=True,
            text=True,
            check=False,
        )
        results[name] = json.loads(done.stdout) if done.returncode == 0 else None
        if results[name] is None:
            print(f"{name}: not measured ({done.stderr.strip().splitlines()[-1]})")
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    print(
        f"{ANSWERS} answers, {args.runs} renders each, Python {sys.version.split()[0]},"
        f" {os.cpu_count()} CPUs, load average {load}"
    )
    for name, result in results.items():
        if result is not None:
            print(
                f"  {name:<11} median {result['median_ms']:6.1f} ms  p90 {result['p90_ms']:6.1f}"
                f" ms  CPU {result['cpu_ms']:6.1f} ms  peak RSS {result['peak_mib']:5.1f} MiB"
                f"  PNG {result['png_kib']:.0f} KiB  first {result['first_ms']:.0f} ms"
            )
    print("chart: " + "; ".join(_summary(name, result) for name, result in results.items()))


def _summary(name: str, result: dict[str, float] | None) -> str:
    """Return ``name median X ms, peak Y MiB`` (or that it was not measured)."""
    if result is None:
        return f"{name} not measured"
    return f"{name} median {result['median_ms']:.1f} ms, peak {result['peak_mib']:.1f} MiB"


if __name__ == "__main__":
    main()
