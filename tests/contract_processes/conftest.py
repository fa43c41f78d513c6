"""The bot suite's SimCord world, plus a PostgreSQL server of this folder's own.

The suite's shared server trusts every connection and must never stop, so the tests that need a
password to be checked, or the server to restart under a running bot, use ``own_postgres``: a
second throwaway server (same binaries, tests/pgserver.py) where the role ``APP_USER`` logs in
with a password full of URL-special characters.
"""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import quote

import pytest

from tests.bot.conftest import content_dir, database, simcord_bot, world
from tests.conftest import _migrate
from tests.pgserver import PostgresServer, find_bin_dir

__all__ = ["app_url", "content_dir", "database", "own_postgres", "simcord_bot", "world"]

APP_USER = "app"
APP_PASSWORD = "p@ss:w/rd?#%&é"
"""A password needing URL-encoding: @ : / ? # % & and a non-ASCII letter."""


class OwnPostgres:
    """A server this folder may restart, with a password-checked role."""

    def __init__(self, server: PostgresServer) -> None:
        self.server = server
        self._names = 0

    def app_url(self, database: str, password: str = APP_PASSWORD) -> str:
        secret = quote(password, safe="")
        return f"postgresql://{APP_USER}:{secret}@127.0.0.1:{self.server.port}/{database}"

    def create_app_database(self) -> str:
        """A fresh database owned by the password role; return its name."""
        self._names += 1
        name = f"app_{self._names}"
        self.server.execute(f'CREATE DATABASE "{name}" OWNER "{APP_USER}"')
        return name

    def restart(self) -> None:
        """Restart the server: every open connection is dropped (pg_ctl -m fast)."""
        data = str(self.server.folder / "data")
        log = str(self.server.folder / "log")  # else the server keeps our stdout pipe open
        self.server._run(self.server.prefix, self.server.bin_dir / "pg_ctl", "-D", data,
                         "-l", log, "-m", "fast", "-w", "-t", "60", "restart")  # fmt: skip

    def stop(self) -> None:
        data = str(self.server.folder / "data")
        self.server._run(self.server.prefix, self.server.bin_dir / "pg_ctl", "-D", data,
                         "-m", "fast", "-w", "stop")  # fmt: skip

    def start(self) -> None:
        data = str(self.server.folder / "data")
        log = str(self.server.folder / "log")
        server = self.server
        options = f"-p {server.port} -c listen_addresses=127.0.0.1 -k {server.folder} -c fsync=off"
        server._run(server.prefix, server.bin_dir / "pg_ctl", "-D", data, "-l", log,
                    "-o", options, "-w", "-t", "60", "start")  # fmt: skip


@pytest.fixture(scope="session")
def own_postgres() -> Iterator[OwnPostgres]:
    if find_bin_dir() is None:
        pytest.fail("PostgreSQL binaries not found (apt-get install postgresql)", pytrace=False)
    server = PostgresServer.start(durable=False)
    try:
        escaped = APP_PASSWORD.replace("'", "''")
        server.execute(f"CREATE ROLE \"{APP_USER}\" LOGIN PASSWORD '{escaped}'")
        hba = server.folder / "data" / "pg_hba.conf"
        rules = f"host all {APP_USER} 127.0.0.1/32 scram-sha-256\n"
        hba.write_text(rules + hba.read_text())
        server._run(server.prefix, server.bin_dir / "pg_ctl", "-D",
                    str(server.folder / "data"), "reload")  # fmt: skip
        yield OwnPostgres(server)
    finally:
        server.stop()


@pytest.fixture
def app_url(own_postgres: OwnPostgres) -> str:
    """A fresh, migrated database on the own server, as the password role (URL-encoded)."""
    url = own_postgres.app_url(own_postgres.create_app_database())
    _migrate(url)
    return url
