"""Ended sessions drop their state, schedules advance once, orphaned sessions are found."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from storage import ScheduleRecord, SessionRecord, Storage
from tests.storage.raw import execute, fetch, is_postgres

T0 = 1_767_225_600.0
LEASE = 60.0
Session = Callable[..., SessionRecord]


def schedule(next_run_at: float = T0 + 600) -> ScheduleRecord:
    return ScheduleRecord(
        id=0, guild_id=111, channel_id=222, set_id="asgi-vs-wsgi", hour=18, minute=30,
        weekday=None, repeat="daily", role_id=None, created_by=9, next_run_at=next_run_at,
        created_at=T0,
    )  # fmt: skip


async def states(database: Path | str) -> dict[str, tuple[str, str]]:
    rows = await fetch(database, "SELECT id, status, state FROM sessions")
    return {row[0]: (row[1], row[2]) for row in rows}


async def test_ending_a_session_empties_its_state_and_a_running_one_keeps_it(
    storage: Storage, make_session: Session, database: Path | str
) -> None:
    await storage.save_session(make_session("s2", state='{"index": 7, "members": [1, 2]}'))
    assert await storage.end_session("s1", "finished", T0 + 100) is True
    assert await states(database) == {
        "s1": ("finished", "{}"),
        "s2": ("running", '{"index": 7, "members": [1, 2]}'),
    }
    assert [s.id for s in await storage.open_sessions()] == ["s2"]


async def test_a_session_saved_as_ended_loses_its_state_when_ended_again(
    storage: Storage, make_session: Session, database: Path | str
) -> None:
    await storage.save_session(make_session("s2", status="stopped", state='{"index": 3}'))
    assert await storage.end_session("s2", "finished", T0 + 100) is False
    assert (await states(database))["s2"] == ("stopped", "{}")


async def test_the_migration_empties_the_state_of_sessions_already_ended(
    storage: Storage, make_session: Session, database: Path | str
) -> None:
    await storage.save_session(make_session("s2", status="finished", state='{"index": 3}'))
    await storage.close()
    # the migration's statement, as it runs on an upgraded database
    folder = "postgres/0004" if is_postgres(database) else "sqlite/0005"
    [migration] = (Path(__file__).parents[2] / "storage" / "migrations").glob(f"{folder}_*.sql")
    [sql] = [line for line in migration.read_text().splitlines() if "UPDATE sessions" in line]
    await execute(database, sql)
    assert await states(database) == {"s1": ("running", '{"index": 0}'), "s2": ("finished", "{}")}


async def test_advance_schedule_moves_it_only_from_the_expected_run(storage: Storage) -> None:
    added = await storage.add_schedule(schedule())
    assert await storage.advance_schedule(added.id, T0 + 500, T0 + 86_400) is False
    assert await storage.advance_schedule(added.id, T0 + 600, T0 + 86_400 + 600) is True
    assert await storage.advance_schedule(added.id, T0 + 600, T0 + 99) is False
    [kept] = await storage.guild_schedules(111)
    assert kept.next_run_at == T0 + 86_400 + 600
    assert await storage.remove_schedule(111, added.id) is True
    assert await storage.advance_schedule(added.id, T0 + 86_400 + 600, T0) is False


async def test_two_callers_advancing_the_same_run_fire_it_once(storage: Storage) -> None:
    added = await storage.add_schedule(schedule())
    moved = await asyncio.gather(
        *(storage.advance_schedule(added.id, T0 + 600, T0 + 600 + 86_400 + n) for n in range(5))
    )
    assert sorted(moved) == [False, False, False, False, True]
    [kept] = await storage.guild_schedules(111)
    assert kept.next_run_at == T0 + 600 + 86_400 + moved.index(True)


async def test_two_processes_advancing_the_same_run_fire_it_once(postgres_url: str) -> None:
    # two storages (as two bot processes) on one PostgreSQL database, racing on each run
    first, second = await Storage.open(postgres_url), await Storage.open(postgres_url)
    try:
        added = await first.add_schedule(schedule())
        at = T0 + 600
        for run in range(20):
            following = at + 86_400
            won = await asyncio.gather(
                first.advance_schedule(added.id, at, following),
                second.advance_schedule(added.id, at, following),
            )
            assert sorted(won) == [False, True], f"run {run}: {won}"
            at = following
        [kept] = await second.guild_schedules(111)
        assert kept.next_run_at == at
    finally:
        await first.close()
        await second.close()


async def test_running_sessions_without_a_live_lease_are_found(
    storage: Storage, make_session: Session
) -> None:
    for number in range(2, 6):
        await storage.save_session(make_session(f"s{number}", created_at=T0 + number,
                                                updated_at=T0 + number))  # fmt: skip
    await storage.save_session(make_session("s6", status="finished", created_at=T0 + 6,
                                            updated_at=T0 + 6))  # fmt: skip
    assert await storage.claim_sessions("a", ["s2", "s3"], T0, LEASE) == ["s2", "s3"]
    assert await storage.claim_sessions("b", ["s4"], T0 + 30, LEASE) == ["s4"]

    async def orphans(now: float) -> list[str]:
        return [s.id for s in await storage.unleased_sessions(now)]

    # s1 and s5 have no lease; s6 ended; a's leases live until T0 + 60, b's until T0 + 90
    assert await orphans(T0 + 10) == ["s1", "s5"]
    assert await orphans(T0 + LEASE) == ["s1", "s2", "s3", "s5"]  # expired at lease_until
    assert await orphans(T0 + 90) == ["s1", "s2", "s3", "s4", "s5"]
    await storage.renew_leases("a", ["s2"], T0 + 59, LEASE)
    assert await orphans(T0 + 100) == ["s1", "s3", "s4", "s5"]
    [record] = [s for s in await storage.unleased_sessions(T0) if s.id == "s5"]
    assert record == replace(make_session("s5"), created_at=T0 + 5, updated_at=T0 + 5)
