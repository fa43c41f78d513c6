"""A damaged review card starts afresh: its answer counts and is saved; /review, /progress work."""

from __future__ import annotations

import json
import logging

import pytest

from bot.library import cards
from tests.bot.conftest import World, reply_of
from tests.bot.test_bot_tutor import ANSWERS, open_question, prompt_of, take_test
from tests.storage.raw import execute

DAMAGED = [
    "[]",  # valid JSON, the wrong shape
    '{"due": 1}',  # a mapping without a card's keys
    json.dumps({"due": 1.0, "state": 99, "step": 0, "stability": None, "difficulty": None,
                "last_review": None, "reviews": 0, "lapses": 0}),  # no such state
    json.dumps({"due": 1.0, "state": 2, "step": None, "stability": -3.0, "difficulty": 42.0,
                "last_review": 1.0, "reviews": 1, "lapses": 0}),  # values FSRS can't take
]  # fmt: skip


@pytest.mark.parametrize("state", DAMAGED)
async def test_a_damaged_card_starts_afresh_and_the_answer_counts(
    world: World, state: str, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cards, "_DAMAGE_LOGGED", set())  # once per process: a fresh process
    await take_test(world, world.alice, right={"Which letter comes second?"})
    await execute(
        world.database,
        f"UPDATE cards SET state = '{state}' WHERE member_id = {world.alice.id}"
        " AND question_id = 'second'",
    )
    await world.env.advance_time(11 * 60)  # past the 10-minute learning step
    with caplog.at_level(logging.WARNING, logger="bot.library.cards"):
        progress = reply_of(await world.alice.slash(world.channel, "progress"))
        assert progress.embeds, progress.content
        assert "Something went wrong" not in (progress.content or "")
        started = reply_of(await world.alice.slash(world.channel, "review"))
        assert "ready in" in started.content, started.content
        thread = world.channel.threads[-1]
        answered = []
        for _ in range(2):
            question = open_question(world, thread)
            prompt = prompt_of(question)
            if answered and prompt == answered[-1]:
                break
            answered.append(prompt)
            await world.alice.react(question, ANSWERS[prompt])
        assert "Which word is a colour?" in answered
        again = reply_of(await world.alice.slash(world.channel, "progress"))
        assert again.embeds
    rows = await world.rows(
        f"SELECT correct FROM answers WHERE member_id = {world.alice.id}"
        " AND question_id = 'second' AND session_id IN"
        " (SELECT id FROM sessions WHERE mode = 'practice')"
    )
    assert [bool(correct) for (correct,) in rows] == [True]  # counted and saved
    [(saved,)] = await world.rows(
        f"SELECT state FROM cards WHERE member_id = {world.alice.id} AND question_id = 'second'"
    )
    assert json.loads(saved)["reviews"] == 1  # a sound card took its place, rated once
    damaged_logs = [r for r in caplog.records if "is damaged" in r.getMessage()]
    assert len(damaged_logs) == 1
