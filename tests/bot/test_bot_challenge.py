"""A group challenge end to end: reactions as answers, attempts, status, reveal, badge."""

from __future__ import annotations

import discord

from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from tests.bot.conftest import World

A, B, C, D = LETTER_EMOJIS[:4]


def question_messages(world: World) -> list[discord.Message]:
    return [m for m in world.messages() if m.embeds and "Question" in (m.embeds[0].title or "")]


async def test_challenge_with_right_wrong_and_exhausted_attempts(world: World) -> None:
    result = await world.alice.slash(world.channel, "challenge", set="mini")
    assert not result.ephemeral
    assert "challenge" in result.response.embeds[0].description

    first = question_messages(world)[-1]
    assert "Question 1/3" in first.embeds[0].title
    assert "Which letter comes second?" in first.embeds[0].description
    assert [str(r.emoji) for r in first.reactions] == [A, B, C, HINT_EMOJI]

    await world.alice.react(first, B)  # right on the first try
    await world.bob.react(first, A)  # wrong, one attempt left
    await world.carol.react(first, A)
    await world.carol.react(first, C)  # out of attempts
    await world.carol.react(first, B)  # ignored: no attempts left
    await world.env.advance_time(2)

    status = world.messages()[-1].embeds[0]
    assert "3 members have answered" in status.title
    assert "Correct" in status.description
    assert world.alice.mention in status.description
    assert "1 attempt left" in status.description
    assert world.bob.mention in status.description
    assert "Out of attempts" in status.description

    await world.bob.react(first, B)
    assert "The answer is" not in world.embeds_text()  # the first question runs its full time
    await world.env.advance_time(58)
    text = world.embeds_text()
    assert "Time's up! The answer is B" in text
    assert "Bravo" in text
    assert "A is first, B is second." in text
    assert "Bravo is second." in text  # takeaway
    assert "Starting to count at zero" in text  # common mistakes
    reveal = next(m for m in world.messages() if "The answer is B" in (m.embeds[0].title or ""))
    right = reveal.embeds[0].fields[-1].value
    assert world.alice.mention in right
    assert world.bob.mention in right
    assert world.carol.mention not in right

    second = question_messages(world)[-1]
    assert "Question 2/3" in second.embeds[0].title
    assert [str(r.emoji) for r in second.reactions] == [A, B, C, D, HINT_EMOJI]
    await world.carol.react(first, B)  # the first question is closed: ignored
    await world.alice.react(second, A)
    await world.bob.react(second, A)
    await world.env.advance_time(90)  # carol never answers: time runs out
    assert "Time's up! The answer is A" in world.embeds_text()

    third = question_messages(world)[-1]
    await world.alice.react(third, B)
    await world.bob.react(third, B)
    await world.carol.react(third, B)  # every member who joined is done: closes early
    assert "Everyone has answered! The answer is B" in world.embeds_text()
    summary = world.messages()[-1].embeds[0]
    assert "Finished" in summary.title
    assert summary.description.index(world.alice.mention) < summary.description.index(
        world.bob.mention
    )
    badge = summary.fields[-1]
    assert "Mini Master" in badge.name
    assert world.alice.mention in badge.value
    assert world.bob.mention in badge.value
    assert world.carol.mention not in badge.value
    # A finished session keeps its results, not a snapshot of its state.
    assert await world.rows("SELECT status, state FROM sessions") == [("finished", "{}")]
