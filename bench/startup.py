"""Start-up time with 0, 100 and 1,000 stored server sets (issue 16 §2).

Each run builds a SQLite database holding N server sets (a copy of a shipped set each), then
times ``create_bot(...).setup_hook()``: storage opened, shipped sets validated, server sets read.
The baseline in the same run validates every stored set at start-up, as the bot did before
server sets were validated on first use. Read the ratios: these machines are noisy.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bot import create_bot
from content.loader import load_set_text
from storage import Storage

SET_TEXT = (
    Path(__file__).resolve().parents[1] / "content" / "sets" / "python-asyncio.yaml"
).read_text(encoding="utf-8")
COUNTS = (0, 100, 1000)
RUNS = 3


async def prepare(path: Path, count: int) -> None:
    storage = await Storage.open(path)
    for number in range(count):
        text = SET_TEXT.replace("id: python-asyncio", f"id: stored-{number}", 1)
        await storage.put_guild_set(1000 + number % 50, f"stored-{number}", text, 1, 1.0)
    await storage.close()


async def start_once(path: Path) -> float:
    began = time.perf_counter()
    bot = create_bot(database=path, content_dir=None)
    await bot.setup_hook()
    elapsed = time.perf_counter() - began
    await bot.sessions.close()
    await bot.storage.close()
    return elapsed


async def baseline_once(path: Path) -> float:
    """Validate every stored set: what start-up did on top of today's work before."""
    began = time.perf_counter()
    storage = await Storage.open(path)
    for record in await storage.all_guild_sets():
        load_set_text(record.yaml_text, f"{record.set_id}.yaml")
    await storage.close()
    return time.perf_counter() - began


async def main() -> None:
    print(f"{'stored sets':>12} {'start-up':>10} {'+ validate all (before)':>24} {'ratio':>7}")
    lines = []
    for count in COUNTS:
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "quiz.db"
            await prepare(path, count)
            ours = statistics.median([await start_once(path) for _ in range(RUNS)])
            base = statistics.median([await baseline_once(path) for _ in range(RUNS)])
        ratio = (ours + base) / ours if ours else float("nan")
        before = (ours + base) * 1000
        print(f"{count:>12} {ours * 1000:>8.0f} ms {before:>21.0f} ms {ratio:>6.1f}x")
        lines.append(f"{count} sets {ours * 1000:.0f} ms")
    print("startup: " + "; ".join(lines) + " (server sets validated on first use)")


if __name__ == "__main__":
    asyncio.run(main())
