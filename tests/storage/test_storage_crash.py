"""A process killed with SIGKILL loses nothing it reported as recorded."""

from __future__ import annotations

import asyncio
import os
import selectors
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from storage import Storage

CRASH_WRITER = Path(__file__).with_name("crash_writer.py")
WANTED = 300


async def reopen_and_count(path: Path) -> tuple[int, list[str]]:
    """Open the crashed database like the bot's next start; return answers and open sessions."""
    storage = await Storage.open(path)
    try:
        answers = await storage.session_answers("crash")
        return len(answers), [s.id for s in await storage.open_sessions()]
    finally:
        await storage.close()


def read_until(process: subprocess.Popen[bytes], lines: int, timeout: float, stderr: Path) -> bytes:
    """Return the child's output once it holds at least lines complete lines."""
    assert process.stdout is not None
    deadline = time.monotonic() + timeout
    output = b""
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while output.count(b"\n") < lines:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not selector.select(remaining):
                pytest.fail(f"crash_writer printed {len(output.splitlines())} lines in {timeout}s")
            chunk = os.read(process.stdout.fileno(), 65_536)
            if not chunk:
                pytest.fail(f"crash_writer exited with {process.wait()}: {stderr.read_text()}")
            output += chunk
    return output


def test_sigkill_loses_no_recorded_answer(tmp_path: Path) -> None:
    path = tmp_path / "crash.db"
    stderr_path = tmp_path / "stderr.txt"
    with stderr_path.open("wb") as stderr:
        process = subprocess.Popen(
            [sys.executable, str(CRASH_WRITER), str(path), "25"],
            stdout=subprocess.PIPE,
            stderr=stderr,
        )
        try:
            output = read_until(process, WANTED, timeout=60, stderr=stderr_path)
            process.send_signal(signal.SIGKILL)
            assert process.stdout is not None
            output += process.stdout.read()  # reported before the kill, read after it
        finally:
            process.kill()
            process.wait()
            if process.stdout is not None:
                process.stdout.close()
    assert process.returncode == -signal.SIGKILL
    complete = output.decode().split("\n")[:-1]  # a torn last line is not a report
    reported = {tuple(line.split()) for line in complete}
    assert len(reported) == len(complete) >= WANTED

    # the -wal and -shm files are still there, as after a real crash
    with closing(sqlite3.connect(path)) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = {
            (str(member), question, str(attempt))
            for member, question, attempt in db.execute(
                "SELECT member_id, question_id, attempt FROM answers WHERE session_id = 'crash'"
            )
        }
    missing = reported - stored
    assert not missing, f"{len(missing)} reported answers lost, e.g. {sorted(missing)[:5]}"

    # and the bot's next start opens it normally
    assert asyncio.run(reopen_and_count(path)) == (len(stored), ["crash"])
