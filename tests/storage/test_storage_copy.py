"""quiz-tutor db copy: everything, either direction, counts checked, non-empty targets refused."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path
from typing import Any

from storage import BadgeRecord, CardRecord, ResultRecord, ScheduleRecord, Storage
from storage.copy_cli import run_copy
from tests.pgserver import PostgresServer
from tests.storage.conftest import T0, answer_record, session_record


async def fill(database: Path | str) -> None:
    """Write a little of everything the bot writes."""
    storage = await Storage.open(database)
    try:
        await storage.save_session(session_record("s1"))
        await storage.save_session(
            session_record("s2", mode="test", set_id="orm", starter_id=2, created_at=T0 + 1,
                           updated_at=T0 + 1)
        )  # fmt: skip
        await storage.record_answers(
            [
                answer_record(
                    m,
                    f"q{q}",
                    attempt=1,
                    correct=(m + q) % 2 == 0,
                    points=10 * ((m + q) % 2 == 0),
                    chosen="CA"[(m + q) % 2],
                    answered_at=T0 + 50_000 * q + m,
                )
                for q in range(4)
                for m in range(1, 6)
            ]
        )
        await storage.record_answer(answer_record(1, "o1", session_id="s2", set_id="orm",
                                                  mode="test", points=0, correct=False,
                                                  chosen="B"))  # fmt: skip
        await storage.end_session("s2", "finished", T0 + 9)
        await storage.record_result(ResultRecord(111, 1, "orm", "test", "s2", 0, 1, T0 + 9))
        await storage.award_badge(BadgeRecord(111, 2, "asgi-vs-wsgi", "Master", "🎖️", "s1", T0))
        await storage.put_guild_set(111, "orm", "id: orm\n", 9, T0)
        await storage.put_guild_set(111, "orm", "id: orm\ntitle: two\n", 9, T0 + 1)
        text = "translation_of: orm\nlanguage: ja\n"
        await storage.put_guild_translation(111, "orm", "ja", text, 9, T0 + 2)
        await storage.put_guild_translation(111, "orm", "ja", text + "title: b\n", 9, T0 + 3)
        await storage.record_answer(
            answer_record(3, "q0", attempt=2, answered_at=T0 + 200_000),
            CardRecord(111, 3, "asgi-vs-wsgi", "q0", T0 + 9_000_000, '{"s": 1}', T0 + 200_000),
        )
        gone = await storage.add_schedule(SCHEDULE)
        await storage.add_schedule(SCHEDULE)
        await storage.remove_schedule(111, gone.id)
        await storage.set_guild_timezone(111, "Europe/Paris")
        await storage.set_guild_language(111, "pt-BR")
    finally:
        await storage.close()


SCHEDULE = ScheduleRecord(0, 111, 222, "orm", 18, 30, 4, "weekly", None, 9, T0 + 500, T0)


async def everything(database: Path | str) -> dict[str, Any]:
    """Return what every read of the storage says."""
    storage = await Storage.open(database)
    try:
        members = range(1, 6)
        return {
            "open": await storage.open_sessions(),
            "answers": [await storage.session_answers(s) for s in ("s1", "s2")],
            "progress": [await storage.member_progress(111, m) for m in members],
            "badges": [await storage.member_badges(111, m) for m in members],
            "days": [await storage.active_days(111, m) for m in members],
            "board": await storage.leaderboard(111, limit=3, asker_id=5),
            "set board": await storage.leaderboard(111, set_id="orm"),
            "sets": await storage.all_guild_sets(),
            "translations": await storage.all_guild_translations(),
            "week board": await storage.leaderboard(111, period="week", now=T0 + 200_000),
            "month set board": await storage.leaderboard(
                111, set_id="asgi-vs-wsgi", period="month", now=T0
            ),
            "first tries": await storage.first_tries(111, "asgi-vs-wsgi"),
            "cards": await storage.member_cards(111, 3),
            "schedules": await storage.all_schedules(),
            "zone": await storage.guild_timezone(111),
            "language": await storage.guild_language(111),
            "old version": await storage.guild_set_version(111, "orm", 1),
        }
    finally:
        await storage.close()


def copy(source: Path | str, target: Path | str) -> tuple[int, str]:
    out = io.StringIO()
    return run_copy(str(source), str(target), out=out), out.getvalue()


def test_copy_both_ways_keeps_everything(tmp_path: Path, postgres_url: str) -> None:
    original, back = tmp_path / "original.db", tmp_path / "back.db"
    asyncio.run(fill(original))
    expected = asyncio.run(everything(original))
    assert len(expected["answers"][0]) == 21
    assert [s.id for s in expected["schedules"]] == [2]
    assert expected["cards"]
    assert expected["old version"] is not None
    assert [t.version for t in expected["translations"]] == [2]
    assert expected["week board"].rows != expected["board"].rows

    code, said = copy(original, postgres_url)
    assert code == 0, said
    assert "answers" in said
    assert "the row counts of all 17 tables match" in said
    assert asyncio.run(everything(postgres_url)) == expected

    code, said = copy(postgres_url, back)
    assert code == 0, said
    assert asyncio.run(everything(back)) == expected
    # the copies go on like the original: versions and schedule ids continue after the copied
    for copied in (back, postgres_url):
        assert asyncio.run(_next_ids(copied)) == (3, 3)


async def _next_ids(database: Path | str) -> tuple[int, int]:
    storage = await Storage.open(database)
    try:
        version = await storage.put_guild_set(111, "orm", "id: orm\n", 9, T0 + 2)
        return version, (await storage.add_schedule(SCHEDULE)).id
    finally:
        await storage.close()


def test_a_target_holding_data_is_refused_untouched(tmp_path: Path, postgres_url: str) -> None:
    source, target = tmp_path / "source.db", tmp_path / "target.db"
    asyncio.run(fill(source))
    asyncio.run(_one_set(target))
    asyncio.run(_one_set(postgres_url))
    for holder in (target, postgres_url):
        before = asyncio.run(everything(holder))
        code, said = copy(source, holder)
        assert code == 1
        assert said.startswith("Nothing copied into ")
        assert "already holds data (1 guild_sets, 1 guild_set_versions)" in said
        assert asyncio.run(everything(holder)) == before


async def _one_set(database: Path | str) -> None:
    storage = await Storage.open(database)
    await storage.put_guild_set(5, "mine", "id: mine\n", 1, T0)
    await storage.close()


def test_unusable_databases_exit_2_with_a_sentence(
    tmp_path: Path, postgres_server: PostgresServer
) -> None:
    source = tmp_path / "source.db"
    asyncio.run(fill(source))
    code, said = copy(tmp_path / "missing.db", tmp_path / "new.db")
    assert (code, said.startswith("There is no SQLite database at ")) == (2, True)
    assert not (tmp_path / "new.db").exists()

    unreachable = f"postgresql://quiz:pw@127.0.0.1:{postgres_server.port}/absent"
    code, said = copy(source, unreachable)
    assert code == 2
    assert said.startswith("Cannot open postgresql://quiz:***@127.0.0.1")
    assert "pw@" not in said

    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"not a database at all\n" * 50)
    code, said = copy(corrupt, tmp_path / "other.db")
    assert (code, "cannot be used" in said) == (2, True)
    assert corrupt.read_bytes() == b"not a database at all\n" * 50

    code, said = copy(source, source)
    assert (code, "the same database" in said) == (2, True)
