"""Contract §3: /hint, /stop and the refusals every session command owes a clear sentence."""

from __future__ import annotations

import discord
import pytest

from tests.bot.conftest import World, reply_of
from tests.contract_sessions.helpers import (
    HINT,
    RIGHT,
    B,
    attempts_of,
    everything_sent,
    open_question,
    prompt_of,
)


def sentence(result: object) -> str:
    reply = reply_of(result)  # type: ignore[arg-type]
    assert reply is not None
    return reply.content


async def test_hint_in_a_test_is_refused_privately_and_costs_nothing(world: World) -> None:
    await world.alice.slash(world.channel, "test", set="mini")
    [thread] = world.channel.threads
    question = open_question(world, thread)
    assert HINT not in [str(r.emoji) for r in question.reactions]
    refused = await world.alice.slash(thread, "hint")
    assert refused.ephemeral
    assert "not available in a test" in sentence(refused)
    before = len(world.messages(thread))
    await world.alice.react(question, HINT)  # 💡 added by hand: ignored
    assert len(world.messages(thread)) == before
    assert attempts_of(world, thread.id, world.alice.id) == 0
    await world.alice.react(question, RIGHT[prompt_of(question)])
    assert await world.rows("SELECT attempt, correct, points FROM answers") == [(1, 1, 100)]


async def test_hint_in_practice_by_command_and_by_reaction(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    [thread] = world.channel.threads
    question = open_question(world, thread)
    by_command = await world.alice.slash(thread, "hint")
    assert by_command.ephemeral
    assert "It sounds like a cheer." in sentence(by_command)
    others = await world.bob.slash(thread, "hint")  # not bob's practice
    assert others.ephemeral
    assert "It sounds like a cheer." not in sentence(others)
    await world.alice.react(question, HINT)
    assert "It sounds like a cheer." in world.messages(thread)[-1].content
    assert attempts_of(world, thread.id, world.alice.id) == 0


async def test_hint_in_another_channel_than_the_session_says_so(world: World) -> None:
    other = world.guild.create_text_channel("elsewhere")
    await world.alice.slash(world.channel, "challenge", set="mini")
    result = await world.bob.slash(other, "hint")
    assert result.ephemeral
    assert "No question is waiting" in sentence(result)
    assert "It sounds like a cheer." not in sentence(result)


async def test_hint_after_the_member_is_done_says_why_not(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(open_question(world), B)
    result = await world.bob.slash(world.channel, "hint")
    assert result.ephemeral
    assert "already answered" in sentence(result)


async def test_stop_a_practice_by_someone_else_is_refused(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    [thread] = world.channel.threads
    refused = await world.bob.slash(thread, "stop")
    assert refused.ephemeral
    assert "Only" in sentence(refused)
    assert world.env.bot.sessions.in_channel(thread.id) is not None
    stopped = await world.alice.slash(thread, "stop")
    assert stopped.ephemeral
    assert world.env.bot.sessions.in_channel(thread.id) is None
    assert "Stopped" in world.embeds_text(thread)
    again = await world.alice.slash(world.channel, "practice", set="mini")  # freed
    assert "ready in" in sentence(again)


@pytest.mark.parametrize("permission", ["manage_messages", "manage_guild"])
async def test_a_moderator_stops_anyones_challenge(world: World, permission: str) -> None:
    role = world.guild.create_role("Mods", permissions=discord.Permissions(**{permission: True}))
    mod = world.guild.add_member(world.env.create_user("mod"), roles=[role])
    await world.alice.slash(world.channel, "challenge", set="mini")
    await world.bob.react(open_question(world), B)
    result = await mod.slash(world.channel, "stop")
    assert result.ephemeral
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    assert "Stopped" in world.embeds_text()
    assert await world.rows("SELECT member_id, correct FROM answers") == [(world.bob.id, 1)]


async def test_stop_where_nothing_runs_says_so(world: World) -> None:
    result = await world.alice.slash(world.channel, "stop")
    assert result.ephemeral
    assert "Nothing is running" in sentence(result)


@pytest.mark.parametrize("command", ["practice", "challenge", "test", "review"])
async def test_unknown_set_ids_get_an_ephemeral_sentence(world: World, command: str) -> None:
    result = await world.alice.slash(world.channel, command, set="no-such-set")
    assert result.ephemeral
    assert "no question set `no-such-set`" in sentence(result)
    assert world.channel.threads == []
    assert world.env.bot.sessions.in_channel(world.channel.id) is None


async def test_a_set_id_with_spaces_around_it_still_starts(world: World) -> None:
    result = await world.alice.slash(world.channel, "challenge", set="  mini ")
    assert not result.ephemeral
    assert "Question 1/3" in open_question(world).embeds[0].title


async def test_a_set_id_in_capitals_gets_a_sentence_naming_the_set(world: World) -> None:
    result = await world.alice.slash(world.channel, "practice", set="MINI")
    if world.channel.threads:  # accepted as `mini`: fine too
        assert "ready in" in sentence(result)
        return
    assert result.ephemeral
    assert "`mini`" in sentence(result)


async def test_a_challenge_in_a_practice_thread_is_refused(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    [thread] = world.channel.threads
    result = await world.bob.slash(thread, "challenge", set="mini")
    assert result.ephemeral
    assert "already running here" in sentence(result)


async def test_practice_in_a_channel_with_a_running_challenge_gets_its_own_thread(
    world: World,
) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    result = await world.bob.slash(world.channel, "practice", set="mini")
    assert result.ephemeral
    assert "ready in" in sentence(result), sentence(result)
    [thread] = world.channel.threads
    assert "(1/3)" in open_question(world, thread).embeds[0].title


async def test_test_while_a_practice_runs_is_refused_with_a_sentence(world: World) -> None:
    await world.alice.slash(world.channel, "practice", set="mini")
    other = world.guild.create_text_channel("other")
    result = await world.alice.slash(other, "test", set="mini")
    assert result.ephemeral
    assert "already have a practice" in sentence(result)


HOSTILE_NAME = "@everyone <@{bob}> @here"


def assert_nobody_pinged(world: World) -> None:
    for message in everything_sent(world):
        assert not message.ping_user_ids, message.content
        assert not message.ping_role_ids, message.content
        assert not message.mention_everyone, message.content


async def test_set_ids_a_member_types_ping_nobody(world: World) -> None:
    typed = f"@everyone <@{world.bob.id}> @here"
    for command in ("practice", "challenge", "test", "review"):
        result = await world.alice.slash(world.channel, command, set=typed)
        assert result.ephemeral
        assert f"<@{world.bob.id}>" in sentence(result)  # echoed, but as plain text
    assert_nobody_pinged(world)


async def test_a_hostile_display_name_pings_nobody_in_a_challenge(world: World) -> None:
    name = HOSTILE_NAME.format(bob=world.bob.id)
    loud = world.guild.add_member(world.env.create_user("loud"), nick=name)
    await loud.slash(world.channel, "challenge", set="mini")
    question = open_question(world)
    await loud.react(question, HINT)
    await loud.react(question, B)
    refused = await world.bob.slash(world.channel, "stop")  # names the starter
    assert loud.mention in sentence(refused)
    await loud.slash(world.channel, "stop")
    assert_nobody_pinged(world)


async def test_a_hostile_display_name_pings_nobody_when_a_practice_starts(world: World) -> None:
    name = HOSTILE_NAME.format(bob=world.bob.id)
    loud = world.guild.add_member(world.env.create_user("loud"), nick=name)
    result = await loud.slash(world.channel, "practice", set="mini")
    assert "ready in" in sentence(result)
    assert_nobody_pinged(world)  # the thread's name (and its notice) carry the display name


async def test_a_set_title_with_mentions_pings_nobody_when_a_practice_starts(
    world: World,
) -> None:
    from tests.bot.conftest import MINI_SET, moderator

    pinging = MINI_SET.replace("id: mini", "id: loud").replace(
        "title: Mini Set", f"title: '<@{world.bob.id}> @everyone'"
    )
    mod = moderator(world)
    loaded = await mod.slash(world.channel, "sets load", file=("loud.yaml", pinging.encode()))
    assert "Loaded" in sentence(loaded)
    result = await world.alice.slash(world.channel, "practice", set="loud")
    assert "ready in" in sentence(result)
    assert_nobody_pinged(world)


@pytest.mark.parametrize("command", ["practice", "challenge", "test", "review"])
async def test_a_very_long_unknown_set_id_still_gets_a_sentence(world: World, command: str) -> None:
    typed = "x" * 3000  # Discord lets a member type up to 6000 characters in a string option
    result = await world.alice.slash(world.channel, command, set=typed)
    assert result.ephemeral
    text = sentence(result)
    assert "no question set" in text
    assert len(text) <= 2000
