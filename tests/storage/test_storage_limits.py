"""A server's limits hold under concurrent writes: checked in the write's own transaction."""

from __future__ import annotations

import asyncio
from dataclasses import replace

from storage import LimitReachedError, ScheduleRecord, Storage

T0 = 1_767_225_600.0
GUILD = 111
CONCURRENT = 60


def schedule(guild_id: int = GUILD) -> ScheduleRecord:
    return ScheduleRecord(
        id=0, guild_id=guild_id, channel_id=222, set_id="s", hour=18, minute=30, weekday=None,
        repeat="daily", role_id=None, created_by=9, next_run_at=T0 + 600, created_at=T0,
    )  # fmt: skip


async def load(storage: Storage, set_id: str, questions: int, guild_id: int = GUILD) -> object:
    try:
        return await storage.put_guild_set(
            guild_id, set_id, f"id: {set_id}\n", 9, T0,
            questions=questions, max_sets=50, max_questions=5_000,
        )  # fmt: skip
    except LimitReachedError as error:
        return error


async def test_sixty_concurrent_loads_store_fifty_sets(storage: Storage) -> None:
    outcomes = await asyncio.gather(*(load(storage, f"s{i}", 10) for i in range(CONCURRENT)))
    refused = [o for o in outcomes if isinstance(o, LimitReachedError)]
    assert len(refused) == CONCURRENT - 50
    assert {(e.what, e.limit, e.count) for e in refused} == {("sets", 50, 50)}
    assert len(await storage.guild_sets(GUILD)) == 50
    assert await load(storage, "s0", 10) == 2  # replacing one of them is still allowed
    assert await load(storage, "other-guild", 10, guild_id=GUILD + 1) == 1


async def test_four_big_concurrent_loads_keep_the_question_limit(storage: Storage) -> None:
    outcomes = await asyncio.gather(*(load(storage, f"big{i}", 4_000) for i in range(4)))
    assert sum(o == 1 for o in outcomes) == 1
    refused = [o for o in outcomes if isinstance(o, LimitReachedError)]
    assert [(e.what, e.count) for e in refused] == [("questions", 8_000)] * 3
    [kept] = await storage.guild_sets(GUILD)
    assert kept.questions == 4_000
    # a replacement counts its own questions once: 4,000 -> 5,000 fits, 5,001 does not
    assert await load(storage, kept.set_id, 5_000) == 2
    error = await load(storage, kept.set_id, 5_001)
    assert isinstance(error, LimitReachedError)
    assert error.count == 5_001


async def test_sixty_concurrent_schedules_store_twenty_five(storage: Storage) -> None:
    async def add() -> object:
        try:
            return await storage.add_schedule(schedule(), max_per_guild=25)
        except LimitReachedError as error:
            return error

    outcomes = await asyncio.gather(*(add() for _ in range(CONCURRENT)))
    refused = [o for o in outcomes if isinstance(o, LimitReachedError)]
    assert len(refused) == CONCURRENT - 25
    assert {(e.what, e.count) for e in refused} == {("schedules", 25)}
    assert len(await storage.guild_schedules(GUILD)) == 25


async def test_two_processes_on_one_server_keep_the_limits(postgres_url: str) -> None:
    # a SQLite file is held by one process; a PostgreSQL server is shared by several
    first, second = await Storage.open(postgres_url), await Storage.open(postgres_url)
    try:
        both = [first, second] * (CONCURRENT // 2)
        sets = await asyncio.gather(*(load(s, f"s{i}", 10) for i, s in enumerate(both)))
        assert sum(isinstance(o, LimitReachedError) for o in sets) == CONCURRENT - 50
        assert len(await first.guild_sets(GUILD)) == 50

        async def add(storage: Storage) -> object:
            try:
                return await storage.add_schedule(schedule(), max_per_guild=25)
            except LimitReachedError as error:
                return error

        added = await asyncio.gather(*(add(s) for s in both))
        assert sum(isinstance(o, LimitReachedError) for o in added) == CONCURRENT - 25
        assert len(await second.guild_schedules(GUILD)) == 25
    finally:
        await first.close()
        await second.close()


async def test_counts_of_sets_stored_before_are_filled_in_once(storage: Storage) -> None:
    await storage.put_guild_set(GUILD, "old", "id: old\n", 9, T0)  # no count, as before 0006
    assert (await storage.guild_set(GUILD, "old")) == replace(
        (await storage.guild_sets(GUILD))[0], questions=None
    )
    await storage.count_set_questions([(GUILD, "old", 4_000)])
    await storage.count_set_questions([(GUILD, "old", 7)])  # only a missing count is filled
    assert (await storage.guild_set(GUILD, "old")).questions == 4_000  # type: ignore[union-attr]
    error = await load(storage, "new", 1_001)
    assert isinstance(error, LimitReachedError)


async def put(storage: Storage, set_id: str, language: str = "fr") -> object:
    try:
        return await storage.put_guild_translation(
            GUILD, set_id, language, f"translation_of: {set_id}\n", 9, T0, max_translations=50
        )
    except LimitReachedError as error:
        return error


async def test_sixty_concurrent_translation_loads_store_fifty(storage: Storage) -> None:
    outcomes = await asyncio.gather(*(put(storage, f"s{i}") for i in range(CONCURRENT)))
    refused = [o for o in outcomes if isinstance(o, LimitReachedError)]
    assert len(refused) == CONCURRENT - 50
    assert {(e.what, e.limit, e.count) for e in refused} == {("translations", 50, 50)}
    stored = [t for t in await storage.all_guild_translations() if t.guild_id == GUILD]
    assert len(stored) == 50
    kept = stored[0]
    assert await put(storage, kept.set_id, kept.language) == 2  # a replacement still fits
    assert isinstance(await put(storage, kept.set_id, "de"), LimitReachedError)
