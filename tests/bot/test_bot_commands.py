"""Hints, stop, refusals, permissions and the commands that show progress."""

from __future__ import annotations

import discord

from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from tests.bot.conftest import World

A, B, C, D = LETTER_EMOJIS[:4]


async def test_unknown_set_gets_a_clear_sentence(world: World) -> None:
    result = await world.alice.slash(world.channel, "challenge", set="minni")
    assert result.ephemeral
    assert "no question set `minni`" in result.response.content
    assert "Did you mean `mini`?" in result.response.content


async def test_set_option_autocompletes(world: World) -> None:
    choices = await world.alice.autocomplete(world.channel, "practice", "set", "mi")
    assert [c["value"] for c in choices] == ["mini"]


async def test_second_challenge_in_a_busy_channel_is_refused(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    result = await world.bob.slash(world.channel, "challenge", set="mini")
    assert result.ephemeral
    assert "already running here" in result.response.content


async def test_hint_by_command_and_by_reaction(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    result = await world.bob.slash(world.channel, "hint")
    assert result.ephemeral
    assert "It sounds like a cheer." in result.response.content
    await world.carol.react(question, HINT_EMOJI)
    dm = world.carol.user.dm_channel.last_message
    assert "It sounds like a cheer." in dm.content


async def test_hint_when_nothing_runs(world: World) -> None:
    result = await world.alice.slash(world.channel, "hint")
    assert "No question is waiting" in result.response.content


async def test_reactions_from_bots_and_other_emojis_are_ignored(world: World) -> None:
    robot = world.guild.add_member(world.env.create_user("robot", bot=True))
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await robot.react(question, B)
    await world.bob.react(question, "🎉")
    await world.bob.react(question, D)  # the question has only A-C
    live = world.env.bot.sessions.in_channel(world.channel.id)
    assert dict(live.session.round.tries) == {}


async def test_stop_by_starter_keeps_answers(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    question = world.messages()[-1]
    await world.bob.react(question, B)
    refused = await world.bob.slash(world.channel, "stop")
    assert refused.ephemeral
    assert "Only" in refused.response.content
    await world.alice.slash(world.channel, "stop")
    summary = world.messages()[-1].embeds[0]
    assert "Stopped" in summary.title
    assert world.env.bot.sessions.in_channel(world.channel.id) is None
    progress = await world.bob.slash(world.channel, "progress")
    assert "1/1 questions right" in progress.response.embeds[0].fields[0].value


async def test_missing_bot_permissions_are_named(world: World) -> None:
    deny = discord.PermissionOverwrite(add_reactions=False, embed_links=False)
    locked = world.guild.create_text_channel("locked", overwrites={world.guild.me: deny})
    result = await world.alice.slash(locked, "challenge", set="mini")
    assert result.ephemeral
    assert "**Embed Links**" in result.response.content
    assert "**Add Reactions**" in result.response.content
    assert world.messages(locked) == [] or all(not m.embeds for m in world.messages(locked))


async def test_leaderboard_badges_and_progress_after_a_challenge(world: World) -> None:
    await world.alice.slash(world.channel, "challenge", set="mini")
    picks = {"Which letter": B, "Which word": A, "What is 2 + 2": B}
    for _ in range(3):
        question = world.messages()[-1]
        right = next(e for p, e in picks.items() if p in question.embeds[0].description)
        await world.bob.react(question, right)
        await world.alice.react(question, C if right != C else A)
        await world.env.advance_time(90)
    board = await world.carol.slash(world.channel, "leaderboard")
    assert not board.ephemeral
    text = board.response.embeds[0].description
    assert text.index(world.bob.mention) < text.index(world.alice.mention)
    badges = await world.bob.slash(world.channel, "badges")
    assert "Mini Master" in badges.response.embeds[0].description
    none = await world.alice.slash(world.channel, "badges")
    assert "No badges yet" in none.response.embeds[0].description
    progress = await world.carol.slash(world.channel, "progress", member=world.bob)
    embed = progress.response.embeds[0]
    assert "Streak: **1** day" in embed.description
    assert "best challenge 3/3" in embed.fields[0].value
