"""CONTRACT §1: `quiz-tutor playground --no-browser` prints its local URL; stopped, it exits."""

from __future__ import annotations

import queue
import re
import signal
import subprocess
import threading
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.contract_surface.cli import ENTRY_POINT, clean_env

URL = re.compile(r"http://127\.0\.0\.1:(\d+)/\S*")
SET = """\
id: audit-set
title: Audit set
questions:
  - id: q1
    prompt: Which?
    options: {A: one, B: two}
    answer: A
"""


class Playground:
    def __init__(self, process: subprocess.Popen[str]) -> None:
        self.process = process
        self.lines: queue.Queue[str | None] = queue.Queue()
        self.seen: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line)
        self.lines.put(None)

    def wait_for_url(self) -> str:
        """Read stdout until a URL line; the timeout only guards against a hang."""
        while True:
            line = self.lines.get(timeout=90)
            if line is None:
                raise AssertionError(f"exited before printing a URL: {''.join(self.seen)}")
            self.seen.append(line)
            found = URL.search(line)
            if found:
                return found.group(0)


@pytest.fixture
def start_playground(tmp_path: Path) -> Iterator[object]:
    started: list[subprocess.Popen[str]] = []

    def start(*args: str) -> Playground:
        process = subprocess.Popen(
            [str(ENTRY_POINT), "playground", "--no-browser", *args],
            cwd=tmp_path,
            env=clean_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        started.append(process)
        return Playground(process)

    yield start
    for process in started:
        if process.poll() is None:
            process.kill()
            process.wait(timeout=30)


def _stop(playground: Playground) -> tuple[int, str]:
    playground.process.send_signal(signal.SIGINT)
    code = playground.process.wait(timeout=60)
    assert playground.process.stderr is not None
    return code, playground.process.stderr.read()


def test_no_browser_prints_a_local_url_that_serves_the_page_and_ctrl_c_stops_it(
    start_playground, tmp_path: Path
) -> None:
    playground = start_playground()
    url = playground.wait_for_url()
    with urllib.request.urlopen(url.split("#")[0], timeout=30) as page:
        assert page.status == 200
        assert page.read()
    code, errors = _stop(playground)
    assert code == 0
    assert "Traceback" not in errors
    assert list(tmp_path.iterdir()) == []  # the default database was temporary


def test_a_valid_set_joins_and_sigterm_stops_it_too(start_playground, tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(SET, encoding="utf-8")
    playground = start_playground("--set", "mine.yaml")
    playground.wait_for_url()
    playground.process.send_signal(signal.SIGTERM)
    assert playground.process.wait(timeout=60) == 0
    while (line := playground.lines.get(timeout=30)) is not None:
        playground.seen.append(line)
    assert "audit-set" in "".join(playground.seen)
