"""What one answer costs the bot as the group grows (issue 16 §1), measured on the real code.

For 10, 50, 200 and 1,000 members answering one challenge question, each answer does what
``bot/sessions/answering.py`` does before its first write: ``engine.submit_answer``, then the
session save that ``SessionsBase._save`` builds (``engine.to_snapshot`` + ``json.dumps`` of the
whole state). The table shows bot CPU and bytes written per answer, against the answer row alone
as the baseline (what a per-answer write of only what changed would cost). Noisy machines: read
the ratios. Its last line reads ``cpu per answer: 10 members X ms; 1000 members Y ms; ratio R``.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bot import engine  # noqa: E402
from content.model import Mode, Question, QuestionSet  # noqa: E402
from storage import AnswerRecord  # noqa: E402
from storage.store import answer_row  # noqa: E402

T0 = 1_700_000_000.0
SIZES = (10, 50, 200, 1000)


def build_set() -> QuestionSet:
    question = Question(
        id="q1", prompt="Which?", options=("A", "B", "C", "D"), answer=2, time_limit=900, attempts=3
    )
    return QuestionSet(id="bench", title="Bench", questions=(question,))


def one_round(members: int) -> tuple[float, float, float, float]:
    """Return CPU ms and bytes per answer, with the whole-state save and with the row alone."""
    qset = build_set()
    session = engine.start_session(qset, Mode.CHALLENGE, session_id="s", starter_id=1, now=T0)
    save_cpu = row_cpu = 0.0
    save_bytes = row_bytes = 0
    for number in range(members):
        member = 10_000 + number
        at = T0 + 1 + number * 0.01
        began = time.process_time()
        session, outcome = engine.submit_answer(session, qset, member, number % 4, at)
        state = {"engine": engine.to_snapshot(session), "discord": {"status_message_id": 1}}
        text = json.dumps(state, separators=(",", ":"))
        save_cpu += time.process_time() - began
        save_bytes += len(text)
        began = time.process_time()
        chosen = "ABCD"[number % 4]
        record = AnswerRecord(
            1, 2, member, "bench", "q1", "challenge", "s", outcome.attempt, chosen,
            outcome.correct, outcome.points, 1.0, at,
        )  # fmt: skip
        row = answer_row(record)
        row_cpu += time.process_time() - began
        row_bytes += sum(len(str(value)) for value in row)
    return (
        save_cpu * 1000 / members,
        save_bytes / members,
        row_cpu * 1000 / members,
        row_bytes / members,
    )


def main() -> None:
    header = ("members", "cpu/answer", "bytes/answer", "row only cpu", "row bytes")
    print("{:>8} {:>11} {:>13} {:>13} {:>10}".format(*header))
    cpu_by_size = {}
    for members in SIZES:
        runs = [one_round(members) for _ in range(3)]
        cpu = statistics.median(r[0] for r in runs)
        size = statistics.median(r[1] for r in runs)
        row_cpu = statistics.median(r[2] for r in runs)
        row_size = statistics.median(r[3] for r in runs)
        cpu_by_size[members] = cpu
        print(f"{members:>8} {cpu:>8.3f} ms {size:>10.0f} B {row_cpu:>10.4f} ms {row_size:>7.0f} B")
    low, high = cpu_by_size[SIZES[0]], cpu_by_size[SIZES[-1]]
    print(
        f"cpu per answer: {SIZES[0]} members {low:.3f} ms; {SIZES[-1]} members {high:.3f} ms; "
        f"ratio {high / low:.1f}"
    )


if __name__ == "__main__":
    main()
