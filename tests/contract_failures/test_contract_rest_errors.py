"""REST errors on each step of a session: members always get a sentence, nothing is lost."""

from __future__ import annotations

import pytest

from tests.bot.conftest import World, reply_of
from tests.contract_failures.helpers import (
    RIGHT,
    A,
    B,
    challenge_runs_again,
    dm_text,
    heal,
    open_question,
    prompt_of,
)


@pytest.mark.parametrize(("status", "code"), [(403, 50013), (500, 0), (404, 10003)])
async def test_a_refused_first_question_ends_with_a_sentence_and_frees_the_channel(
    world: World, status: int, code: int
) -> None:
    world.env.inject_error(
        "POST", f"/channels/{world.channel.id}/messages", status=status, code=code, times=None
    )
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.env.advance_time(5)  # retries of a passing failure
    assert "had to end: I couldn't post the next question" in dm_text(world.alice)
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    heal(world)
    assert await challenge_runs_again(world, world.channel)


async def test_a_refused_status_edit_keeps_the_challenge_and_its_answers(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    await world.bob.react(question, B)  # the status line is posted
    world.env.inject_error("PATCH", "/channels/*/messages/*", status=403, code=50013, times=None)
    await world.env.advance_time(3)
    await world.carol.react(question, B)
    await world.env.advance_time(60)
    reveal = next(m for m in world.messages() if "The answer is B" in (m.embeds[0].title or ""))
    right = reveal.embeds[0].fields[-1].value
    assert world.bob.mention in right
    assert world.carol.mention in right
    assert "Question 2/3" in open_question(world).embeds[0].title
    assert len(await world.rows("SELECT member_id FROM answers WHERE correct")) == 2


async def test_a_reveal_lost_to_a_discord_outage_is_still_shown(world: World) -> None:
    """Discord answers 500 to all three tries of the reveal, then recovers."""
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(open_question(world), B)
    await world.env.advance_time(59)
    world.env.inject_error("POST", f"/channels/{world.channel.id}/messages", status=500, times=3)
    await world.env.advance_time(5)
    assert "Question 2/3" in open_question(world).embeds[0].title
    shown = world.embeds_text() + dm_text(world.alice)
    assert "The answer is B" in shown or "couldn't show" in shown


async def test_results_that_cannot_be_posted_are_told_to_the_starter(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    for _ in range(2):
        question = open_question(world)
        await world.bob.react(question, RIGHT[prompt_of(question)])
        await world.env.advance_time(95)
    last = open_question(world)
    assert "Question 3/3" in last.embeds[0].title
    await world.bob.react(last, RIGHT[prompt_of(last)])
    # The bot loses the channel just before the results (a moderator locks it).
    world.env.inject_error(
        "POST", f"/channels/{world.channel.id}/messages", status=403, code=50013, times=None
    )
    await world.env.advance_time(65)
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert await world.rows("SELECT status FROM sessions") == [("finished",)]
    assert (world.bob.id, 3) in await world.rows("SELECT member_id, score FROM results")
    told = dm_text(world.alice)
    assert "Mini Set" in told, "nobody is told the challenge ended: its results were never shown"


async def test_a_failed_interaction_reply_to_challenge_is_a_sentence_and_starts_nothing(
    world: World,
) -> None:
    world.env.inject_error("POST", "/interactions/*", status=500, times=1)
    result = await world.alice.slash(world.channel, "challenge", set="mini")
    assert result.ephemeral
    assert "Discord didn't accept my request" in reply_of(result).content
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert await challenge_runs_again(world, world.channel)


@pytest.mark.parametrize(("status", "code"), [(403, 50013), (500, 0)])
async def test_a_refused_thread_for_practice_is_a_sentence_and_holds_nothing(
    world: World, status: int, code: int
) -> None:
    world.env.inject_error(
        "POST", f"/channels/{world.channel.id}/threads", status=status, code=code, times=1
    )
    result = await world.alice.slash(world.channel, "practice", set="mini")
    assert result.ephemeral
    assert "Discord" in reply_of(result).content
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None
    again = await world.alice.slash(world.channel, "practice", set="mini")
    assert "is ready in" in reply_of(again).content


async def test_a_refused_practice_intro_is_a_sentence_and_holds_nothing(world: World) -> None:
    world.env.inject_error("POST", "/channels/*/messages", status=500, times=1)
    result = await world.alice.slash(world.channel, "practice", set="mini")
    assert "Discord" in reply_of(result).content
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None
    again = await world.alice.slash(world.channel, "practice", set="mini")
    assert "is ready in" in reply_of(again).content


async def test_a_failed_practice_followup_never_leaves_the_member_stuck(world: World) -> None:
    """The thread and intro are posted, then Discord drops the 'ready in' follow-up once."""
    world.env.inject_error("POST", "/webhooks/*", status=500, times=1)
    await world.alice.slash(world.channel, "practice", set="mini")
    await world.env.advance_time(5)
    live = world.env.bot.sessions.personal_of(world.guild.id, world.alice.id)
    if live is not None:  # the practice went on: its first question must be there to answer
        thread = world.channel.threads[0]
        assert [m for m in world.messages(thread) if m.reactions], "practice with no question"
    again = await world.alice.slash(world.channel, "practice", set="mini")
    text = reply_of(again).content
    assert "is ready in" in text or (live is not None and "already have" in text)
    # Either way, a question is waiting for her now.
    thread = world.channel.threads[-1]
    question = open_question(world, thread)
    await world.alice.react(question, RIGHT[prompt_of(question)])
    assert "Correct!" in world.embeds_text(thread)


async def test_a_lost_reaction_add_on_a_later_question_is_explained(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(open_question(world), B)
    world.env.inject_error("PUT", "/channels/*/reactions/*", status=403, code=50013, times=None)
    await world.env.advance_time(61)
    assert "couldn't add the answer reactions" in world.messages()[-1].content
    question = next(
        m
        for m in reversed(world.messages())
        if "Question 2/3" in str(m.embeds[0].title if m.embeds else "")
    )
    await world.carol.react(question, A)
    await world.env.advance_time(91)
    assert "The answer is A" in world.embeds_text()
    assert await world.rows("SELECT member_id, correct FROM answers ORDER BY answered_at") == [
        (world.bob.id, 1),
        (world.carol.id, 1),
    ]
