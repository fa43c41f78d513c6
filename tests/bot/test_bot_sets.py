"""Moderators load, replace and remove their server's own sets."""

from __future__ import annotations

import discord

from tests.bot.conftest import MINI_SET, World

OWN_SET = MINI_SET.replace("id: mini", "id: own-set").replace("title: Mini Set", "title: Own Set")


def moderator(world: World) -> object:
    mods = world.guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    return world.guild.add_member(world.env.create_user("mod"), roles=[mods])


async def test_load_replace_and_remove_a_server_set(world: World) -> None:
    mod = moderator(world)
    loaded = await mod.slash(world.channel, "sets load", file=("own.yaml", OWN_SET.encode()))
    reply = loaded.followups[0] if loaded.followups else loaded.response
    assert loaded.ephemeral
    assert "version 1" in reply.content
    choices = await world.alice.autocomplete(world.channel, "challenge", "set", "own")
    assert [c["value"] for c in choices] == ["own-set"]

    edited = OWN_SET.replace("Which letter comes second?", "Which letter is second?")
    again = await mod.slash(world.channel, "sets load", file=("own.yaml", edited.encode()))
    reply = again.followups[0] if again.followups else again.response
    assert "version 2" in reply.content
    assert "edited: `first`" in reply.content

    removed = await mod.slash(world.channel, "sets remove", set="own-set")
    assert "Removed `own-set`" in removed.response.content
    gone = await world.alice.slash(world.channel, "practice", set="own-set")
    assert "no question set `own-set`" in gone.response.content


async def test_broken_upload_reports_every_error_and_changes_nothing(world: World) -> None:
    mod = moderator(world)
    await mod.slash(world.channel, "sets load", file=("own.yaml", OWN_SET.encode()))
    broken = OWN_SET.replace("answer: B", "answer: E").replace("attempts: 2", "attempts: 0")
    result = await mod.slash(world.channel, "sets load", file=("own.yaml", broken.encode()))
    reply = result.followups[0] if result.followups else result.response
    assert "was not loaded (3 errors); nothing changed" in reply.content
    assert "own.yaml:10:13: defaults.attempts:" in reply.content
    assert "questions[0].answer: 'E' is not one of the options A-C" in reply.content
    info = await world.alice.slash(world.channel, "sets info", set="own-set")
    assert "version 1" in " ".join(f.value for f in info.response.embeds[0].fields)


async def test_members_without_manage_server_cannot_load(world: World) -> None:
    result = await world.alice.slash(world.channel, "sets load", file=("x.yaml", OWN_SET.encode()))
    assert result.ephemeral
    assert "Manage Server" in result.response.content


async def test_too_large_and_shipped_ids_are_refused(world: World) -> None:
    mod = moderator(world)
    big = await mod.slash(world.channel, "sets load", file=("big.yaml", b"#" * (5 * 1024 * 1024)))
    assert "at most 1 MiB" in big.response.content
