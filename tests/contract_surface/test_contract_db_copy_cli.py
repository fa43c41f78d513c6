"""CONTRACT §1: the real `quiz-tutor db copy FROM TO` entry point, SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from pathlib import Path

from storage import Storage
from storage.copy import ALL_TABLES
from tests.conftest import TEMPLATE
from tests.contract_surface.cli import quiz_tutor
from tests.pgserver import PostgresServer
from tests.storage.test_storage_copy import everything, fill


async def _timezone_only(database: Path | str) -> None:
    storage = await Storage.open(database)
    await storage.set_guild_timezone(7, "Asia/Tokyo")
    await storage.close()


def test_sqlite_to_postgresql_to_postgresql_to_sqlite_keeps_everything(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    first_pg = postgres_server.create_database(template=TEMPLATE)
    second_pg = postgres_server.create_database(template=TEMPLATE)
    try:
        asyncio.run(fill(tmp_path / "original.db"))
        expected = asyncio.run(everything(tmp_path / "original.db"))
        hops = [("original.db", first_pg), (first_pg, second_pg), (second_pg, "back.db")]
        for source, target in hops:
            done = quiz_tutor("db", "copy", source, target, cwd=tmp_path)
            assert done.returncode == 0, done.stdout + done.stderr
            assert "Traceback" not in done.stderr
            header, *rows, _said = done.stdout.splitlines()
            assert header.split() == ["table", "FROM", "rows", "TO", "rows"]
            counted = [line.split() for line in rows]
            assert counted
            assert all(there == here for _, there, here in counted)
            assert any(name == "answers" and int(n) > 0 for name, n, _ in counted)
        assert asyncio.run(everything(tmp_path / "back.db")) == expected
        assert asyncio.run(everything(second_pg)) == expected
    finally:
        postgres_server.drop_database(first_pg)
        postgres_server.drop_database(second_pg)


def test_a_target_holding_only_a_time_zone_is_refused_untouched(
    tmp_path: Path, postgres_url: str
) -> None:
    asyncio.run(fill(tmp_path / "source.db"))
    for holder in (tmp_path / "holder.db", postgres_url):
        asyncio.run(_timezone_only(holder))
        before = asyncio.run(everything(holder))
        done = quiz_tutor("db", "copy", "source.db", str(holder), cwd=tmp_path)
        assert done.returncode == 1, done.stdout
        assert "Traceback" not in done.stderr
        assert asyncio.run(everything(holder)) == before


def test_postgresql_target_holding_answers_is_refused(tmp_path: Path, postgres_url: str) -> None:
    asyncio.run(fill(tmp_path / "source.db"))
    asyncio.run(fill(postgres_url))
    done = quiz_tutor("db", "copy", "source.db", postgres_url, cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr


def test_a_new_sqlite_file_is_created_as_the_target(tmp_path: Path, postgres_url: str) -> None:
    asyncio.run(fill(postgres_url))
    done = quiz_tutor("db", "copy", postgres_url, "fresh/new.db", cwd=tmp_path)
    assert done.returncode == 2  # a missing folder is said in a sentence, not created
    assert "Traceback" not in done.stderr
    (tmp_path / "fresh").mkdir()
    done = quiz_tutor("db", "copy", postgres_url, "fresh/new.db", cwd=tmp_path)
    assert done.returncode == 0, done.stdout
    assert asyncio.run(everything(tmp_path / "fresh" / "new.db")) == asyncio.run(
        everything(postgres_url)
    )


def test_bad_urls_and_paths_exit_2_without_a_traceback(tmp_path: Path) -> None:
    asyncio.run(fill(tmp_path / "source.db"))
    for target in (
        "postgresql://u:secret@127.0.0.1:notaport/db",
        "postgresql://u:secret@127.0.0.1:1/db",
        str(tmp_path / "missing-folder" / "x.db"),
    ):
        done = quiz_tutor("db", "copy", "source.db", target, cwd=tmp_path)
        assert done.returncode == 2, (target, done.stdout)
        assert "Traceback" not in done.stderr
        assert "secret" not in done.stdout + done.stderr


def test_sqlite_copy_has_a_header_leaves_no_lock_files_and_names_no_setting(
    tmp_path: Path,
) -> None:
    asyncio.run(fill(tmp_path / "source.db"))
    asyncio.run(_timezone_only(tmp_path / "holder.db"))
    copied = quiz_tutor("db", "copy", "source.db", "copy.db", cwd=tmp_path)
    assert copied.returncode == 0, copied.stdout + copied.stderr
    lines = copied.stdout.splitlines()
    assert lines[0].split() == ["table", "FROM", "rows", "TO", "rows"]
    assert {line.split()[0] for line in lines[1:-1]} == set(ALL_TABLES)
    refused = quiz_tutor("db", "copy", "source.db", "holder.db", cwd=tmp_path)
    assert refused.returncode == 1
    missing = quiz_tutor("db", "copy", "source.db", "nope/x.db", cwd=tmp_path)
    assert missing.returncode == 2
    assert "The folder nope does not exist, so TO (nope/x.db) cannot be created" in missing.stdout
    absent = quiz_tutor("db", "copy", "absent.db", "other.db", cwd=tmp_path)
    assert absent.returncode == 2
    for done in (copied, refused, missing, absent):
        assert "QUIZ_TUTOR_DATABASE" not in done.stdout + done.stderr
    assert sorted(p.name for p in tmp_path.glob("*.lock")) == []
    assert not (tmp_path / "other.db").exists()
