"""Restarts mid-question (deadline passing while down), two restarts, a gateway drop."""

from __future__ import annotations

from tests.bot.conftest import World, create_bot, reply_of
from tests.contract_failures.helpers import (
    LIMITS,
    RIGHT,
    WRONG,
    A,
    B,
    challenge_runs_again,
    open_question,
    prompt_of,
)


async def down_for(world: World, seconds: float) -> None:
    """The bot is away ``seconds`` (a deploy), then starts again on the same database."""
    await world.env.bot.close()
    await world.env.advance_time(seconds)
    await world.env.restart_bot(create_bot(database=world.database, content_dir=world.content))


def reveals(world: World, channel=None) -> int:
    return sum(
        1 for m in world.messages(channel) if m.embeds and "The answer is" in str(m.embeds[0].title)
    )


async def test_a_test_whose_deadline_passed_while_down_moves_on_and_keeps_answers(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "test", set="mini")
    thread = world.channel.threads[0]
    first = open_question(world, thread)
    await world.alice.react(first, RIGHT[prompt_of(first)])
    second = open_question(world, thread)
    await down_for(world, LIMITS[prompt_of(second)] + 30)
    assert "Time's up" in world.embeds_text(thread)
    third = open_question(world, thread)
    assert third.id != second.id
    await world.alice.react(third, RIGHT[prompt_of(third)])
    assert "Score: 2/3" in world.embeds_text(thread)
    assert await world.rows("SELECT member_id, score, total FROM results") == [
        (world.alice.id, 2, 3)
    ]
    assert await world.rows("SELECT status FROM sessions") == [("finished",)]


async def test_a_practice_answer_given_while_down_counts_after_the_restart(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    first = open_question(world, thread)
    await world.alice.react(first, WRONG[prompt_of(first)])
    await world.env.bot.close()
    await world.alice.react(first, RIGHT[prompt_of(first)])
    await world.env.advance_time(600)
    await world.env.restart_bot(create_bot(database=world.database, content_dir=world.content))
    assert "Correct!" in world.embeds_text(thread)
    assert "(2/3)" in open_question(world, thread).embeds[0].title
    assert await world.rows("SELECT attempt, correct FROM answers ORDER BY attempt") == [
        (1, 0),
        (2, 1),
    ]


async def test_a_review_resumes_after_a_restart(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    for _ in range(3):
        question = open_question(world, thread)
        await world.alice.react(question, WRONG[prompt_of(question)])
        await world.alice.react(question, RIGHT[prompt_of(question)])
    await world.env.advance_time(3 * 24 * 3600)
    started = await world.alice.slash(world.channel, "review")
    assert "is ready in" in reply_of(started).content
    review = world.channel.threads[-1]
    question = open_question(world, review)
    await world.alice.react(question, WRONG[prompt_of(question)])
    await world.crash_and_restart()
    await world.alice.react(question, RIGHT[prompt_of(question)])
    assert "Correct!" in world.embeds_text(review)
    rows = await world.rows(
        "SELECT attempt, correct FROM answers WHERE session_id = "
        f"(SELECT id FROM sessions WHERE thread_id = {review.id})"
    )
    assert rows == [(1, 0), (2, 1)]


async def test_two_restarts_in_a_row_keep_every_answer_once(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    await world.bob.react(question, A)  # wrong: his first of two attempts
    await world.carol.react(question, B)
    await world.crash_and_restart()
    await world.crash_and_restart()
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert live.session.round.try_of(world.bob.id).choices == (0,)
    await world.bob.react(question, B)
    await world.env.advance_time(60)
    assert reveals(world) == 1
    reveal = next(m for m in world.messages() if "The answer is B" in str(m.embeds[0].title))
    right = reveal.embeds[0].fields[-1].value
    assert world.bob.mention in right
    assert world.carol.mention in right
    assert sorted(await world.rows("SELECT member_id, attempt, correct FROM answers")) == sorted(
        [(world.bob.id, 1, 0), (world.bob.id, 2, 1), (world.carol.id, 1, 1)]
    )


async def test_two_restarts_while_the_deadline_passes_reveal_once(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(open_question(world), B)
    await down_for(world, 75)
    await down_for(world, 5)
    assert reveals(world) == 1
    assert "Question 2/3" in open_question(world).embeds[0].title
    await world.env.advance_time(200)
    assert reveals(world) == 3
    assert await world.rows("SELECT status FROM sessions") == [("finished",)]
    assert await challenge_runs_again(world, world.channel)


async def test_answers_during_a_gateway_drop_are_not_lost(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    shard = world.env.bot.get_shard(0)
    await shard.disconnect()
    await world.bob.react(question, B)  # Discord keeps the reaction; the bot misses the event
    await shard.reconnect()
    await world.env.settle()
    await world.env.advance_time(60)
    reveal = next(m for m in world.messages() if "The answer is B" in str(m.embeds[0].title))
    assert world.bob.mention in reveal.embeds[0].fields[-1].value
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]
