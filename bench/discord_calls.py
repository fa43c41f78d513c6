"""Count Discord REST calls and messages per question as a group grows (SimCord, no network).

Run: python bench/discord_calls.py
Every group answers within the same 10 s window; the bot's status line is an edited message
refreshed at most every couple of seconds, so messages per question should not grow with the
group. The naive baseline is a bot that confirms each answer with a message of its own.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from pathlib import Path

import simcord

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot import create_bot
from bot.rendering import LETTER_EMOJIS

ONE_QUESTION = """\
id: bench
title: Bench
defaults: {time_limit: 60, attempts: 2}
questions:
  - id: only
    prompt: Pick B.
    options: {A: a, B: b, C: c, D: d}
    answer: B
    hint: B.
    solution: {steps: [{title: Why, text: Because.}]}
"""
WINDOW = 10.0
GROUPS = (1, 10, 50)


async def measure(members: int, folder: Path) -> dict[str, int]:
    """Play one question with ``members`` answering and count the bot's REST calls."""
    content = folder / f"content-{members}"
    content.mkdir()
    (content / "bench.yaml").write_text(ONE_QUESTION, encoding="utf-8")
    bot = create_bot(database=folder / f"bench-{members}.db", content_dir=content)
    env = simcord.Env(bot)
    await env.start()
    try:
        guild = env.create_guild()
        channel = guild.create_text_channel("study")
        actors = [guild.add_member(env.create_user(f"m{i}")) for i in range(members)]
        await bot.tree.sync()
        await actors[0].slash(channel, "challenge", set="bench")
        question = channel.history()[-1]
        start = len(env.http_requests)
        step = WINDOW / members
        for number, actor in enumerate(actors):
            if number % 3 == 0:  # a third get it wrong first
                await actor.react(question, LETTER_EMOJIS[0])
            await actor.react(question, LETTER_EMOJIS[1])
            await env.advance_time(step)
        await env.advance_time(60)  # the question closes at its deadline
        calls = env.http_requests[start:]
        await bot.close()
    finally:
        await env.shutdown()
    posts = sum(1 for c in calls if c.method == "POST" and c.path.endswith("/messages"))
    edits = sum(1 for c in calls if c.method == "PATCH" and "/messages/" in c.path)
    answers = members + (members + 2) // 3
    return {
        "members": members,
        "answers": answers,
        "rest": len(calls),
        "messages": posts,
        "edits": edits,
        "naive": 1 + answers + 1,
    }


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        rows = [await measure(n, Path(folder)) for n in GROUPS]
    print(
        f"{'members':>7} {'answers':>7} {'REST calls':>10} {'messages':>8} {'edits':>5} "
        f"{'msgs+edits':>10} {'naive msgs':>10} {'naive/ours':>10}"
    )
    for row in rows:
        ours = row["messages"] + row["edits"]
        print(
            f"{row['members']:>7} {row['answers']:>7} {row['rest']:>10} {row['messages']:>8} "
            f"{row['edits']:>5} {ours:>10} {row['naive']:>10} {row['naive'] / ours:>10.1f}"
        )
    print("(per question; REST calls include removing answer reactions and the next question)")
    first, last = rows[0], rows[-1]
    x = last["messages"] + last["edits"]
    y = first["messages"] + first["edits"]
    print(f"calls: messages+edits per question at 50 members = {x} (at 1 member = {y})")


if __name__ == "__main__":
    asyncio.run(main())
