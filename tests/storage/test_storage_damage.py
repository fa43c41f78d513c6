"""A damaged SQLite file with an intact header: a paragraph and exit 2, never a traceback."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from storage import DatabaseUnusableError, Storage
from storage.copy_cli import run_copy
from tests.storage.conftest import answer_record, session_record

ROOT = Path(__file__).resolve().parents[2]
TEXT = "x" * 600


async def fill(path: Path) -> None:
    async with await Storage.open(path) as storage:
        await storage.save_session(session_record())
        await storage.record_answers(
            [answer_record(m, f"q{m}", answered_at=1.7e9 + m) for m in range(300)]
        )
        for n in range(30):
            await storage.put_guild_set(111, f"set-{n}", f"id: set-{n}\ntitle: {TEXT}\n", 9, 1.0)


def every_97th_byte_inverted(path: Path, after: int) -> None:
    """Invert every 97th byte after the first ``after`` bytes (the header page stays)."""
    data = bytearray(path.read_bytes())
    for index in range(after, len(data), 97):
        data[index] ^= 0xFF
    path.write_bytes(bytes(data))


def texts_inverted(path: Path) -> None:
    """Damage only the sets' texts: the file's structure holds, its text is not UTF-8."""
    data = path.read_bytes()
    path.write_bytes(data.replace(TEXT.encode(), b"\x87" * len(TEXT)))


@pytest.fixture
def damaged(tmp_path: Path, request: pytest.FixtureRequest) -> Path:
    path = tmp_path / "quiz.db"
    asyncio.run(fill(path))
    if request.param == "pages":
        every_97th_byte_inverted(path, after=4096)
    else:
        texts_inverted(path)
    return path


def paragraph_of(error: BaseException, path: Path) -> str:
    message = str(error)
    assert isinstance(error, DatabaseUnusableError), repr(error)
    assert message.startswith(f"The database {path} cannot be used: ")
    assert "restore it from a backup" in message
    assert "\n" not in message
    return message


@pytest.mark.parametrize("damaged", ["pages", "texts"], indirect=True)
def test_opening_and_reading_a_damaged_file_says_a_paragraph(damaged: Path) -> None:
    async def start() -> None:  # what a start reads
        async with await Storage.open(damaged) as storage:
            await storage.all_guild_sets()
            await storage.open_sessions()

    with pytest.raises(DatabaseUnusableError) as refused:
        asyncio.run(start())
    paragraph_of(refused.value, damaged)


@pytest.mark.parametrize("damaged", ["pages", "texts"], indirect=True)
def test_db_copy_of_a_damaged_file_exits_2_with_the_paragraph(
    damaged: Path, tmp_path: Path
) -> None:
    out = io.StringIO()
    code = run_copy(str(damaged), str(tmp_path / "copy.db"), out=out)
    said = out.getvalue()
    assert code == 2, said
    assert f"The database {damaged} cannot be used: " in said
    assert "Traceback" not in said


@pytest.mark.parametrize("damaged", ["pages", "texts"], indirect=True)
def test_run_on_a_damaged_file_exits_2_with_the_paragraph_before_connecting(
    damaged: Path,
) -> None:
    env = dict(os.environ)
    env.update(
        PYTHONPATH=str(ROOT),
        DISCORD_TOKEN="not.a.real-token",
        QUIZ_TUTOR_DATABASE=str(damaged),
        QUIZ_TUTOR_CONTENT=str(ROOT / "content"),
    )
    done = subprocess.run(
        [sys.executable, "-m", "bot"],
        cwd=damaged.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2, done.stderr[-2000:]
    assert f"quiz-tutor: The database {damaged} cannot be used: " in done.stderr
    assert "Traceback" not in done.stderr + done.stdout
    assert "discord" not in done.stderr.lower().replace("discord_token", "")  # never connected
