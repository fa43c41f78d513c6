"""The database failing on a write or a read: a sentence, no stall, earlier data intact."""

from __future__ import annotations

import sqlite3
from typing import Any

from tests.bot.conftest import World, create_bot, reply_of
from tests.contract_failures.helpers import (
    RIGHT,
    B,
    challenge_runs_again,
    dm_text,
    open_question,
    prompt_of,
)


def broken(*_args: Any, **_kwargs: Any) -> Any:
    async def fail() -> None:
        raise sqlite3.OperationalError("disk I/O error")

    return fail()


def break_storage(world: World, *methods: str) -> dict[str, Any]:
    """Make ``methods`` of the running bot's storage fail; return the originals."""
    storage = world.env.bot.storage
    originals = {name: getattr(storage, name) for name in methods}
    for name in methods:
        setattr(storage, name, broken)
    return originals


def mend_storage(world: World, originals: dict[str, Any]) -> None:
    for name, method in originals.items():
        setattr(world.env.bot.storage, name, method)


async def test_a_challenge_that_cannot_be_saved_ends_with_a_sentence(world: World) -> None:
    originals = break_storage(world, "save_session")
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.env.advance_time(5)
    assert "had to end: I couldn't save it" in world.messages()[-1].content
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    mend_storage(world, originals)
    assert await challenge_runs_again(world, world.channel)


async def test_a_challenge_answer_that_cannot_be_saved_is_told_and_later_ones_are_kept(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    originals = break_storage(world, "record_answer")
    await world.bob.react(question, B)
    await world.env.advance_time(3)
    assert "couldn't save" in dm_text(world.bob)
    mend_storage(world, originals)
    await world.carol.react(question, B)
    await world.env.advance_time(60)
    right = next(m for m in world.messages() if "The answer is B" in str(m.embeds[0].title))
    assert world.bob.mention in right.embeds[0].fields[-1].value
    assert await world.rows("SELECT member_id FROM answers") == [(world.carol.id,)]


async def test_answers_survive_failed_state_saves_and_a_crash(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    originals = break_storage(world, "save_session")
    await world.bob.react(question, B)
    await world.carol.react(question, "🇦")
    await world.env.advance_time(6)  # pulses try to save the state and fail
    mend_storage(world, originals)
    await world.crash_and_restart()
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert live is not None
    assert live.session.round.try_of(world.bob.id).correct
    assert live.session.round.try_of(world.carol.id).choices == (0,)
    await world.carol.react(question, B)
    assert sorted(await world.rows("SELECT member_id, attempt, correct FROM answers")) == sorted(
        [(world.bob.id, 1, 1), (world.carol.id, 1, 0), (world.carol.id, 2, 1)]
    )


async def finish_a_test(world: World) -> Any:
    await world.alice.slash(world.channel, "test", set="mini")
    thread = world.channel.threads[0]
    for _ in range(2):
        question = open_question(world, thread)
        await world.alice.react(question, RIGHT[prompt_of(question)])
    return thread


async def test_a_score_that_cannot_be_saved_is_told_to_the_member(world: World) -> None:
    thread = await finish_a_test(world)
    originals = break_storage(world, "record_result")
    last = open_question(world, thread)
    await world.alice.react(last, RIGHT[prompt_of(last)])
    await world.env.advance_time(5)
    assert "Score: 3/3" in world.embeds_text(thread)
    mend_storage(world, originals)
    told = world.embeds_text(thread) + dm_text(world.alice)
    assert "couldn't save" in told, "the score shown is not saved, and nobody says so"


async def test_a_finished_test_whose_end_was_not_saved_does_not_replay_after_a_restart(
    world: World,
) -> None:
    thread = await finish_a_test(world)
    originals = break_storage(world, "record_result")
    last = open_question(world, thread)
    await world.alice.react(last, RIGHT[prompt_of(last)])
    await world.env.advance_time(5)
    mend_storage(world, originals)
    await world.restart()
    await world.env.advance_time(5)
    summaries = [
        m for m in world.messages(thread) if m.embeds and "Score" in str(m.embeds[0].to_dict())
    ]
    assert len(summaries) == 1, "the finished test came back and was finished a second time"
    assert await world.rows("SELECT status FROM sessions") != [("running",)]


async def test_a_database_failing_during_a_restore_leaves_no_silent_question(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    await world.bob.react(question, B)
    crashed = world.env.bot
    await crashed.sessions.leases.release()
    await crashed.storage.close()
    bot = create_bot(database=world.database, content_dir=world.content)
    originals: dict[str, Any] = {}

    async def break_reads() -> None:
        originals["session_answers"] = bot.storage.session_answers
        bot.storage.session_answers = broken  # type: ignore[method-assign]

    bot.after_setup = break_reads
    await world.env.restart_bot(bot)
    await world.env.advance_time(5)
    bot.storage.session_answers = originals["session_answers"]  # type: ignore[method-assign]
    await world.carol.react(question, B)
    await world.env.advance_time(600)  # ten lease renewals: time to adopt it again
    live = bot.sessions.in_channel(world.channel.id)
    told = world.embeds_text() + dm_text(world.alice)
    assert live is not None or "had to end" in told or "The answer is B" in told, (
        "the open question is neither run nor ended: members react into silence"
    )


async def test_a_review_whose_cards_cannot_be_read_gets_a_sentence(world: World) -> None:
    break_storage(world, "member_cards")
    result = await world.alice.slash(world.channel, "review")
    assert result.ephemeral
    assert "try again" in reply_of(result).content
    world.env.errors  # noqa: B018  (acknowledged: the bot logged it as a bug, the member got a sentence)
