"""Benchmark the quiz engine alone: answers per second and memory per live session.

Run from the repository root: ``python bench/engine.py`` (``--sessions``/``--answers`` to scale).
The last line is ``engine: X answers/s; Y bytes per live session``.
"""

from __future__ import annotations

import argparse
import copy
import gc
import platform
import random
import sys
import time
import tracemalloc
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot.engine import (  # noqa: E402
    FrozenMap,
    Session,
    advance,
    expire,
    points_for,
    start_session,
    submit_answer,
)
from content.model import Mode, Question, QuestionSet  # noqa: E402

T0 = 1_700_000_000.0
MEMBERS_PER_SESSION = 6
"""Members who may react in each challenge (the starter is member 1)."""
STEP = 0.0004
"""Seconds of simulated time between two answers (all sessions share one clock)."""


def build_set() -> QuestionSet:
    """Return a 5-question challenge set: 4 options, 2 attempts, 90 seconds each."""
    questions = tuple(
        Question(
            id=f"q{number}",
            prompt=f"Question {number}?",
            options=("A", "B", "C", "D"),
            answer=number % 4,
            time_limit=90,
            attempts=2,
            hint="Think.",
        )
        for number in range(5)
    )
    return QuestionSet(id="bench", title="Bench", questions=questions)


def start_all(qset: QuestionSet, count: int) -> list[Session]:
    """Start ``count`` challenge sessions."""
    return [
        start_session(qset, Mode.CHALLENGE, session_id=f"s{n}", starter_id=1, now=T0)
        for n in range(count)
    ]


def random_answers(count: int, sessions: int, seed: int) -> list[tuple[int, int, int]]:
    """Return ``count`` (session index, member id, option) triples."""
    rng = random.Random(seed)
    return [
        (rng.randrange(sessions), rng.randint(1, MEMBERS_PER_SESSION), rng.randrange(4))
        for _ in range(count)
    ]


def run_engine(
    qset: QuestionSet, sessions: list[Session], answers: list[tuple[int, int, int]]
) -> dict[str, float]:
    """Apply the answers through expire/advance/submit_answer and time the whole loop."""
    accepted = closed = finished = 0
    now = T0
    started = time.perf_counter()
    for index, member, option in answers:
        now += STEP
        session = expire(sessions[index], now)
        if session.round.closed_at is not None:
            session = advance(session, qset, now)
            finished += session.status != "running"
        session, outcome = submit_answer(session, qset, member, option, now)
        accepted += outcome.accepted
        closed += outcome.round_closed
        sessions[index] = session
    elapsed = time.perf_counter() - started
    return {
        "seconds": elapsed,
        "rate": len(answers) / elapsed,
        "accepted": accepted / len(answers),
        "closed": closed,
        "finished": finished,
    }


# --- the naive baseline: a dict-based session deep-copied on every answer -----------------


def naive_start(qset: QuestionSet, session_id: str, now: float) -> dict[str, Any]:
    """Start a dict-based challenge session."""
    first = qset.questions[0]
    return {
        "id": session_id,
        "question_ids": [q.id for q in qset.questions],
        "participants": {1},
        "index": 0,
        "status": "running",
        "past": [],
        "round": {
            "question_id": first.id,
            "opened_at": now,
            "deadline": now + first.time_limit,
            "attempts": first.attempts,
            "tries": {},
            "closed_at": None,
        },
    }


def naive_submit(
    session: dict[str, Any], qset: QuestionSet, member: int, option: int, now: float
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Apply one answer the naive way: deep-copy the whole session, then mutate the copy."""
    rnd = session["round"]
    entry = rnd["tries"].get(member)
    if (
        session["status"] != "running"
        or rnd["closed_at"] is not None
        or now >= rnd["deadline"]
        or (entry is not None and entry["done"])
    ):
        return session, {"accepted": False}
    new = copy.deepcopy(session)
    rnd = new["round"]
    question = qset.question(rnd["question_id"])
    assert question is not None
    entry = rnd["tries"].setdefault(
        member, {"choices": [], "correct": False, "points": 0, "done": False}
    )
    entry["choices"].append(option)
    entry["correct"] = option == question.answer
    left = (rnd["deadline"] - now) / (rnd["deadline"] - rnd["opened_at"])
    entry["points"] = points_for(
        Mode.CHALLENGE, len(entry["choices"]), correct=entry["correct"], time_left=left
    )
    entry["done"] = entry["correct"] or len(entry["choices"]) >= rnd["attempts"]
    new["participants"].add(member)
    if all(rnd["tries"].get(m, {}).get("done") for m in new["participants"]):
        rnd["closed_at"] = now
    return new, {"accepted": True, "points": entry["points"]}


def naive_advance(session: dict[str, Any], qset: QuestionSet, now: float) -> dict[str, Any]:
    """Open the next question of a dict-based session (deep-copying it too)."""
    new = copy.deepcopy(session)
    rnd = new["round"]
    if rnd["closed_at"] is None:
        rnd["closed_at"] = now
    if new["index"] + 1 >= len(new["question_ids"]):
        new["status"] = "finished"
        return new
    new["past"].append(rnd)
    new["index"] += 1
    question = qset.questions[new["index"]]
    new["round"] = {
        "question_id": question.id,
        "opened_at": now,
        "deadline": now + question.time_limit,
        "attempts": question.attempts,
        "tries": {},
        "closed_at": None,
    }
    return new


def run_naive(
    qset: QuestionSet, sessions: list[dict[str, Any]], answers: list[tuple[int, int, int]]
) -> float:
    """Apply the answers the naive way and return answers per second."""
    now = T0
    started = time.perf_counter()
    for index, member, option in answers:
        now += STEP
        session = sessions[index]
        rnd = session["round"]
        if session["status"] == "running" and (
            rnd["closed_at"] is not None or now >= rnd["deadline"]
        ):
            session = naive_advance(session, qset, now)
        session, _ = naive_submit(session, qset, member, option, now)
        sessions[index] = session
    return len(answers) / (time.perf_counter() - started)


# --- one big round: FrozenMap.set against rebuilding the tries dict -----------------------


def tries_update_costs(members: int, repeat: int = 20_000) -> tuple[float, float]:
    """Return microseconds per update of a ``members``-entry map: FrozenMap.set, dict rebuild.

    Each is the best of five runs of ``repeat`` updates.
    """
    start: FrozenMap[int, int] = FrozenMap((m, m) for m in range(members))
    frozen_costs, dict_costs = [], []
    for _ in range(5):
        frozen = start
        started = time.perf_counter()
        for step in range(repeat):
            frozen = frozen.set(step % members, step)
        frozen_costs.append((time.perf_counter() - started) / repeat * 1e6)
        plain = dict(start)
        started = time.perf_counter()
        for step in range(repeat):
            plain = dict(plain)
            plain[step % members] = step
        dict_costs.append((time.perf_counter() - started) / repeat * 1e6)
    return min(frozen_costs), min(dict_costs)


# --- memory -----------------------------------------------------------------------------


def bytes_per_session(qset: QuestionSet, count: int, answers_each: int, naive: bool) -> int:
    """Return bytes allocated per live session holding ``answers_each`` tries each."""
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    now = T0 + 1
    live: list[Any] = []
    for n in range(count):
        if naive:
            session: Any = naive_start(qset, f"s{n}", T0)
            for member in range(2, 2 + answers_each):
                session, _ = naive_submit(session, qset, member, member % 4, now)
        else:
            session = start_session(qset, Mode.CHALLENGE, session_id=f"s{n}", starter_id=1, now=T0)
            for member in range(2, 2 + answers_each):
                session, _ = submit_answer(session, qset, member, member % 4, now)
        live.append(session)
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del live
    return used // count


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print the table and the summary line."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sessions", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=200_000)
    parser.add_argument("--naive-answers", type=int, default=None, help="default: --answers")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)

    qset = build_set()
    answers = random_answers(args.answers, args.sessions, args.seed)
    engine = run_engine(qset, start_all(qset, args.sessions), answers)
    naive_sessions = [naive_start(qset, f"s{n}", T0) for n in range(args.sessions)]
    naive_rate = run_naive(qset, naive_sessions, answers[: args.naive_answers or args.answers])
    small = tries_update_costs(6)
    big = tries_update_costs(1000)
    memory = bytes_per_session(qset, args.sessions, 3, naive=False)
    naive_memory = bytes_per_session(qset, args.sessions, 3, naive=True)

    rows = [
        ("python", f"{platform.python_implementation()} {platform.python_version()}"),
        (
            "live challenge sessions",
            f"{args.sessions:,} (5 questions, {MEMBERS_PER_SESSION} members)",
        ),
        ("answers applied", f"{args.answers:,} in {engine['seconds']:.2f} s"),
        ("  accepted", f"{engine['accepted']:.1%} (rest: closed, too late, done...)"),
        (
            "  rounds closed early",
            f"{engine['closed']:,}; sessions finished {engine['finished']:,}",
        ),
        ("engine answers/s", f"{engine['rate']:,.0f} (expire + advance + submit_answer)"),
        ("naive answers/s", f"{naive_rate:,.0f} (deepcopy of a dict session per answer)"),
        ("engine / naive", f"{engine['rate'] / naive_rate:.1f}x"),
        (
            "tries update, 6 members",
            f"FrozenMap.set {small[0]:.2f} us vs dict rebuild {small[1]:.2f} us "
            f"({small[1] / small[0]:.1f}x)",
        ),
        (
            "tries update, 1000 members",
            f"FrozenMap.set {big[0]:.2f} us vs dict rebuild {big[1]:.2f} us "
            f"({big[1] / big[0]:.1f}x)",
        ),
        ("bytes per live session", f"{memory:,} (3 tries each)"),
        ("naive bytes per session", f"{naive_memory:,} ({naive_memory / memory:.1f}x)"),
    ]
    width = max(len(name) for name, _ in rows)
    for name, value in rows:
        print(f"{name.ljust(width)}  {value}")
    print(f"engine: {engine['rate']:.0f} answers/s; {memory} bytes per live session")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
