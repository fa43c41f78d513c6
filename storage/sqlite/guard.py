"""Guards around a SQLite file: one bot process per file, and a file deleted under us noticed."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path

from ..errors import DatabaseInUseError

LOG = logging.getLogger(__name__)


class ProcessLock:
    """An exclusive lock on ``<database>.lock``, held until release() or the process ends.

    flock() locks belong to the open file, so the kernel drops them when the process dies,
    even on SIGKILL: a crashed bot never blocks the next start (its file stays behind, unlocked).
    """

    def __init__(self, database: Path) -> None:
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None

    def acquire(self) -> None:
        """Take the lock, or raise DatabaseInUseError with a sentence if another process has it."""
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_pid(fd)
                os.close(fd)
                by = f" (process {holder})" if holder else ""
                raise DatabaseInUseError(
                    f"Another quiz-tutor process{by} is already using {self.path.with_suffix('')}"
                    ". Two processes on one SQLite file would take over each other's sessions: "
                    "stop the other one first, or give this one a database file of its own."
                ) from None
            except BaseException:
                os.close(fd)
                raise
            if _same_file(fd, self.path):
                break
            # The holder removed the file as it let go, after we opened it: lock the new one.
            os.close(fd)
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def release(self) -> None:
        """Drop the lock and remove its file, so a clean stop leaves nothing behind.

        The file is removed while still locked: a process that opened it meanwhile finds, once
        it holds the lock, that the path no longer names its file, and starts again.
        """
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
            os.close(fd)


def _same_file(fd: int, path: Path) -> bool:
    """Tell whether ``path`` still names the open file ``fd``."""
    try:
        named = path.stat()
    except FileNotFoundError:
        return False
    opened = os.fstat(fd)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)


def _read_pid(fd: int) -> str:
    """Return the process id written in the lock file, or ''."""
    try:
        return os.pread(fd, 32, 0).decode(errors="replace").strip()
    except OSError:
        return ""


class FileWatch:
    """Notice, after a commit, that the database file was deleted or replaced under us."""

    def __init__(self, database: Path) -> None:
        self.path = database
        stat = database.stat()
        self._identity = (stat.st_dev, stat.st_ino)
        self.warned = False

    def check(self) -> None:
        """Log one loud error the first time the file is missing or is another file."""
        if self.warned:
            return
        try:
            stat = self.path.stat()
        except FileNotFoundError:
            problem = "was deleted"
        else:
            if (stat.st_dev, stat.st_ino) == self._identity:
                return
            problem = "was replaced by another file"
        self.warned = True
        LOG.error(
            "THE DATABASE FILE %s %s while the bot is running. Everything written from now on "
            "goes to the old, unlinked file and is lost when the bot stops; the next start "
            "would begin with an empty database. Stop the bot and restore the file from a "
            "backup (or copy it back from /proc/%d/fd while the bot still runs).",
            self.path,
            problem,
            os.getpid(),
        )
