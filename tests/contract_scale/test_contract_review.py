"""Contract: /review's due dates are FSRS's, due questions return, /progress agrees."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import simcord
from fsrs import Card, Rating, Scheduler

from bot.engine import review
from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import MINI_SET, World, moderator, reply_of

A, B, C = LETTER_EMOJIS[:3]
REFERENCE = Scheduler(
    desired_retention=0.9,
    learning_steps=(timedelta(minutes=10),),
    relearning_steps=(timedelta(minutes=10),),
    enable_fuzzing=False,
)
"""py-fsrs set up as the README describes the bot's scheduling."""


def at(world: World) -> datetime:
    return world.env.now().astimezone(UTC)


def fsrs_due(ratings: list[tuple[Rating, datetime]]) -> float:
    card = Card(card_id=1)
    for rating, when in ratings:
        card, _ = REFERENCE.review_card(card, rating, when)
    return card.due.timestamp()


async def due_of(world: World, member: simcord.MemberActor) -> dict[str, float]:
    rows = await world.rows(
        f"SELECT question_id, due FROM cards WHERE member_id = {member.id} AND set_id = 'mini'"
    )
    return {question_id: float(due) for question_id, due in rows}


def test_each_outcome_maps_to_the_fsrs_rating_the_readme_names() -> None:
    assert review.rating_for(correct=True, attempt=1, hint_used=False) == Rating.Good
    assert review.rating_for(correct=True, attempt=2, hint_used=False) == Rating.Hard
    assert review.rating_for(correct=True, attempt=1, hint_used=True) == Rating.Hard
    assert review.rating_for(correct=False, attempt=2, hint_used=False) == Rating.Again
    start = datetime(2026, 1, 5, 9, tzinfo=UTC)
    card = review.new_card(member_id=1, guild_id=2, set_id="s", question_id="q", now=0)
    expected = Card(card_id=1)
    when = start
    for rating in (Rating.Again, Rating.Good, Rating.Hard, Rating.Again, Rating.Good):
        card = review.review_card(card, review.ReviewRating(int(rating)), when.timestamp())
        expected, _ = REFERENCE.review_card(expected, rating, when)
        assert abs(card.due - expected.due.timestamp()) < 1e-3
        assert card.stability is not None
        assert expected.stability is not None
        assert abs(card.stability - expected.stability) < 1e-9
        when = expected.due + timedelta(hours=1)


async def test_challenge_outcomes_give_fsrs_due_dates_and_come_back_in_review(
    world: World,
) -> None:
    dave = world.guild.add_member(world.env.create_user("dave"))
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = [m for m in world.messages() if m.embeds and m.reactions][-1]
    assert "Which letter comes second?" in (question.embeds[0].description or "")
    answered = at(world)
    await world.alice.react(question, B)  # right first try: Good
    await world.bob.react(question, A)
    await world.bob.react(question, B)  # right on the second attempt: Hard
    await world.carol.react(question, A)
    await world.carol.react(question, C)  # out of attempts: Again
    await dave.react(question, A)  # one wrong try, then the time runs out: Again at closing
    await world.env.advance_time(60)
    closed = at(world)
    due = {m.name: (await due_of(world, m))["first"] for m in (world.alice, world.bob, world.carol)}
    dave_due = (await due_of(world, dave))["first"]
    assert abs(due["alice"] - fsrs_due([(Rating.Good, answered)])) < 2
    assert abs(due["bob"] - fsrs_due([(Rating.Hard, answered)])) < 2
    assert abs(due["carol"] - fsrs_due([(Rating.Again, answered)])) < 2
    assert abs(dave_due - fsrs_due([(Rating.Again, closed)])) < 2
    await world.env.advance_time(400)  # the challenge's other questions time out
    assert "Finished" in world.embeds_text()

    early = await world.carol.slash(world.channel, "review", set="mini")
    assert "Nothing is due" in reply_of(early).content
    await world.env.advance_time(max(due["carol"], dave_due) - at(world).timestamp() + 1)
    for member in (world.carol, dave):
        progress = reply_of(await member.slash(world.channel, "progress"))
        assert "**1** due now" in (progress.embeds[0].description or ""), member.name
    started = await world.carol.slash(world.channel, "review")
    assert "ready in" in reply_of(started).content
    thread = world.channel.threads[-1]
    offered = [m for m in world.messages(thread) if m.embeds and m.reactions][-1]
    assert "Which letter comes second?" in (offered.embeds[0].description or "")
    reviewed = at(world)
    await world.carol.react(offered, B)
    after = (await due_of(world, world.carol))["first"]
    assert abs(after - fsrs_due([(Rating.Again, answered), (Rating.Good, reviewed)])) < 2
    assert after > reviewed.timestamp() + 12 * 3600


async def test_progress_due_count_agrees_with_review_after_a_set_loses_a_question(
    world: World,
) -> None:
    mod = moderator(world)
    own = MINI_SET.replace("id: mini", "id: own").replace("title: Mini Set", "title: Own")
    await mod.slash(world.channel, "sets load", file=("own.yaml", own.encode()))
    await world.alice.slash(world.channel, "test", set="own")
    thread = world.channel.threads[-1]
    for _ in range(3):
        question = [m for m in world.messages(thread) if m.embeds and m.reactions][-1]
        await world.alice.react(question, C if len(question.reactions) > 2 else A)
    await world.env.advance_time(11 * 60)
    cut = own.split("  - id: third")[0]  # version 2 drops the third question
    replaced = await mod.slash(world.channel, "sets load", file=("own.yaml", cut.encode()))
    assert "version 2" in reply_of(replaced).content
    cards = await world.rows(
        f"SELECT question_id FROM cards WHERE member_id = {world.alice.id} AND due <= "
        f"{world.env.now().timestamp()}"
    )
    assert len(cards) == 3  # all three were missed
    progress = reply_of(await world.alice.slash(world.channel, "progress"))
    started = reply_of(await world.alice.slash(world.channel, "review"))
    thread = world.channel.threads[-1]
    intro = world.embeds_text(thread)
    assert "**2 questions**" in intro, started.content  # what /review offers
    assert "**2** due now" in (progress.embeds[0].description or "")
