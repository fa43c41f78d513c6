"""Restarts and Discord failures: sessions resume or end cleanly, and nothing recorded is lost."""

from __future__ import annotations

import logging

import discord
import pytest
import simcord

from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from tests.bot.conftest import World, create_bot

A, B, C = LETTER_EMOJIS[:3]
ANSWERS = {"Which letter comes second?": B, "Which word is a colour?": A, "What is 2 + 2?": B}
LIMITS = {"Which letter comes second?": 60, "Which word is a colour?": 90, "What is 2 + 2?": 60}


def prompt_of(message: discord.Message) -> str:
    return next(p for p in ANSWERS if p in (message.embeds[0].description or ""))


def questions(world: World, channel: simcord.ChannelHandle) -> list[discord.Message]:
    return [m for m in world.messages(channel) if m.embeds and m.reactions]


def moderator(world: World) -> simcord.MemberActor:
    mods = world.guild.create_role("Mods", permissions=discord.Permissions(manage_messages=True))
    return world.guild.add_member(world.env.create_user("mod"), roles=[mods])


async def test_practice_resumes_after_a_restart_with_its_attempts(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    first = questions(world, thread)[-1]
    await world.alice.react(first, A)
    assert "1 attempt left" in world.messages(thread)[-1].content
    await world.restart()

    await world.alice.react(first, B)
    text = world.embeds_text(thread)
    assert "Correct! The answer is B" in text
    assert "(2/3)" in questions(world, thread)[-1].embeds[0].title
    attempts = await world.rows("SELECT attempt, correct, points FROM answers ORDER BY attempt")
    assert attempts == [(1, 0, 0), (2, 1, 60)]


async def test_test_resumes_with_its_remaining_time(world: World) -> None:
    await world.alice.slash(world.channel, "test", set="mini")
    thread = world.channel.threads[0]
    first = questions(world, thread)[-1]
    await world.alice.react(first, ANSWERS[prompt_of(first)])
    second = questions(world, thread)[-1]
    assert second.id != first.id
    await world.env.advance_time(30)
    await world.restart()

    await world.env.advance_time(LIMITS[prompt_of(second)] - 31)
    assert "Time's up" not in world.embeds_text(thread)
    await world.env.advance_time(1)
    assert "Time's up" in world.embeds_text(thread)
    third = questions(world, thread)[-1]
    await world.alice.react(third, ANSWERS[prompt_of(third)])
    assert "Score: 2/3" in world.embeds_text(thread)


async def test_reactions_added_while_away_count_within_attempts(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, A)
    await world.env.bot.close()
    await world.carol.react(question, B)
    await world.bob.react(question, C)  # his second and last attempt
    for emoji in (A, B, C):  # read back in option order: A wrong, B right, C never counts
        await world.alice.react(question, emoji)
    await world.env.restart_bot(create_bot(database=world.database, content_dir=world.content))
    await world.env.advance_time(60)

    reveal = next(m for m in world.messages() if "The answer is B" in (m.embeds[0].title or ""))
    right = reveal.embeds[0].fields[-1].value
    assert world.alice.mention in right
    assert world.carol.mention in right
    assert world.bob.mention not in right
    tries = await world.rows(
        "SELECT member_id, count(*), max(correct) FROM answers GROUP BY 1",
        "SELECT member_id, count(*), max(correct::int) FROM answers GROUP BY 1",
    )
    assert sorted(tries) == sorted(
        [(world.alice.id, 2, 1), (world.bob.id, 2, 0), (world.carol.id, 1, 1)]
    )


async def test_a_deadline_passed_while_away_closes_on_resume(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(world.messages()[-1], B)
    await world.env.bot.close()
    await world.env.advance_time(75)
    await world.env.restart_bot(create_bot(database=world.database, content_dir=world.content))

    reveal = next(m for m in world.messages() if "The answer is B" in (m.embeds[0].title or ""))
    assert "Time's up" in reveal.embeds[0].title
    assert world.bob.mention in reveal.embeds[0].fields[-1].value
    second = questions(world, world.channel)[-1]
    assert "Question 2/3" in second.embeds[0].title
    await world.env.advance_time(89)
    assert "The answer is A" not in world.embeds_text()  # question 2 got its full 90 s
    await world.env.advance_time(1)
    assert "The answer is A" in world.embeds_text()


@pytest.mark.parametrize("status", [500, 429])
async def test_a_passing_failure_is_retried(world: World, status: int) -> None:
    world.env.inject_error("POST", f"/channels/{world.channel.id}/messages", status=status)
    world.env.inject_error("PUT", "/channels/*/reactions/*", status=status)
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    assert "Question 1/3" in question.embeds[0].title
    assert [str(r.emoji) for r in question.reactions] == [A, B, C, HINT_EMOJI]


@pytest.mark.parametrize(("status", "code"), [(403, 50013), (404, 10003)])
async def test_a_channel_that_refuses_the_next_question_ends_it_cleanly(
    world: World, caplog: pytest.LogCaptureFixture, status: int, code: int
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(world.messages()[-1], B)
    path = f"/channels/{world.channel.id}/messages"
    world.env.inject_error("POST", path, status=status, code=code, times=None)
    with caplog.at_level(logging.WARNING, logger="bot.sessions"):
        await world.env.advance_time(60)  # reveal, next question and notice all refused
    dm = world.alice.user.dm_channel.last_message
    assert (
        "The challenge of **Mini Set** had to end: I couldn't post the next question" in dm.content
    )
    assert "Every answer given so far is saved" in dm.content
    assert caplog.text.count(f"send failed in channel {world.channel.id}") == 1
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]


async def test_missing_add_reactions_is_explained_and_answers_still_count(world: World) -> None:
    world.env.inject_error("PUT", "/channels/*/reactions/*", status=403, code=50013)
    await world.alice.slash(world.channel, "challenge", set="mini")
    question, notice = world.messages()[-2:]
    assert "Question 1/3" in question.embeds[0].title
    assert "couldn't add the answer reactions" in notice.content
    await world.bob.react(question, B)
    await world.env.advance_time(60)
    assert "The answer is B" in world.embeds_text()
    assert [str(r.emoji) for r in questions(world, world.channel)[-1].reactions][:2] == [A, B]


async def test_a_deleted_question_message_ends_the_session(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, B)
    await moderator(world).delete(question)
    assert "had to end: the question message was deleted" in world.messages()[-1].content
    await world.env.advance_time(120)
    assert "The answer is" not in world.embeds_text()
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert await world.rows("SELECT member_id FROM answers") == [(world.bob.id,)]
    again = await world.alice.slash(world.channel, "challenge", set="mini")
    assert not again.ephemeral


async def test_a_deleted_channel_ends_its_session(world: World) -> None:
    doomed = world.guild.create_text_channel("doomed")
    await world.alice.slash(doomed, "challenge", set="mini")
    await world.bob.react(world.messages(doomed)[-1], B)
    world.env.backend.delete_channel(doomed.id)  # SimCord has no actor that deletes channels
    await world.env.settle()
    await world.env.advance_time(120)
    dm = world.alice.user.dm_channel.last_message
    assert "had to end: the channel was deleted" in dm.content
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert await world.rows("SELECT member_id FROM answers") == [(world.bob.id,)]


async def test_a_group_answer_saved_only_as_its_row_is_rebuilt_after_a_crash(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, A)  # wrong: his first of two attempts
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert live.state_dirty  # only the answer row is written; the pulse saves the state
    await world.crash_and_restart()
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert live.session.round.try_of(world.bob.id).choices == (0,)
    # His reaction, read back, is known from the answers table: it is not applied twice.
    told = world.bob.user.dm_channel.history() if world.bob.user.dm_channel else []
    assert not any("couldn't save" in message.content for message in told)
    await world.bob.react(question, B)
    assert await world.rows("SELECT attempt, correct FROM answers ORDER BY attempt") == [
        (1, 0),
        (2, 1),
    ]


async def test_a_practice_answer_saved_only_as_its_row_is_rebuilt_after_a_crash(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    thread = world.channel.threads[0]
    first = questions(world, thread)[-1]
    saved_before = await world.rows("SELECT state FROM sessions")
    await world.alice.react(first, A)  # wrong: the first of three attempts
    live = world.env.bot.sessions.in_channel(thread.id)
    assert live.state_dirty  # a practice answer writes its row, not the whole state
    assert await world.rows("SELECT state FROM sessions") == saved_before
    await world.crash_and_restart()
    live = world.env.bot.sessions.in_channel(thread.id)
    assert live.session.round.try_of(world.alice.id).choices == (0,)
    await world.alice.react(first, B)
    assert "Correct! The answer is B" in world.embeds_text(thread)
    attempts = await world.rows("SELECT attempt, correct, points FROM answers ORDER BY attempt")
    assert attempts == [(1, 0, 0), (2, 1, 60)]
