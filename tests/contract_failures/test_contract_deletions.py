"""Channels, threads and messages deleted mid-session; permissions taken away mid-session."""

from __future__ import annotations

import discord
import simcord

from tests.bot.conftest import World, create_bot, reply_of
from tests.contract_failures.helpers import (
    WRONG,
    A,
    B,
    allow_bot_again,
    challenge_runs_again,
    deny_bot,
    dm_text,
    open_question,
    prompt_of,
)


async def start_practice(world: World, where: simcord.ChannelHandle) -> simcord.ChannelHandle:
    """Start alice's practice in ``where`` and give one wrong answer; return its thread."""
    await world.alice.slash(where, "practice", set="mini")
    thread = where.threads[0]
    question = open_question(world, thread)
    await world.alice.react(question, WRONG[prompt_of(question)])
    return thread


async def practice_runs_again(world: World) -> bool:
    result = await world.alice.slash(world.channel, "practice", set="mini")
    return "is ready in" in reply_of(result).content


def moderator(world: World) -> simcord.MemberActor:
    mods = world.guild.create_role("Mods", permissions=discord.Permissions(manage_messages=True))
    return world.guild.add_member(world.env.create_user("mod"), roles=[mods])


async def test_a_deleted_practice_thread_ends_it_and_frees_the_member(world: World) -> None:
    thread = await start_practice(world, world.channel)
    world.env.backend.delete_channel(thread.id)
    await world.env.settle()
    assert "had to end: the channel was deleted" in dm_text(world.alice)
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert await world.rows("SELECT attempt, correct FROM answers") == [(1, 0)]
    assert await practice_runs_again(world)


async def test_a_deleted_parent_channel_ends_its_practice_thread(world: World) -> None:
    """Deleting a channel deletes its threads; Discord announces only the channel."""
    place = world.guild.create_text_channel("place")
    thread = await start_practice(world, place)
    backend = world.env.backend
    backend.channels.pop(thread.id)  # gone with its parent, without an event of its own
    backend.messages.pop(thread.id, None)
    guild = backend.get_guild(world.guild.id)
    if thread.id in guild.thread_ids:
        guild.thread_ids.remove(thread.id)
    backend.delete_channel(place.id)
    await world.env.settle()
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None, (
        "alice's practice still holds her: she can't /practice anywhere, nor /stop it"
    )
    assert "had to end" in dm_text(world.alice)
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert await world.rows("SELECT attempt, correct FROM answers") == [(1, 0)]
    assert await practice_runs_again(world)


async def test_a_deleted_practice_question_ends_it_and_frees_the_member(world: World) -> None:
    thread = await start_practice(world, world.channel)
    await moderator(world).delete(open_question(world, thread))
    assert "had to end: the question message was deleted" in world.embeds_text(thread)
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None
    assert await world.rows("SELECT attempt, correct FROM answers") == [(1, 0)]
    assert await practice_runs_again(world)


async def test_a_deleted_status_line_comes_back_and_the_challenge_goes_on(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    await world.bob.react(question, B)
    status = world.messages()[-1]
    assert "1 member has answered" in status.embeds[0].title
    await moderator(world).delete(status)
    await world.env.advance_time(3)
    await world.carol.react(question, B)
    await world.env.advance_time(3)
    assert "2 members have answered" in world.messages()[-1].embeds[0].title
    assert world.env.bot.sessions.in_channel(world.channel.id) is not None
    await world.env.advance_time(60)
    assert "The answer is B" in world.embeds_text()


async def test_bulk_deleting_the_question_ends_the_challenge(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    await world.bob.react(question, B)
    await world.env.bot.http.delete_messages(
        world.channel.id, [question.id, world.messages()[-1].id]
    )
    await world.env.settle()
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert await world.rows("SELECT member_id FROM answers") == [(world.bob.id,)]
    assert await challenge_runs_again(world, world.channel)


async def test_losing_send_messages_mid_challenge_ends_it_with_a_sentence(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(open_question(world), B)
    deny_bot(world, world.channel, send_messages=True)
    await world.env.advance_time(65)
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert "had to end" in dm_text(world.alice)
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]
    allow_bot_again(world, world.channel)
    assert await challenge_runs_again(world, world.channel)


async def test_losing_add_reactions_mid_challenge_is_explained_and_answers_count(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(open_question(world), B)
    deny_bot(world, world.channel, add_reactions=True)
    await world.env.advance_time(61)
    assert "couldn't add the answer reactions" in world.messages()[-1].content
    second = next(
        m for m in world.messages() if m.embeds and "Question 2/3" in str(m.embeds[0].title)
    )
    allow_bot_again(world, world.channel)  # members may react again once a moderator fixes it
    await world.carol.react(second, A)
    await world.env.advance_time(91)
    assert "The answer is A" in world.embeds_text()
    assert sorted(await world.rows("SELECT member_id, correct FROM answers")) == sorted(
        [(world.bob.id, 1), (world.carol.id, 1)]
    )


async def test_a_channel_deleted_while_the_bot_was_away_ends_its_challenge(world: World) -> None:
    doomed = world.guild.create_text_channel("doomed")
    await world.alice.slash(doomed, "challenge", set="mini")
    await world.bob.react(open_question(world, doomed), B)
    await world.env.bot.close()
    world.env.backend.delete_channel(doomed.id)
    await world.env.restart_bot(create_bot(database=world.database, content_dir=world.content))
    await world.env.advance_time(70)
    assert world.env.bot.sessions.in_channel(doomed.id) is None
    assert "had to end" in dm_text(world.alice)
    assert await world.rows("SELECT status FROM sessions") == [("stopped",)]
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]


async def test_a_question_deleted_while_the_bot_was_away_ends_its_practice(world: World) -> None:
    thread = await start_practice(world, world.channel)
    question = open_question(world, thread)
    await world.env.bot.close()
    await moderator(world).delete(question)
    await world.env.restart_bot(create_bot(database=world.database, content_dir=world.content))
    assert "had to end: the question message was deleted" in world.embeds_text(thread)
    assert world.env.bot.sessions.personal_of(world.guild.id, world.alice.id) is None
    assert await world.rows("SELECT attempt, correct FROM answers") == [(1, 0)]
    assert await practice_runs_again(world)
