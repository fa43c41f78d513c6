"""Contract: a 240-member challenge on a wide set stays within every Discord limit.

One run (SQLite only: it plays about 1,100 reactions) feeds several checks, each its own test,
so a failure names the rule it breaks.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord

from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from tests.bot.conftest import World, moderator, reply_of
from tests.contract_scale import recorder
from tests.contract_scale.sets import nasty_name, wide_set

MEMBERS = 240
WRONG = LETTER_EMOJIS[1:10]  # B..J: 9 wrong letters, and the wide question allows 9 attempts


@dataclass
class Run:
    world: World
    rec: recorder.Recorder
    status_after_first: str
    replies: dict[str, Any]
    members: list[simcord.MemberActor]


def question_message(world: World) -> discord.Message:
    return [m for m in world.messages() if m.embeds and m.reactions][-1]


def status_message(world: World) -> discord.Message:
    return next(
        m
        for m in reversed(world.messages())
        if m.embeds and "answered" in (m.embeds[0].title or "")
    )


async def play(world: World) -> Run:
    mod = moderator(world)
    loaded = await mod.slash(world.channel, "sets load", file=("wide.yaml", wide_set().encode()))
    assert "version 1" in reply_of(loaded).content, reply_of(loaded).content
    rec = recorder.Recorder(world)
    rec.install()
    members = [world.guild.add_member(world.env.create_user(nasty_name(n))) for n in range(MEMBERS)]
    started = await members[0].slash(world.channel, "challenge", set="wide")
    assert started.acknowledged
    question = question_message(world)
    assert len(question.reactions) == 11  # 10 options and the hint
    for number, member in enumerate(members):
        kind = number % 11
        if kind == 0:
            await member.react(question, LETTER_EMOJIS[0])  # right first try
        elif kind <= 8:
            for emoji in WRONG[:kind]:  # wrong, then stops with attempts left
                await member.react(question, emoji)
        elif kind == 9:
            for emoji in WRONG:  # out of attempts
                await member.react(question, emoji)
        else:
            await member.react(question, HINT_EMOJI)
            for emoji in (*WRONG[:2], LETTER_EMOJIS[0]):
                await member.react(question, emoji)
        await world.env.advance_time(0.1)
    await world.env.advance_time(4)  # two pulses: the status line shows every answer
    status = status_message(world).embeds[0].description or ""
    await world.env.advance_time(120)  # the wide question closes
    second = question_message(world)
    for member in members:
        await member.react(second, LETTER_EMOJIS[0])
    await world.env.advance_time(200)
    replies = {}
    for actor, command, options in (
        (members[5], "leaderboard", {}),
        (members[5], "leaderboard", {"set": "wide"}),
        (mod, "sets stats", {"set": "wide"}),
        (members[5], "sets info", {"set": "wide"}),
        (members[5], "sets list", {}),
        (members[0], "progress", {}),
        (members[0], "badges", {}),
    ):
        result = await actor.slash(world.channel, command, **options)
        replies[" ".join([command, *options.values()])] = reply_of(result)
    return Run(world, rec, status, replies, members)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """SQLite only: one run plays about 1,100 reactions."""
    return tmp_path / "quiz.db"


async def test_a_240_member_challenge_keeps_every_discord_limit(world: World) -> None:
    """Every rule is checked on the same run; the failure lists every rule that broke."""
    run = await play(world)
    broken: dict[str, object] = {}
    problems = recorder.limit_problems(run.world)
    for name, reply in run.replies.items():
        if reply is None or not reply.embeds:
            problems.append(f"/{name} answered without an embed")
            continue
        for embed in reply.embeds:
            problems += [f"/{name}: {p}" for p in recorder.embed_problems(embed.to_dict())]
    if problems:
        broken["embed and message limits"] = problems
    if run.rec.failures():
        broken["requests Discord refused"] = run.rec.failures()
    status = run.status_after_first
    missing = [
        f"{left} attempt{'s' if left != 1 else ''} left"
        for left in range(1, 9)
        if f"{left} attempt{'s' if left != 1 else ''} left" not in status
    ]
    if "❌ Out of attempts:" not in status:
        missing.append("❌ Out of attempts")
    if missing or recorder.HALF_MENTION.search(status):
        broken["status line shows every group, whole mentions"] = (missing, status[-120:])
    if recorder.pings(run.world):
        broken["nothing pings"] = recorder.pings(run.world)
    text = run.world.embeds_text()
    if "🎯 Got it right" not in text or "more" not in text.split("🎯 Got it right")[1]:
        broken["reveal says how many more got it right"] = text[-300:]
    results = [
        m for m in run.world.messages() if m.embeds and "Finished" in (m.embeds[0].title or "")
    ]
    if not results or f"… and {MEMBERS - 20} more" not in (results[-1].embeds[0].description or ""):
        broken["results rank 20 and say how many more"] = results
    stats = run.replies["sets stats wide"]
    if f"{MEMBERS} answers" not in (stats.embeds[0].description or ""):
        broken["/sets stats counts every member"] = stats.embeds[0].description
    posts = recorder.per_channel_peak(run.rec.posts(), 5.0)
    edits = recorder.per_channel_peak(
        [c for c in run.rec.calls if c.method == "PATCH" and "/messages/" in c.path], 5.0
    )
    if max(posts.values(), default=0) > recorder.MESSAGES_PER_5S:
        broken["<= 5 messages per channel per 5 s"] = posts
    if max(edits.values(), default=0) > recorder.MESSAGES_PER_5S:
        broken["<= 5 edits per channel per 5 s"] = edits
    peak = recorder.most_in_window([c.at for c in run.rec.calls], 1.0)
    if peak > recorder.REQUESTS_PER_S:
        broken["<= 50 requests a second"] = peak
    assert broken == {}
