"""Record answers from many concurrent writers until killed; print each key once recorded.

Used by test_storage_crash.py: python crash_writer.py DATABASE [WRITERS]
Each line is "member question attempt", printed (and flushed) after record_answer returned.
"""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from storage import AnswerRecord, SessionRecord, Storage

SESSION = "crash"
LIMIT = 1_000_000  # answers per writer; the test kills the process long before


async def writer(storage: Storage, member: int) -> None:
    """Record answers for one member forever, reporting each one after it is recorded."""
    for index in range(LIMIT):
        answer = AnswerRecord(
            guild_id=1, channel_id=2, member_id=member, set_id="crash-set",
            question_id=f"q{index}", mode="challenge", session_id=SESSION, attempt=1,
            chosen="ABCD"[index % 4], correct=index % 4 == 0, points=10 * (index % 4 == 0),
            seconds=0.5, answered_at=time.time(),
        )  # fmt: skip
        await storage.record_answer(answer)
        sys.stdout.write(f"{member} q{index} 1\n")
        sys.stdout.flush()


async def main(path: str, writers: int) -> None:
    """Open the database and run the writers."""
    storage = await Storage.open(path)
    now = time.time()
    await storage.save_session(
        SessionRecord(SESSION, 1, 2, None, "challenge", "crash-set", 1, "running", None, None,
                      None, "{}", now, now)
    )  # fmt: skip
    await asyncio.gather(*(writer(storage, member) for member in range(writers)))


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20))
