"""Schedules, server time zones, review cards (with their answer), first tries, set versions."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from storage import (
    AnswerRecord,
    CardRecord,
    ConstraintError,
    DuplicateError,
    FirstTry,
    ScheduleRecord,
    SessionRecord,
    Storage,
)

Answer = Callable[..., AnswerRecord]
T0 = 1_767_225_600.0  # 2026-01-01 00:00:00 UTC
SET = "asgi-vs-wsgi"


def schedule(
    guild_id: int = 111, next_run_at: float = T0 + 600, **changes: object
) -> ScheduleRecord:
    base = ScheduleRecord(
        id=0, guild_id=guild_id, channel_id=222, set_id=SET, hour=18, minute=30, weekday=None,
        repeat="daily", role_id=None, created_by=9, next_run_at=next_run_at, created_at=T0,
    )  # fmt: skip
    return replace(base, **changes)  # type: ignore[arg-type]


def card(member_id: int = 1, question_id: str = "q1", **changes: object) -> CardRecord:
    base = CardRecord(111, member_id, SET, question_id, T0 + 86_400, '{"stability": 1.5}', T0 + 60)
    return replace(base, **changes)  # type: ignore[arg-type]


async def test_schedules_get_growing_ids_and_stay_per_guild(
    storage: Storage, database: Path | str
) -> None:
    first = await storage.add_schedule(schedule(next_run_at=T0 + 900, id=77))
    weekly = await storage.add_schedule(
        schedule(next_run_at=T0 + 300, repeat="weekly", weekday=4, role_id=55)
    )
    theirs = await storage.add_schedule(schedule(guild_id=333, next_run_at=T0 + 600))
    assert first.id < weekly.id < theirs.id  # record.id (77) is ignored
    assert first == schedule(next_run_at=T0 + 900, id=first.id)
    assert await storage.guild_schedules(111) == [first, weekly]
    assert await storage.all_schedules() == [weekly, theirs, first]  # the next to run first

    assert await storage.remove_schedule(111, theirs.id) is False  # another guild's
    assert await storage.remove_schedule(333, theirs.id) is True
    assert await storage.remove_schedule(333, theirs.id) is False
    again = await storage.add_schedule(schedule())
    assert again.id > theirs.id  # a removed id is never given again

    await storage.reschedule(first.id, T0 + 100)
    await storage.reschedule(theirs.id, T0 + 5)  # removed meanwhile: nothing happens
    await storage.close()
    reopened = await Storage.open(database)
    try:
        assert [(s.id, s.next_run_at) for s in await reopened.all_schedules()] == [
            (first.id, T0 + 100), (weekly.id, T0 + 300), (again.id, T0 + 600),
        ]  # fmt: skip
    finally:
        await reopened.close()


async def test_schedule_rules(storage: Storage) -> None:
    with pytest.raises(ConstraintError):
        await storage.add_schedule(schedule(repeat="weekly", weekday=None))
    with pytest.raises(ConstraintError):
        await storage.add_schedule(schedule(repeat="monthly"))
    with pytest.raises(ConstraintError):
        await storage.add_schedule(schedule(hour=24))
    assert await storage.all_schedules() == []


async def test_guild_time_zone_defaults_to_utc(storage: Storage) -> None:
    assert await storage.guild_timezone(111) == "UTC"
    await storage.set_guild_timezone(111, "Europe/Paris")
    await storage.set_guild_timezone(111, "America/New_York")
    await storage.set_guild_timezone(0, "Asia/Tokyo")
    assert await storage.guild_timezone(111) == "America/New_York"
    assert await storage.guild_timezone(0) == "Asia/Tokyo"
    assert await storage.guild_timezone(333) == "UTC"


async def test_guild_language_is_kept_beside_the_time_zone(storage: Storage) -> None:
    assert await storage.guild_language(111) is None
    await storage.set_guild_language(111, "ja")  # no settings row yet: the zone stays UTC
    assert await storage.guild_language(111) == "ja"
    assert await storage.guild_timezone(111) == "UTC"
    await storage.set_guild_timezone(111, "Asia/Tokyo")
    await storage.set_guild_language(111, "de")
    await storage.set_guild_timezone(222, "Europe/Paris")
    assert (await storage.guild_language(111), await storage.guild_timezone(111)) == (
        "de",
        "Asia/Tokyo",
    )
    assert await storage.guild_language(222) is None
    await storage.set_guild_language(111, None)
    assert await storage.guild_language(111) is None
    assert await storage.guild_timezone(111) == "Asia/Tokyo"


async def test_a_card_is_written_with_its_answer(storage: Storage, make_answer: Answer) -> None:
    assert await storage.card(111, 1, SET, "q1") is None
    await storage.record_answer(make_answer(1, "q1"), card(due=T0 + 500))
    await storage.record_answer(make_answer(1, "q2"), card(question_id="q2", due=T0 + 100))
    await storage.record_answer(make_answer(1, "q3"))  # no card: none written
    moved = card(due=T0 + 9_000, state='{"stability": 4.0}', last_review=T0 + 120)
    await storage.record_answer(make_answer(1, "q1", attempt=2), moved)
    assert await storage.card(111, 1, SET, "q1") == moved
    assert await storage.card(111, 1, SET, "q3") is None
    assert await storage.card(111, 2, SET, "q1") is None
    assert [c.question_id for c in await storage.member_cards(111, 1)] == ["q2", "q1"]
    assert await storage.member_cards(111, 1, set_id=SET) == await storage.member_cards(111, 1)
    assert await storage.member_cards(111, 1, set_id="other") == []
    assert await storage.member_cards(0, 1) == []
    with pytest.raises(ValueError, match="card"):
        await storage.record_answer(make_answer(2, "q1"), card(member_id=1))


async def test_cards_of_one_batch_last_one_wins(storage: Storage, make_answer: Answer) -> None:
    await asyncio.gather(
        *(
            storage.record_answer(make_answer(1, "q1", attempt=n), card(due=T0 + n))
            for n in range(1, 6)
        )
    )
    found = await storage.card(111, 1, SET, "q1")
    assert found is not None
    assert found.due == T0 + 5


async def test_a_refused_answer_takes_its_card_with_it(
    storage: Storage, make_answer: Answer
) -> None:
    await storage.record_answer(make_answer(1, "q1"), card(due=T0 + 1))
    # one batch: the repeated answer fails alone (retried under its savepoint) with its card
    results = await asyncio.gather(
        storage.record_answer(make_answer(2, "q1"), card(member_id=2, due=T0 + 2)),
        storage.record_answer(make_answer(1, "q1"), card(due=T0 + 99)),
        storage.record_answer(make_answer(3, "q1"), card(member_id=3, due=T0 + 3)),
        return_exceptions=True,
    )
    assert results[0] is None
    assert isinstance(results[1], DuplicateError)
    assert results[2] is None
    assert [(c.member_id, c.due) for c in await _cards(storage, 1, 2, 3)] == [
        (1, T0 + 1), (2, T0 + 2), (3, T0 + 3),
    ]  # fmt: skip
    # and a card the schema refuses keeps its answer out
    with pytest.raises(ConstraintError):
        await storage.record_answer(make_answer(4, "q1"), card(member_id=4, state="not json"))
    assert [a.member_id for a in await storage.session_answers("s1")] == [1, 2, 3]


async def _cards(storage: Storage, *members: int) -> list[CardRecord]:
    found = [await storage.card(111, m, SET, "q1") for m in members]
    return [c for c in found if c is not None]


async def test_first_tries_keep_each_members_first_attempt(
    storage: Storage, make_answer: Answer, make_session: Callable[..., SessionRecord]
) -> None:
    await storage.save_session(make_session("s2", created_at=T0 + 5, updated_at=T0 + 5))
    await storage.record_answers(
        [
            make_answer(2, "q1", chosen="A", correct=False, points=0),
            make_answer(2, "q1", attempt=2, chosen="C"),  # a second attempt is no first try
            make_answer(1, "q2", chosen="B", correct=False, points=0),
            make_answer(1, "q1", chosen="C"),
        ]
    )
    # a retake: attempt 1 again, in another session, later; the first try stays
    await storage.record_answer(make_answer(2, "q1", session_id="s2", chosen="C"))
    await storage.record_answer(make_answer(3, "q9", session_id="s2", attempt=2, chosen="D"))
    assert await storage.first_tries(111, SET) == [
        FirstTry(1, "q1", "C", True),
        FirstTry(1, "q2", "B", False),
        FirstTry(2, "q1", "A", False),
    ]
    assert await storage.first_tries(111, "other") == []
    assert await storage.first_tries(0, SET) == []


async def test_set_versions_outlive_replacement_not_removal(storage: Storage) -> None:
    for number in (1, 2, 3):
        version = await storage.put_guild_set(111, "orm", f"v{number}\n", 8 + number, T0 + number)
        assert version == number
    await storage.put_guild_set(222, "orm", "theirs\n", 7, T0)
    old = await storage.guild_set_version(111, "orm", 1)
    assert old is not None
    assert (old.yaml_text, old.loaded_by, old.loaded_at, old.version) == ("v1\n", 9, T0 + 1, 1)
    assert await storage.guild_set_version(111, "orm", 3) == await storage.guild_set(111, "orm")
    assert await storage.guild_set_version(111, "orm", 4) is None
    assert await storage.guild_set_version(333, "orm", 1) is None

    assert await storage.remove_guild_set(111, "orm") is True
    assert await storage.guild_set_version(111, "orm", 1) is None  # removal deletes versions
    theirs = await storage.guild_set_version(222, "orm", 1)
    assert theirs is not None
    assert theirs.yaml_text == "theirs\n"
    assert await storage.put_guild_set(111, "orm", "fresh\n", 9, T0 + 9) == 1
    fresh = await storage.guild_set_version(111, "orm", 1)
    assert fresh is not None
    assert fresh.yaml_text == "fresh\n"


async def test_a_card_without_an_answer_is_saved_and_replaced(storage: Storage) -> None:
    await storage.save_card(card(due=T0 + 600))
    await storage.save_card(card(due=T0 + 60_000, last_review=T0 + 5))
    found = await storage.card(111, 1, SET, "q1")
    assert found is not None
    assert (found.due, found.last_review) == (T0 + 60_000, T0 + 5)


async def test_weekly_accuracy_counts_answers_per_set_and_utc_week(
    storage: Storage, make_answer: Answer
) -> None:
    monday = 1_767_571_200.0  # Monday 5 January 2026, 00:00 UTC
    week = int((monday - 345_600) // 604_800)
    answers = [
        replace(make_answer(1, "q1"), answered_at=monday - 1, correct=True),
        replace(make_answer(1, "q2"), answered_at=monday, correct=True),
        replace(make_answer(1, "q3"), answered_at=monday + 3600, correct=False, points=0),
        replace(make_answer(2, "q1"), answered_at=monday, correct=True),
    ]
    for answer in answers:
        await storage.record_answer(answer)
    assert await storage.member_weekly_accuracy(111, 1) == [
        (SET, week - 1, 1, 1),
        (SET, week, 2, 1),
    ]
    assert await storage.member_weekly_accuracy(111, 3) == []
