"""Contract: /progress and /badges, for oneself and for another member."""

from __future__ import annotations

from datetime import UTC, datetime

from tests.bot.conftest import World, reply_of
from tests.contract_boards.helpers import (
    ANSWERS,
    advance_to,
    prompt_of,
    take_test,
    wait_for_next_question,
)


async def test_progress_of_a_member_who_never_answered(world: World) -> None:
    result = await world.alice.slash(world.channel, "progress", member=world.bob)
    assert result.ephemeral
    reply = reply_of(result)
    embed = reply.embeds[0]
    assert "bob" in (embed.title or "")
    assert "Streak: **0** days" in (embed.description or "")
    assert "No answers yet" in (embed.description or "")
    [attachment] = reply.attachments
    assert (await attachment.read()).startswith(b"\x89PNG\r\n\x1a\n")
    assert not world.env.errors


async def test_progress_of_another_member_is_theirs_and_private(world: World) -> None:
    await take_test(world, world.bob, set(ANSWERS))
    result = await world.alice.slash(world.channel, "progress", member=world.bob)
    assert result.ephemeral
    embed = reply_of(result).embeds[0]
    assert "bob" in (embed.title or "")
    assert "3/3 questions right" in embed.fields[0].value
    assert "best test 3/3" in embed.fields[0].value
    mine = reply_of(await world.alice.slash(world.channel, "progress")).embeds[0]
    assert "No answers yet" in (mine.description or "")


async def test_streak_counts_consecutive_utc_days(world: World) -> None:
    await take_test(world, world.alice, {"What is 2 + 2?"})  # Thursday 1 January
    await advance_to(world, datetime(2026, 1, 2, 23, 50, tzinfo=UTC))
    await take_test(world, world.alice, set())
    await advance_to(world, datetime(2026, 1, 3, 0, 10, tzinfo=UTC))
    await take_test(world, world.alice, set())
    embed = reply_of(await world.alice.slash(world.channel, "progress")).embeds[0]
    assert "Streak: **3** days" in (embed.description or "")
    await advance_to(world, datetime(2026, 1, 6, 12, 0, tzinfo=UTC))
    embed = reply_of(await world.alice.slash(world.channel, "progress")).embeds[0]
    assert "Streak: **0** days (best 3)" in (embed.description or "")


async def test_badges_are_ephemeral_and_per_member(world: World) -> None:
    result = await world.alice.slash(world.channel, "badges", member=world.bob)
    assert result.ephemeral
    assert "bob" in (result.response.embeds[0].title or "")
    assert "No badges yet" in (result.response.embeds[0].description or "")
    assert not world.env.errors


async def test_badges_are_per_server(world: World) -> None:
    other = world.env.create_guild("Other")
    other_channel = other.create_text_channel("study")
    bob_there = other.add_member(world.bob.user)  # type: ignore[attr-defined]
    await world.alice.slash(world.channel, "challenge", set="mini")
    for _ in range(3):
        question = [m for m in world.messages() if m.embeds and m.reactions][-1]
        await world.bob.react(question, ANSWERS[prompt_of(question)])
        await wait_for_next_question(world, question)
    here = await world.bob.slash(world.channel, "badges")
    assert "Mini Master" in (here.response.embeds[0].description or "")
    there = await bob_there.slash(other_channel, "badges")
    assert "No badges yet" in (there.response.embeds[0].description or "")
    board = await bob_there.slash(other_channel, "leaderboard")
    assert "Nobody has scored yet" in (board.response.embeds[0].description or "")
