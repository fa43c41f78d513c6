"""SQLite guards: one process per file, unusable files refused, deletion noticed."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from storage import (
    AnswerRecord,
    DatabaseInUseError,
    DatabaseUnusableError,
    SessionRecord,
    Storage,
    StorageError,
)
from storage.sqlite import guard
from storage.sqlite.guard import ProcessLock

HOLDER = Path(__file__).with_name("hold_database.py")


def opening_fails(database: Path) -> StorageError:
    """Open the storage in a fresh loop; return the StorageError it raised."""

    async def attempt() -> None:
        storage = await Storage.open(database)
        await storage.close()

    with pytest.raises(StorageError) as refused:
        asyncio.run(attempt())
    return refused.value


def test_a_second_process_on_the_same_file_is_refused(db_path: Path) -> None:
    holder = subprocess.Popen(
        [sys.executable, str(HOLDER), str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline() == "open\n"
        refused = opening_fails(db_path)
        assert isinstance(refused, DatabaseInUseError)
        message = str(refused)
        assert f"process {holder.pid}" in message
        assert str(db_path) in message
        assert "stop the other one" in message
        holder.stdin.close()
        assert holder.wait(timeout=60) == 0
    finally:
        holder.kill()
        holder.wait()

    async def reopen() -> None:  # the holder is gone: the file is free again
        storage = await Storage.open(db_path)
        await storage.close()

    asyncio.run(reopen())


async def test_the_lock_is_held_until_close_and_freed_by_it(db_path: Path) -> None:
    lock_file = db_path.with_name(db_path.name + ".lock")
    first = await Storage.open(db_path)
    assert lock_file.is_file()
    with pytest.raises(DatabaseInUseError) as refused:
        await Storage.open(db_path)
    assert "QUIZ_TUTOR_DATABASE" not in str(refused.value)  # db copy meets it too
    await first.close()
    assert not lock_file.exists()  # a clean stop leaves no lock file behind
    second = await Storage.open(db_path)
    await second.close()
    assert not lock_file.exists()


def test_a_lock_file_removed_just_after_it_was_opened_is_taken_afresh(
    db_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = ProcessLock(db_path)
    first.acquire()
    early = os.open(first.path, os.O_RDWR)  # opened before the holder removes it as it stops
    first.release()
    assert not first.path.exists()

    opened: list[object] = []
    real_open = os.open

    def open_early_first(*args: object, **kwargs: object) -> int:
        opened.append(args[0])
        return os.dup(early) if len(opened) == 1 else real_open(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(guard.os, "open", open_early_first)
    second = ProcessLock(db_path)
    second.acquire()  # locks the removed file first, notices, and locks the path's new file
    monkeypatch.undo()
    try:
        assert opened.count(first.path) == 2  # the removed lock file, then the path's new one
        assert first.path.is_file()
        with pytest.raises(DatabaseInUseError):
            ProcessLock(db_path).acquire()
    finally:
        second.release()
        os.close(early)


@pytest.mark.parametrize(
    "content",
    [b"this is not a database, just text\n" * 40, b"SQLite format 3\x00" + b"\xff" * 4000],
    ids=["text", "damaged-header"],
)
def test_a_corrupt_file_is_refused_and_left_untouched(db_path: Path, content: bytes) -> None:
    db_path.write_bytes(content)
    for _ in range(2):  # the failed open released the lock: the same answer twice
        refused = opening_fails(db_path)
        assert isinstance(refused, DatabaseUnusableError)
        message = str(refused)
        assert message.startswith(f"The database {db_path} cannot be used: ")
        assert "restore it from a backup" in message
        assert "\n" not in message  # one paragraph
    assert db_path.read_bytes() == content
    assert not db_path.with_name(db_path.name + "-wal").exists()


def test_an_unreadable_path_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.db"
    folder.mkdir()
    assert isinstance(opening_fails(folder), DatabaseUnusableError)
    missing = tmp_path / "missing-folder" / "quiz.db"
    assert "cannot be used" in str(opening_fails(missing))
    assert not missing.parent.exists()


async def test_a_new_database_is_announced(db_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    # INFO, not a warning: a first start (or a playground) creating its database is expected.
    with caplog.at_level(logging.INFO, logger="storage"):
        storage = await Storage.open(db_path)
        await storage.close()
        storage = await Storage.open(db_path)
        await storage.close()
    creating = [r for r in caplog.records if "creating a new, empty one" in r.getMessage()]
    assert len(creating) == 1


async def test_a_deleted_database_file_is_logged_loudly_once(
    db_path: Path,
    make_session: Callable[..., SessionRecord],
    make_answer: Callable[..., AnswerRecord],
    caplog: pytest.LogCaptureFixture,
) -> None:
    storage = await Storage.open(db_path)
    try:
        await storage.save_session(make_session())
        with caplog.at_level(logging.ERROR, logger="storage"):
            await storage.record_answer(make_answer(1))
            assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
            os.unlink(db_path)
            await storage.record_answer(make_answer(2))
            await storage.record_answer(make_answer(3))
        errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
        assert len(errors) == 1
        assert str(db_path) in errors[0].getMessage()
        assert "was deleted" in errors[0].getMessage()
    finally:
        await storage.close()


@pytest.mark.parametrize("link", ["symlink", "hard link"])
def test_another_name_of_a_held_file_is_refused(db_path: Path, link: str) -> None:
    other = db_path.with_name("other-name.db")
    holder = subprocess.Popen(
        [sys.executable, str(HOLDER), str(db_path)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline() == "open\n"
        if link == "symlink":
            other.symlink_to(db_path)
        else:
            os.link(db_path, other)
        refused = opening_fails(other)
        assert isinstance(refused, DatabaseInUseError)
        assert "another name of the same file" in str(refused)
        holder.stdin.close()
        assert holder.wait(timeout=60) == 0
    finally:
        holder.kill()
        holder.wait()

    async def reopen() -> int:  # once the holder stopped, the other name opens as usual
        async with await Storage.open(other) as storage:
            return await storage.schema_version()

    assert asyncio.run(reopen()) >= 1


def test_a_second_name_in_the_same_process_is_refused_and_the_first_keeps_working(
    db_path: Path,
) -> None:
    other = db_path.with_name("same-file.db")

    async def both() -> None:
        async with await Storage.open(db_path) as first:
            await first.save_session(SessionRecord(
                "s1", 1, 2, None, "practice", "set", 3, "running", None, None, None, "{}", 1.0,
                1.0,
            ))  # fmt: skip
            other.symlink_to(db_path)
            with pytest.raises(DatabaseInUseError):
                await Storage.open(other)
            await first.save_session(SessionRecord(
                "s2", 1, 2, None, "practice", "set", 3, "running", None, None, None, "{}", 2.0,
                2.0,
            ))  # fmt: skip
            assert [s.id for s in await first.open_sessions()] == ["s1", "s2"]

    asyncio.run(both())
