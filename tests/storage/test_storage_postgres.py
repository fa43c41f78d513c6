"""PostgreSQL only: migrations in one transaction each, a version table, clear refusals."""

from __future__ import annotations

import asyncpg
import pytest

from storage import DatabaseUnusableError, Storage, StorageError
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
