"""A throwaway PostgreSQL server from Debian's binaries, for the tests and bench/storage.py.

    server = PostgresServer.start(durable=False)   # initdb + pg_ctl in a temporary folder
    url = server.create_database()                 # postgresql://quiz@127.0.0.1:PORT/db_1
    server.stop()                                  # pg_ctl stop, folder removed

PostgreSQL refuses to run as root, so as root the folder is given to the ``postgres`` user
(which Debian's package creates; else ``nobody``) and initdb/pg_ctl run as that user through
``runuser`` or ``setpriv``. The server listens on 127.0.0.1 on a free port and on a unix socket
in the folder, trusts local connections and uses the C collation.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")

SUPERUSER = "quiz"
INSTALL_HINT = "apt-get install postgresql"


def find_bin_dir() -> Path | None:
    """Return the folder holding initdb and pg_ctl, or None when PostgreSQL is not installed."""
    found = shutil.which("initdb")
    if found and shutil.which("pg_ctl"):
        return Path(os.path.realpath(found)).parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0,
    )
    return Path(versions[-1]).parent if versions else None


def _major(bin_dir: Path) -> int:
    """Return the major version of the binaries in bin_dir (0 when it can't be told)."""
    done = subprocess.run(
        [str(bin_dir / "pg_ctl"), "--version"], capture_output=True, text=True, check=False
    )
    words = done.stdout.split()
    return int(words[-1].split(".")[0]) if words and words[-1][:1].isdigit() else 0


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_user_prefix() -> tuple[list[str], int | None, int | None]:
    """Return the command prefix that drops root, with the uid and gid to give the folder."""
    if os.geteuid() != 0:
        return [], None, None
    for name in ("postgres", "nobody"):
        try:
            entry = pwd.getpwnam(name)
        except KeyError:
            continue
        if shutil.which("runuser"):
            return ["runuser", "-u", name, "--"], entry.pw_uid, entry.pw_gid
        if shutil.which("setpriv"):
            prefix = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}"]
            return [*prefix, "--clear-groups"], entry.pw_uid, entry.pw_gid
    raise RuntimeError("running as root without a 'postgres' or 'nobody' user to run PostgreSQL")


def run_coroutine(make: Callable[[], Awaitable[T]]) -> T:
    """Run a coroutine to completion on a private loop in a thread.

    Safe from sync fixtures and from inside a running loop (it never touches the caller's).
    """
    result: list[T] = []
    error: list[BaseException] = []

    def target() -> None:
        try:
            result.append(asyncio.run(_await(make)))
        except BaseException as exc:
            error.append(exc)

    thread = threading.Thread(target=target, name="pgserver-admin", daemon=True)
    thread.start()
    thread.join()
    if error:
        raise error[0]
    return result[0]


async def _await(make: Callable[[], Awaitable[T]]) -> T:
    return await make()


@dataclass
class PostgresServer:
    """A running server in its own temporary folder."""

    folder: Path
    bin_dir: Path
    port: int
    prefix: list[str]
    major: int
    _names: count[int] = field(default_factory=lambda: count(1))

    @classmethod
    def start(cls, *, durable: bool = False) -> PostgresServer:
        """initdb and start a server; durable=False turns fsync off (tests only)."""
        bin_dir = find_bin_dir()
        if bin_dir is None:
            raise FileNotFoundError(f"PostgreSQL's initdb/pg_ctl not found ({INSTALL_HINT})")
        prefix, uid, gid = _as_user_prefix()
        # Tests: in memory when /dev/shm is there (CREATE DATABASE per test is ~10x faster).
        shm = "/dev/shm" if not durable and os.access("/dev/shm", os.W_OK) else None
        folder = Path(tempfile.mkdtemp(prefix="quiz-tutor-pg-", dir=shm))
        if uid is not None and gid is not None:
            os.chown(folder, uid, gid)
        data = folder / "data"
        port = _free_port()
        try:
            cls._run(prefix, bin_dir / "initdb", "-D", str(data), "-U", SUPERUSER,
                     "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync")  # fmt: skip
            options = [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-k {folder}",
                       "-c max_connections=200", "-c shared_buffers=128MB"]  # fmt: skip
            if not durable:
                options += ["-c fsync=off", "-c synchronous_commit=off", "-c full_page_writes=off"]
            cls._run(prefix, bin_dir / "pg_ctl", "-D", str(data), "-l", str(folder / "log"),
                     "-o", " ".join(options), "-w", "-t", "60", "start")  # fmt: skip
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        server = cls(folder, bin_dir, port, prefix, _major(bin_dir))
        atexit.register(server.stop)
        return server

    @staticmethod
    def _run(prefix: list[str], *command: str | Path) -> None:
        done = subprocess.run(
            [*prefix, *map(str, command)], capture_output=True, text=True, check=False, cwd="/"
        )
        if done.returncode != 0:
            raise RuntimeError(f"{Path(command[0]).name} failed: {done.stderr or done.stdout}")

    def url(self, database: str = "postgres") -> str:
        """Return the URL of a database on this server."""
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{database}"

    def create_database(self, template: str | None = None) -> str:
        """Create a fresh database (a copy of template if given) and return its URL."""
        name = f"db_{os.getpid()}_{next(self._names)}"
        sql = f'CREATE DATABASE "{name}"'
        if template:
            # FILE_COPY (15+) copies the files instead of logging every block: faster for tests
            sql += f' TEMPLATE "{template}"' + (" STRATEGY FILE_COPY" if self.major >= 15 else "")
        self.execute(sql)
        return self.url(name)

    def drop_database(self, url: str) -> None:
        """Drop a database made by create_database, closing its connections."""
        name = url.rsplit("/", 1)[-1]
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def execute(self, sql: str, database: str = "postgres") -> None:
        """Run one statement as the superuser."""
        import asyncpg

        async def run() -> None:
            connection = await asyncpg.connect(self.url(database))
            try:
                await connection.execute(sql)
            finally:
                await connection.close()

        run_coroutine(run)

    def stop(self) -> None:
        """Stop the server at once and remove its folder (safe to call twice)."""
        if not self.folder.exists():
            return
        with contextlib.suppress(RuntimeError):
            self._run(self.prefix, self.bin_dir / "pg_ctl", "-D", str(self.folder / "data"),
                      "-m", "immediate", "-w", "stop")  # fmt: skip
        shutil.rmtree(self.folder, ignore_errors=True)
