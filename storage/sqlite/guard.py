"""Guards around a SQLite file: one bot process per file, and a file deleted under us noticed."""

from __future__ import annotations

import contextlib
import fcntl
import logging
import os
from pathlib import Path

from ..errors import DatabaseInUseError

LOG = logging.getLogger(__name__)


# The database files (device, inode) this process holds, whatever name it opened them by.
_HELD: set[tuple[int, int]] = set()


class ProcessLock:
    """An exclusive lock on the database file itself and on ``<database>.lock``, until release().

    The file is locked, not its name: a symlink or a hard link to a database another process
    holds finds the same file locked. ``<database>.lock`` keeps the holder's process id (for
    the message) and keeps older versions out. flock() locks belong to the open file, so the
    kernel drops them when the process dies, even on SIGKILL: a crashed bot never blocks the
    next start. (They are apart from SQLite's own fcntl() locks on the same file.)
    """

    def __init__(self, database: Path) -> None:
        self.database = database
        self.path = database.with_name(database.name + ".lock")
        self._fd: int | None = None
        self._file_fd: int | None = None
        self._file: tuple[int, int] | None = None

    def acquire(self) -> None:
        """Take the lock, or raise DatabaseInUseError with a sentence if another process has it."""
        while True:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _read_pid(fd)
                os.close(fd)
                raise self._in_use(holder) from None
            except BaseException:
                os.close(fd)
                raise
            if _same_file(fd, self.path):
                break
            # The holder removed the file as it let go, after we opened it: lock the new one.
            os.close(fd)
        try:
            self._lock_the_file()
        except BaseException:
            os.close(fd)
            raise
        os.ftruncate(fd, 0)
        os.write(fd, f"{os.getpid()}\n".encode())
        self._fd = fd

    def _lock_the_file(self) -> None:
        """Lock the database file through any of its names (an empty new file if missing)."""
        # Closing a descriptor of a file drops every fcntl() lock this process's SQLite holds
        # on it: a file this process already holds is refused before it is opened again.
        if _identity(self.database) in _HELD:
            raise self._in_use("")
        try:
            fd = os.open(self.database, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except PermissionError:  # a read-only file: SQLite says what it thinks of it next
            fd = os.open(self.database, os.O_RDONLY | os.O_CLOEXEC)
        try:
            stat = os.fstat(fd)
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)  # another process holds it: this one has no SQLite lock on it to drop
            raise self._in_use("") from None
        except BaseException:
            os.close(fd)
            raise
        self._file_fd, self._file = fd, (stat.st_dev, stat.st_ino)
        _HELD.add(self._file)

    def _in_use(self, holder: str) -> DatabaseInUseError:
        by = f" (process {holder})" if holder else ""
        return DatabaseInUseError(
            f"Another quiz-tutor process{by} is already using {self.database} (or another name "
            "of the same file). Two processes on one SQLite file would take over each other's "
            "sessions: stop the other one first, or give this one a database file of its own."
        )

    def release(self) -> None:
        """Drop the locks (closing the files drops them), after SQLite closed the database.

        The lock file is removed while still locked, so a clean stop leaves nothing behind: a
        process that opened it meanwhile finds, once it holds the lock, that the path no longer
        names its file, and starts again.
        """
        fd, self._fd = self._fd, None
        if fd is not None:
            with contextlib.suppress(OSError):
                self.path.unlink()
        file_fd, self._file_fd = self._file_fd, None
        if self._file is not None:
            _HELD.discard(self._file)
            self._file = None
        for descriptor in (file_fd, fd):
            if descriptor is not None:
                os.close(descriptor)


def _identity(path: Path) -> tuple[int, int] | None:
    """Return the (device, inode) of the file a path names (through links), or None."""
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return (stat.st_dev, stat.st_ino)


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
