"""Options and fixtures shared by the whole suite.

``database_target`` runs a test once per storage backend (ids ``sqlite`` and ``postgresql``):
it yields a fresh SQLite file path in ``tmp_path``, or the URL of a fresh PostgreSQL database.
Use it wherever a test takes a database, sync or async alike:

    async def test_x(database_target):
        storage = await Storage.open(database_target)      # or create_bot(database=...)

PostgreSQL runs as one real server per test session, started from Debian's binaries in a
temporary folder (tests/pgserver.py); each test gets its own database, copied from a template
that already holds the schema. Without the binaries the ``postgresql`` half is skipped (a line
in the header and one in the summary say why and how many, even with ``-q``); with ``CI=true``
that is a failure instead.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.pgserver import INSTALL_HINT, PostgresServer, find_bin_dir, run_coroutine

TEMPLATE = "quiz_template"
NO_BINARIES = "PostgreSQL binaries not found"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--soak",
        action="store_true",
        help="run the soak test at full length (minutes) instead of its short CI form",
    )


def pytest_report_header(config: pytest.Config) -> str:
    bin_dir = find_bin_dir()
    if bin_dir is not None:
        return f"postgresql: real server from {bin_dir} (one per session, a database per test)"
    if _in_ci():
        return (
            f"postgresql: binaries NOT FOUND, CI=true: the postgresql half fails ({INSTALL_HINT})"
        )
    return f"postgresql: binaries not found, the postgresql half is skipped ({INSTALL_HINT})"


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Say, even under -q, how many tests were skipped because PostgreSQL is not installed."""
    skipped = [
        report
        for report in terminalreporter.stats.get("skipped", [])
        if NO_BINARIES in str(getattr(report, "longrepr", ""))
    ]
    if skipped:
        tests = "test was" if len(skipped) == 1 else "tests were"
        terminalreporter.write_line(
            f"postgresql: {len(skipped)} {tests} SKIPPED, the PostgreSQL binaries were not "
            f"found: only the SQLite half ran ({INSTALL_HINT} to run both).",
            yellow=True,
            bold=True,
        )


def _in_ci() -> bool:
    return os.environ.get("CI", "").lower() in {"true", "1", "yes"}


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[PostgresServer]:
    """Start one PostgreSQL server for the session, with a migrated template database."""
    if find_bin_dir() is None:
        message = f"{NO_BINARIES} ({INSTALL_HINT})"
        if _in_ci():
            pytest.fail(f"{message}; CI=true requires the postgresql half", pytrace=False)
        pytest.skip(message)
    server = PostgresServer.start(durable=False)
    try:
        server.execute(f'CREATE DATABASE "{TEMPLATE}"')
        _migrate(server.url(TEMPLATE))
        yield server
    finally:
        server.stop()


def _migrate(url: str) -> None:
    """Bring a database's schema up to date (a template keeps it for every copy)."""
    from storage import Storage

    async def migrate() -> None:
        storage = await Storage.open(url)
        await storage.close()

    run_coroutine(migrate)


@pytest.fixture
def postgres_url(postgres_server: PostgresServer) -> Iterator[str]:
    """Yield the URL of a fresh, migrated PostgreSQL database, dropped afterwards."""
    url = postgres_server.create_database(template=TEMPLATE)
    yield url
    postgres_server.drop_database(url)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_target(request: pytest.FixtureRequest, tmp_path: Path) -> Path | str:
    """Return a fresh database on each backend: a SQLite file path, or a postgresql:// URL."""
    if request.param == "sqlite":
        return tmp_path / "quiz.db"
    return request.getfixturevalue("postgres_url")
