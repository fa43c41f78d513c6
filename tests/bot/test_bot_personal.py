"""Practice and test: personal sessions in a thread of their own."""

from __future__ import annotations

import discord

from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from tests.bot.conftest import World

A, B, C, D = LETTER_EMOJIS[:4]


async def test_practice_runs_in_a_thread_and_ignores_other_members(world: World) -> None:
    result = await world.alice.slash(world.channel, "practice", set="mini")
    assert result.ephemeral
    [thread] = world.channel.threads
    reply = result.followups[0] if result.followups else result.response
    assert thread.mention in reply.content

    question = world.messages(thread)[-1]
    assert "(1/3)" in question.embeds[0].title
    assert [str(r.emoji) for r in question.reactions] == [A, B, C, HINT_EMOJI]

    await world.bob.react(question, B)  # not bob's practice: ignored
    await world.alice.react(question, A)
    assert "**A** isn't it. 1 attempt left" in world.messages(thread)[-1].content
    await world.alice.react(question, B)
    text = world.embeds_text(thread)
    assert "Correct! The answer is B" in text
    assert "A is first, B is second." in text

    second = world.messages(thread)[-1]
    assert "(2/3)" in second.embeds[0].title
    assert "closes" not in second.embeds[0].description  # practice is untimed
    await world.alice.react(second, C)
    await world.alice.react(second, D)
    assert "Out of attempts. The answer is A" in world.embeds_text(thread)
    third = world.messages(thread)[-1]
    await world.alice.react(third, B)
    summary = world.messages(thread)[-1].embeds[0]
    assert "Finished" in summary.title
    assert "got **2/3** right" in summary.description


async def test_practice_without_thread_permission_runs_in_the_channel(world: World) -> None:
    no_threads = discord.PermissionOverwrite(create_public_threads=False)
    channel = world.guild.create_text_channel("plain", overwrites={world.guild.me: no_threads})
    result = await world.alice.slash(channel, "practice", set="mini")
    assert not result.ephemeral
    assert channel.threads == []
    assert "(1/3)" in world.messages(channel)[-1].embeds[0].title


async def test_test_mode_gives_a_score_and_a_verdict(world: World) -> None:
    await world.alice.slash(world.channel, "test", set="mini")
    [thread] = world.channel.threads
    answers = {"Which letter comes second?": B, "Which word is a colour?": A, "What is 2 + 2?": A}
    for number in (1, 2, 3):
        question = world.messages(thread)[-1]
        embed = question.embeds[0]
        assert f"Question {number}/3" in embed.title
        assert HINT_EMOJI not in [str(r.emoji) for r in question.reactions]
        prompt = next(p for p in answers if p in embed.description)
        await world.alice.react(question, answers[prompt])  # one attempt: closes at once
    summary = world.messages(thread)[-1].embeds[0]
    assert "Score: 2/3" in summary.description
    assert "developing" in summary.description
    assert "By difficulty" in [f.name for f in summary.fields]


async def test_test_question_closes_when_its_time_runs_out(world: World) -> None:
    await world.alice.slash(world.channel, "test", set="mini")
    [thread] = world.channel.threads
    await world.env.advance_time(90)
    assert "Time's up!" in world.embeds_text(thread)
    assert "Question 2/3" in world.messages(thread)[-1].embeds[0].title


async def test_one_personal_session_per_member(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    again = await world.alice.slash(world.channel, "test", set="mini")
    assert again.ephemeral
    assert "already have a practice" in again.response.content
