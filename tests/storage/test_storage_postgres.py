"""PostgreSQL only: migrations in one transaction each, a version table, clear refusals."""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from storage import DatabaseUnusableError, Storage, StorageError, is_postgres_url
from storage.copy_cli import run_copy
from storage.postgres.connection import LATEST_VERSION, MIGRATIONS, migrate, redact
from storage.sqlite.connection import Migration
from tests.pgserver import PostgresServer
from tests.storage.raw import fetch


async def test_a_fresh_database_gets_the_schema_once(postgres_server: PostgresServer) -> None:
    url = postgres_server.create_database()  # empty: not from the template
    try:
        for _ in range(2):
            storage = await Storage.open(url)
            assert storage.backend == "postgresql"
            assert await storage.schema_version() == LATEST_VERSION
            await storage.close()
        versions = await fetch(url, "SELECT version, name FROM schema_migrations ORDER BY 1")
        assert versions == [(m.version, m.name) for m in MIGRATIONS]
        tables = {row[0] for row in await fetch(url, "SELECT tablename FROM pg_tables"
                                                     " WHERE schemaname = 'public'")}  # fmt: skip
        assert {"sessions", "answers", "member_totals", "activity_days", "results", "set_bests",
                "badges", "guild_sets"} <= tables  # fmt: skip
    finally:
        postgres_server.drop_database(url)


async def test_a_failing_migration_leaves_the_previous_version(postgres_url: str) -> None:
    broken = Migration(
        LATEST_VERSION + 1,
        "broken",
        "CREATE TABLE half_done (x integer);\nINSERT INTO no_such_table VALUES (1);",
    )
    connection = await asyncpg.connect(postgres_url)
    try:
        with pytest.raises(StorageError, match=f"{broken.version:04d}_broken"):
            await migrate(connection, [*MIGRATIONS, broken])
        assert not connection.is_in_transaction()
        assert await connection.fetchval("SELECT max(version) FROM schema_migrations") == (
            LATEST_VERSION
        )
        assert await connection.fetchval("SELECT to_regclass('half_done')") is None
    finally:
        await connection.close()


async def test_a_database_newer_than_the_code_is_refused(postgres_url: str) -> None:
    connection = await asyncpg.connect(postgres_url)
    try:
        await connection.execute(
            "INSERT INTO schema_migrations (version, name) VALUES ($1, 'future')",
            LATEST_VERSION + 1,
        )
    finally:
        await connection.close()
    with pytest.raises(StorageError, match="newer"):
        await Storage.open(postgres_url)


async def test_an_unreachable_server_is_one_paragraph_without_the_password(
    postgres_server: PostgresServer,
) -> None:
    url = f"postgresql://quiz:s3cret@127.0.0.1:{postgres_server.port}/no_such_database"
    with pytest.raises(DatabaseUnusableError) as refused:
        await Storage.open(url)
    message = str(refused.value)
    assert "s3cret" not in message
    assert "postgresql://quiz:***@127.0.0.1" in message
    assert "no_such_database" in message
    assert "\n" not in message


def test_redact_hides_only_the_password() -> None:
    assert redact("postgresql://u:p@h:5432/d") == "postgresql://u:***@h:5432/d"
    assert redact("postgresql://u@h/d") == "postgresql://u@h/d"
    assert redact("postgresql://:PW@h/d") == "postgresql://:***@h/d"
    assert redact("postgresql://u@h/d?password=PW&sslmode=off") == (
        "postgresql://u@h/d?password=***&sslmode=off"
    )
    assert redact("postgresql://u@h/d?sslmode=off&PASSWORD=PW") == (
        "postgresql://u@h/d?sslmode=off&PASSWORD=***"
    )
    assert redact("POSTGRESQL://u:PW@h/d") == "POSTGRESQL://u:***@h/d"
    assert redact("postgresql://u:P@W/x@h/d") == "postgresql://u:***@h/d"


ROOT = Path(__file__).resolve().parents[2]


async def create(path: Path) -> None:
    storage = await Storage.open(path)
    await storage.close()


@pytest.mark.parametrize(
    "shape",
    [
        "postgresql://:PW-s3cret@127.0.0.1:{port}/absent",
        "postgresql://quiz@127.0.0.1:{port}/absent?password=PW-s3cret",
        "POSTGRESQL://quiz:PW-s3cret@127.0.0.1:{port}/absent",
    ],
)
def test_no_password_is_printed_however_the_url_spells_it(
    shape: str, postgres_server: PostgresServer, tmp_path: Path
) -> None:
    url = shape.format(port=postgres_server.port)
    assert is_postgres_url(url)
    with pytest.raises(DatabaseUnusableError) as refused:
        asyncio.run(Storage.open(url))
    assert "PW-s3cret" not in str(refused.value)
    out = io.StringIO()
    source = tmp_path / "source.db"
    asyncio.run(create(source))
    code = run_copy(str(source), url, out=out)
    assert code == 2
    assert "PW-s3cret" not in out.getvalue()
    assert "***" in out.getvalue() or "quiz@" in out.getvalue()
    settings_error = subprocess.run(
        [sys.executable, "-m", "bot"],
        env={**os.environ, "PYTHONPATH": str(ROOT), "DISCORD_TOKEN": "x.y.z",
             "QUIZ_TUTOR_DATABASE": url},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert settings_error.returncode == 2
    assert "PW-s3cret" not in settings_error.stderr + settings_error.stdout
