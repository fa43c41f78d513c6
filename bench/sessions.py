"""What the real session code costs as groups and sessions grow (issue 16), in one run.

Run: python bench/sessions.py [--latency-ms 5] [--quick]

Everything goes through the bot's own ``SessionManager`` and ``Storage`` (SQLite, a temp file,
WAL, synchronous=FULL) with Discord replaced by ``bench/standin.py``: every REST call is counted
and waits ``--latency-ms`` like a round trip. Noisy machines: read the ratios.

1. Bot CPU and bytes written per answer in one challenge of 10, 50, 200 and 1,000 members:
   ``SessionManager.answer`` (engine, answer row, review card) plus the pulse's saves of the
   whole state (one per 2 s of answering: a question's answers come over ~20 s). The "before"
   columns add the whole-state save the bot made on every answer before.
2. One pulse with 10, 100 and 500 challenges whose status lines and answer reactions are all
   due: duration and REST calls, against the same work done one call after another.
3. A restart with 1,000 running sessions: time until every session takes answers again, and
   until every question's reactions are read back, against resuming one session after another.
4. Durable answers/s of everything an answer writes, group commit against one commit per answer,
   alone and with a 10,000-member /leaderboard running beside it (``bench/storage.py``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import storage as storage_bench  # noqa: E402
from bench.standin import StandIn, add_guild  # noqa: E402
from bot import create_bot, engine, rendering  # noqa: E402
from bot.app import QuizBot  # noqa: E402
from bot.runtime.clock import now  # noqa: E402
from bot.runtime.live import LiveSession  # noqa: E402
from bot.sessions import pulse as pulse_module  # noqa: E402
from bot.sessions import restoring  # noqa: E402
from content.model import Mode  # noqa: E402
from storage.store import answer_row  # noqa: E402

SET_YAML = """\
id: bench
title: Bench
defaults: {time_limit: 600, attempts: 3}
questions:
  - id: q1
    prompt: Pick C.
    options: {A: a, B: b, C: c, D: d}
    answer: C
  - id: q2
    prompt: Pick A.
    options: {A: a, B: b, C: c, D: d}
    answer: A
"""
GUILD = 4_000_000_000_000_000
GROUP_SIZES = (10, 50, 200, 1000)
PULSES_PER_QUESTION = 10
"""A question's answers arrive over about 20 s: ten pulses save the whole state."""
CHALLENGE_COUNTS = (10, 100, 500)
MEMBERS_PER_CHALLENGE = 10
RESTORED_SESSIONS = 1000


@dataclass
class Bench:
    bot: QuizBot
    rest: StandIn


async def open_bot(folder: Path, name: str, latency: float) -> Bench:
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    (content / "bench.yaml").write_text(SET_YAML, encoding="utf-8")
    bot = create_bot(database=folder / f"{name}.db", content_dir=content)
    rest = StandIn(bot, latency)
    await bot.setup_hook()
    bot.sessions.start_pulse = None  # the benchmark runs each pulse itself
    return Bench(bot, rest)


async def close_bot(bench: Bench) -> None:
    await bench.bot.sessions.close()
    await bench.bot.sessions.leases.release()
    await bench.bot.storage.close()


async def start_challenge(bench: Bench, channel_id: int, number: int) -> LiveSession:
    """Start a challenge the way /challenge does after its reply: register, post question 1."""
    sessions = bench.bot.sessions
    qset = bench.bot.catalog.get(GUILD, "bench")
    assert qset is not None
    at = now()
    session = engine.start_session(
        qset, Mode.CHALLENGE, session_id=f"bench-{number}", starter_id=1, now=at
    )
    live = sessions._register(session, qset, GUILD, channel_id, None, at)
    async with live.lock:
        await sessions._post_question(live)
    return live


# ---------------------------------------------------------------- 1. one answer, any group size


async def answer_costs(
    folder: Path, members: int, latency: float
) -> tuple[float, float, float, float]:
    """Return CPU ms and bytes per answer, and the old per-answer state save's ms and bytes."""
    bench = await open_bot(folder, f"answers-{members}", latency)
    storage = bench.bot.storage
    written = 0
    record_answer, save_session = storage.record_answer, storage.save_session

    async def count_answer(answer, card=None):  # type: ignore[no-untyped-def]
        nonlocal written
        written += sum(len(str(value)) for value in answer_row(answer))
        written += len(card.state) if card else 0
        await record_answer(answer, card)

    async def count_save(record):  # type: ignore[no-untyped-def]
        nonlocal written
        written += len(record.state)
        await save_session(record)

    storage.record_answer = count_answer  # type: ignore[method-assign]
    storage.save_session = count_save  # type: ignore[method-assign]
    try:
        add_guild(bench.bot, GUILD, [7])
        live = await start_challenge(bench, 7, members)
        written = 0
        sessions = bench.bot.sessions
        pulse_every = max(1, members // PULSES_PER_QUESTION)
        old_save_cpu = 0.0
        old_bytes = 0
        began = time.process_time()
        for first in range(0, members, 10):
            burst = range(first, min(first + 10, members))
            await asyncio.gather(
                *(sessions.answer(live, 10_000 + n, n % 4, rendering.option_emoji(n % 4))
                  for n in burst)
            )  # fmt: skip
            if (first // 10 + 1) % max(1, pulse_every // 10) == 0:
                await sessions.save_dirty_states()
            started = time.process_time()
            for _ in burst:  # what the bot used to do on every answer
                state = {"engine": engine.to_snapshot(live.session), "discord": live.extras()}
                old_bytes += len(json.dumps(state, separators=(",", ":")))
            old_save_cpu += time.process_time() - started
        await sessions.save_dirty_states()
        cpu = time.process_time() - began - old_save_cpu
        old_cpu = old_save_cpu * 1000 / members
        return cpu * 1000 / members, written / members, old_cpu, old_bytes / members
    finally:
        await close_bot(bench)


# ---------------------------------------------------------------- 2. the pulse


async def pulse_costs(
    folder: Path, challenges: int, latency: float
) -> tuple[float, int, int, float]:
    """Return one pulse's seconds and REST calls, the calls due, and their seconds in turn."""
    bench = await open_bot(folder, f"pulse-{challenges}", latency)
    try:
        channels = [100 + n for n in range(challenges)]
        add_guild(bench.bot, GUILD, channels)
        lives = [await start_challenge(bench, c, n) for n, c in enumerate(channels)]
        sessions = bench.bot.sessions

        async def answer_all() -> None:
            for live in lives:
                for member in range(MEMBERS_PER_CHALLENGE):
                    option = member % 4
                    emoji = rendering.option_emoji(option)
                    await sessions.answer(live, 20_000 + member, option, emoji)

        await answer_all()
        await sessions.save_dirty_states()
        due = sum(live.status_dirty for live in lives) + sum(
            min(len(queue), pulse_module.REMOVALS_PER_PULSE) for queue in sessions.removals.values()
        )
        bench.rest.reset()
        began = time.perf_counter()
        await sessions.pulse()
        seconds = time.perf_counter() - began
        calls = bench.rest.total
        # Every due call one after another, as the pulse made them before it had a budget.
        began = time.perf_counter()
        for _ in range(due):
            await bench.rest.request(_Route("PATCH", "/channels/{channel_id}/messages/{id}"))
        sequential = time.perf_counter() - began
        return seconds, calls, due, sequential
    finally:
        await close_bot(bench)


class _Route:
    def __init__(self, method: str, path: str) -> None:
        self.method, self.path, self.channel_id, self.url = method, path, 0, ""


# ---------------------------------------------------------------- 3. restore


async def restore_costs(folder: Path, latency: float, concurrency: int) -> tuple[float, float, int]:
    """Return seconds until all sessions take answers, until all caught up, and REST calls."""
    name = "restore"
    database = folder / f"{name}.db"
    if not database.exists():
        bench = await open_bot(folder, name, 0)
        channels = [100 + n for n in range(RESTORED_SESSIONS)]
        add_guild(bench.bot, GUILD, channels)
        for number, channel in enumerate(channels):
            await start_challenge(bench, channel, number)
        await close_bot(bench)
    restoring.RESTORE_CONCURRENCY = concurrency
    bench = await open_bot(folder, name, latency)
    try:
        add_guild(bench.bot, GUILD, [100 + n for n in range(RESTORED_SESSIONS)])
        loop = asyncio.get_running_loop()
        began = loop.time()
        await bench.bot.sessions.restore()
        done = loop.time() - began
        assert len(bench.bot.sessions.by_id) == RESTORED_SESSIONS
        taking = (bench.rest.first_call_at or loop.time()) - began
        if concurrency == 1:
            taking = done  # the last session took answers only after every one before it
        return taking, done, bench.rest.total
    finally:
        await close_bot(bench)
        restoring.RESTORE_CONCURRENCY = 8


async def main(latency: float, quick: bool) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        print("1. one answer as the group grows (CPU and bytes per answer, median of 3)")
        print(f"{'members':>8} {'cpu/answer':>11} {'bytes/answer':>13} "
              f"{'before: cpu':>12} {'bytes':>10}")  # fmt: skip
        cpu_at: dict[int, float] = {}
        for members in GROUP_SIZES:
            runs = [await answer_costs(folder / f"{members}-{r}", members, 0) for r in range(3)]
            cpu = statistics.median(r[0] for r in runs)
            size = statistics.median(r[1] for r in runs)
            old = statistics.median(r[2] for r in runs)
            old_size = statistics.median(r[3] for r in runs)
            cpu_at[members] = cpu
            before_cpu, before_size = cpu + old, size + old_size
            print(f"{members:>8} {cpu:>8.3f} ms {size:>11.0f} B "
                  f"{before_cpu:>9.3f} ms {before_size:>8.0f} B")  # fmt: skip

        print(f"\n2. one pulse, {MEMBERS_PER_CHALLENGE} answers per challenge, "
              f"{latency * 1000:.0f} ms per REST call")  # fmt: skip
        print(f"{'challenges':>10} {'pulse':>9} {'REST calls':>11} "
              f"{'calls due':>10} {'all due one by one':>19}")  # fmt: skip
        for challenges in CHALLENGE_COUNTS[: 2 if quick else 3]:
            seconds, calls, due, sequential = await pulse_costs(folder, challenges, latency)
            print(f"{challenges:>10} {seconds:>7.2f} s {calls:>11} {due:>10} "
                  f"{sequential:>17.2f} s")  # fmt: skip

        print(f"\n3. restart with {RESTORED_SESSIONS} running sessions")
        taking, done, calls = await restore_costs(folder, latency, restoring.RESTORE_CONCURRENCY)
        base_taking, base_done, _ = await restore_costs(folder, latency, 1)
        print(f"taking answers after {taking:.2f} s (one after another: {base_taking:.2f} s)")
        print(f"reactions read back after {done:.2f} s ({base_done:.2f} s); {calls} REST calls")

        print("\n4. durable answers on SQLite (everything an answer writes; bench/storage.py)")
        group, _ = await storage_bench.group_commit(folder / "group.db", 20_000, 50)
        unflushed, _ = await storage_bench.group_commit(
            folder / "unflushed.db", 20_000, 50, fsync=False
        )
        beside, alone, board_ms = await storage_bench.answers_beside_leaderboard(
            folder / "beside.db"
        )
        print(f"with a 10,000-member /leaderboard ({board_ms:.1f} ms) asked in a loop beside: "
              f"{beside:.0f} answers/s (alone {alone:.0f}/s)")  # fmt: skip

        low, high = cpu_at[GROUP_SIZES[0]], cpu_at[GROUP_SIZES[-1]]
        print(
            f"\ncpu per answer: {GROUP_SIZES[0]} members {low:.3f} ms; "
            f"{GROUP_SIZES[-1]} members {high:.3f} ms; ratio {high / low:.2f}"
        )
        print(
            f"durable answers: group {group:.0f}/s; same writes without fsync "
            f"{unflushed:.0f}/s; ratio {group / unflushed:.2f}"
        )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--latency-ms", type=float, default=5.0)
    parser.add_argument("--quick", action="store_true", help="pulse up to 100 challenges only")
    arguments = parser.parse_args()
    asyncio.run(main(arguments.latency_ms / 1000, arguments.quick))
