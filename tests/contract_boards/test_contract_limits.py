"""Contract: embeds within Discord's limits for big sets; /schedule and /sets refusals."""

from __future__ import annotations

import discord

from tests.bot.conftest import World, moderator, reply_of
from tests.contract_boards.helpers import A

EMBED_TOTAL = 6000


def big_set(questions: int) -> str:
    lines = [
        "id: big-set",
        f"title: {'Big title of a long set ' * 8}".rstrip(),
        f"description: {'A long description of what this set covers. ' * 20}".rstrip(),
        "topic: Everything",
        "badge:",
        f"  name: {'Grand Master ' * 5}".rstrip(),
        '  emoji: "🏅"',
        f"  description: {'Sweep it all. ' * 10}".rstrip(),
        "questions:",
    ]
    for n in range(questions):
        lines += [
            f"  - id: question-with-a-rather-long-identifier-number-{n:04d}",
            f"    prompt: Question {n} - {'which option is right here? ' * 6}".rstrip(),
            f"    difficulty: {('easy', 'medium', 'hard')[n % 3]}",
            "    options:",
            "      A: right",
            "      B: wrong",
            "      C: also wrong",
            "    answer: A",
        ]
    return "\n".join(lines) + "\n"


def embed_fits(embed: discord.Embed) -> None:
    assert len(embed) <= EMBED_TOTAL
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096
    assert len(embed.fields) <= 25
    for field in embed.fields:
        assert len(field.name) <= 256
        assert len(field.value) <= 1024


async def test_a_big_set_renders_within_limits_everywhere(world: World) -> None:
    mod = moderator(world)
    loaded = await mod.slash(world.channel, "sets load", file=("big.yaml", big_set(150).encode()))
    assert "version 1" in reply_of(loaded).content, reply_of(loaded).content
    members = [world.guild.add_member(world.env.create_user(f"member-{n}" * 3)) for n in range(12)]
    await mod.slash(world.channel, "challenge", set="big-set")
    question = [m for m in world.messages() if m.embeds and m.reactions][-1]
    for member in members:
        await member.react(question, A)
    await world.env.advance_time(200)
    for actor, command, options in (
        (world.alice, "sets info", {"set": "big-set"}),
        (world.alice, "sets list", {}),
        (mod, "sets stats", {"set": "big-set"}),
        (world.alice, "leaderboard", {"set": "big-set"}),
        (members[0], "progress", {}),
        (members[0], "badges", {}),
    ):
        result = await actor.slash(world.channel, command, **options)
        reply = reply_of(result)
        assert reply.embeds, (command, reply.content)
        for embed in reply.embeds:
            embed_fits(embed)
    for message in world.messages():
        for embed in message.embeds:
            embed_fits(embed)


async def allow_everyone(world: World, command: str) -> None:
    """A server admin lets every member use ``command`` in its integration settings."""
    backend = world.env.backend
    found = backend.find_command(command, None)
    assert found is not None
    entry = {"id": str(world.guild.id), "type": 1, "permission": True}
    backend.set_command_permissions(world.guild.id, int(found["id"]), [entry])


async def test_schedule_opened_to_members_still_refuses_them_with_a_sentence(
    world: World,
) -> None:
    await allow_everyone(world, "schedule")
    for command, options in (
        ("schedule list", {}),
        ("schedule add", {"set": "mini", "time": "10:00"}),
        ("schedule remove", {"id": 1}),
        ("schedule timezone", {"zone": "Europe/Paris"}),
    ):
        result = await world.alice.slash(world.channel, command, **options)
        assert result.ephemeral, command
        assert "Manage Server" in reply_of(result).content, command
    assert await world.rows("SELECT COUNT(*) FROM schedules") == [(0,)]


async def test_members_are_refused_stats_with_a_sentence_and_no_file(world: World) -> None:
    result = await world.alice.slash(world.channel, "sets stats", set="mini")
    assert result.ephemeral
    reply = reply_of(result)
    assert "Manage Server" in reply.content
    assert not reply.attachments
    assert not reply.embeds
