"""Benchmark the event loop's longest stall for the question form and for stored sets.

Run with ``python bench/form.py``. A probe on the loop sleeps 5 ms at a time and keeps the
longest it took to come back (``bench/content.py``'s probe), while:

* a form submit changes one question of a stored 5,000-question set: before, the YAML was
  read and written again on the loop (``document.read``/``document.dump``) and only the
  validation ran in the upload workers; now the whole change is one worker job
  (``bot.authoring.changing.change_set``);
* a server with 50 large stored sets gets its first request: before, ``catalog.get``
  validated all 50 on the loop; now ``Catalog.read_stored`` runs at start-up in a thread
  (``asyncio.to_thread``), and the first request finds them ready.

It prints each stall, before and after, and their ratio.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.content import _stalls
from bot.authoring import document
from bot.authoring.changing import Change, change_set
from bot.authoring.form import FormText, build
from bot.library.catalog import Catalog, StoredSet
from content.offload import UploadChecker

QUESTIONS = 5_000
STORED_SETS = 50
RUNS = 3


def big_set(set_id: str, count: int = QUESTIONS) -> str:
    body = "".join(
        f"  - id: q{n}\n    prompt: Question {n}?\n    options:\n      A: a{n}\n      B: b{n}\n"
        "    answer: B\n"
        for n in range(count)
    )
    return f"id: {set_id}\ntitle: Big\nquestions:\n{body}"


TYPED = FormText("Edited?", "A) a\nB) b", "B", "", "")


async def longest_stall(action: Callable[[], Awaitable[object]]) -> float:
    """Return the loop's longest stall (seconds) while ``action`` runs, best of RUNS."""
    best = float("inf")
    for _ in range(RUNS):
        longest = [0.0]
        probe = asyncio.ensure_future(_stalls(longest))
        await asyncio.sleep(0.02)
        await action()
        await asyncio.sleep(0.02)  # the probe wakes up and counts a stall that just ended
        probe.cancel()
        best = min(best, longest[0])
    return best


async def main() -> None:
    uploads = UploadChecker(seconds=30.0)
    text = big_set("big")
    await uploads.validate(1, big_set("warm", 2).encode(), "warm.yaml")  # start the workers

    async def form_before() -> None:
        doc = document.read(text)
        listed = document.questions(doc)
        listed[0] = build(TYPED, original=listed[0], shown=None).mapping
        await uploads.validate(1, document.dump(doc).encode(), "big.yaml")

    async def form_after() -> None:
        await uploads.run(1, "big.yaml", change_set, text, "big", None, Change(TYPED, "q0"))

    stored = [StoredSet(9, f"s{n}", big_set(f"s{n}", 1_000), 1, 1, 0.0) for n in range(50)]

    async def first_request_before() -> None:
        catalog = Catalog()
        catalog.add_stored(stored)
        catalog.get(9, "s0")

    async def first_request_after() -> None:
        catalog = Catalog()
        catalog.add_stored(stored)
        await asyncio.to_thread(catalog.read_stored)  # at start-up
        catalog.get(9, "s0")

    rows = [
        ("form submit, 5,000-question set", form_before, form_after),
        (
            "first request, 50 stored sets of 1,000 questions",
            first_request_before,
            first_request_after,
        ),
    ]
    for name, before, after in rows:
        was, now = await longest_stall(before), await longest_stall(after)
        print(
            f"{name}: longest loop stall {was * 1000:.0f} ms before, {now * 1000:.0f} ms after "
            f"(ratio {was / max(now, 1e-6):.0f}x)"
        )
    await uploads.close()


if __name__ == "__main__":
    asyncio.run(main())
