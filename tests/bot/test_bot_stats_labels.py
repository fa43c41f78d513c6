"""/sets stats flags a difficulty label the group's first tries contradict (5 members or more)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import World, moderator, reply_of

A, B = LETTER_EMOJIS[:2]

LABELS_SET = """\
id: labels
title: Labels Set
defaults:
  time_limit: 60
questions:
  - id: called-expert
    prompt: Marked expert, yet everyone knows it?
    difficulty: expert
    options:
      A: Right
      B: Wrong
    answer: A
  - id: called-easy
    prompt: Marked easy, yet nobody knows it?
    difficulty: easy
    options:
      A: Right
      B: Wrong
    answer: A
  - id: called-medium
    prompt: Marked medium, and some know it?
    difficulty: medium
    options:
      A: Right
      B: Wrong
    answer: A
"""


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "labels.yaml").write_text(LABELS_SET, encoding="utf-8")
    return folder


async def play(world: World, members: int) -> None:
    """Run the challenge: every member right on the first question, wrong on the second,
    right on the third except the first two members."""
    players = [world.alice, world.bob, world.carol]
    players += [
        world.guild.add_member(world.env.create_user(f"member-{n}")) for n in range(members - 3)
    ]
    await world.alice.slash(world.channel, "challenge", set="labels")
    for choice in ([A] * members, [B] * members, [B, B] + [A] * (members - 2)):
        question = [m for m in world.messages() if m.embeds and m.reactions][-1]
        for player, letter in zip(players, choice, strict=True):
            await player.react(question, letter)
        await world.env.advance_time(61)


async def stats_lines(world: World) -> dict[str, str]:
    reply = reply_of(await moderator(world).slash(world.channel, "sets stats", set="labels"))
    lines = (reply.embeds[0].description or "").splitlines()
    return {qid: next(line for line in lines if f"`{qid}`" in line) for qid in LABELS_SET_IDS}


LABELS_SET_IDS = ("called-expert", "called-easy", "called-medium")


async def test_five_members_contradicting_a_label_flag_it(world: World) -> None:
    await play(world, members=5)
    lines = await stats_lines(world)
    assert "🏷️ marked expert, yet 100% right first try" in lines["called-expert"]
    assert "🏷️ marked easy, yet 0% right first try" in lines["called-easy"]
    assert "🏷️" not in lines["called-medium"]  # 60 %: medium is not contradicted


async def test_four_members_are_too_few_to_flag_a_label(world: World) -> None:
    await play(world, members=4)
    lines = await stats_lines(world)
    assert "4 answers" in lines["called-expert"]
    assert all("🏷️" not in line for line in lines.values())
