"""Soak: 200 members in 20 concurrent challenges with random reactions, restarts and faults.

The short form runs in CI; ``pytest --soak tests/bot/test_bot_soak.py`` runs more rounds.
Afterwards the database must hold only what the rules allow.
"""

from __future__ import annotations

import random
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import discord
import pytest
import simcord

from bot.rendering import HINT_EMOJI, LETTER_EMOJIS
from tests.bot.conftest import World

A, B = LETTER_EMOJIS[:2]
CHANNELS = 20
MEMBERS_PER_CHANNEL = 10
ATTEMPTS = 2  # MINI_SET's default
CHALLENGE_QUESTIONS = 3
EMOJIS = (*LETTER_EMOJIS[:4], HINT_EMOJI, "👍")
RIGHT = {"Which letter comes second?": B, "Which word is a colour?": A, "What is 2 + 2?": B}


@dataclass
class Table:
    """One channel, its members, and the question message they are answering."""

    channel: simcord.ChannelHandle
    members: list[simcord.MemberActor]


def current_question(world: World, channel: simcord.ChannelHandle) -> discord.Message | None:
    for message in reversed(world.messages(channel)):
        if message.embeds and "Question" in (message.embeds[0].title or "") and message.reactions:
            return message
    return None


async def play_round(
    world: World, tables: list[Table], rng: random.Random, *, everyone: bool = False
) -> None:
    """Let members of every table react: all of them once, or a random few, some repeatedly."""
    for table in tables:
        question = current_question(world, table.channel)
        if question is None:
            continue
        right = next(e for p, e in RIGHT.items() if p in (question.embeds[0].description or ""))
        players = table.members if everyone else rng.sample(table.members, k=rng.randint(1, 3))
        for member in players:
            if rng.random() < 0.5:  # a member who studied
                await member.react(question, right)
                continue
            for emoji in rng.sample(EMOJIS, k=rng.choice((1, 1, 2, 3))):
                await member.react(question, emoji)


def inject_faults(world: World, tables: list[Table], rng: random.Random) -> None:
    for table in rng.sample(tables, k=3):
        world.env.inject_error("POST", f"/channels/{table.channel.id}/messages", status=500)
    world.env.inject_error("PUT", "/channels/*/reactions/*", status=429, times=2)
    world.env.inject_error("PATCH", "/channels/*/messages/*", status=500, times=3)


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """SQLite only: the invariants are read with SQLite's own integrity checks."""
    return tmp_path / "quiz.db"


async def test_soak(world: World, request: pytest.FixtureRequest) -> None:
    long = request.config.getoption("--soak")
    rng = random.Random(20261124)
    tables = [
        Table(
            world.guild.create_text_channel(f"room-{c}"),
            [
                world.guild.add_member(world.env.create_user(f"m{c}-{m}"))
                for m in range(MEMBERS_PER_CHANNEL)
            ],
        )
        for c in range(CHANNELS)
    ]
    other_bot = world.guild.add_member(world.env.create_user("other-bot", bot=True))
    for _ in range(5 if long else 1):
        for table in tables:
            await table.members[0].slash(table.channel, "challenge", set="mini")
        await other_bot.react(current_question(world, tables[0].channel), LETTER_EMOJIS[1])
        inject_faults(world, tables, rng)
        await play_round(world, tables, rng, everyone=True)
        await world.env.advance_time(rng.uniform(1, 30))
        await world.restart()
        await play_round(world, tables, rng)
        await world.env.advance_time(60)  # the first question always runs its full time
        for _ in range(CHALLENGE_QUESTIONS - 1):
            inject_faults(world, tables, rng)
            await play_round(world, tables, rng)
            await world.env.advance_time(rng.uniform(1, 30))
            if long:
                if rng.random() < 0.5:
                    await world.restart()
                await play_round(world, tables, rng)
            await world.env.advance_time(95)
        await world.env.advance_time(300)  # whatever still runs, times out

    check_invariants(world)


def check_invariants(world: World) -> None:
    with sqlite3.connect(world.database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
        running = db.execute("SELECT count(*) FROM sessions WHERE status = 'running'").fetchone()
        assert running == (0,)
        over = db.execute(
            "SELECT session_id, question_id, member_id FROM answers "
            "GROUP BY 1, 2, 3 HAVING count(*) > ? OR max(attempt) > ? OR max(attempt) != count(*)",
            (ATTEMPTS, ATTEMPTS),
        ).fetchall()
        assert over == []
        after_right = db.execute(
            "SELECT count(*) FROM answers a JOIN answers b"
            " USING (session_id, question_id, member_id) WHERE a.correct AND b.attempt > a.attempt"
        ).fetchone()
        assert after_right == (0,)
        orphans = db.execute(
            "SELECT count(*) FROM answers WHERE session_id NOT IN (SELECT id FROM sessions)"
        ).fetchone()
        assert orphans == (0,)
        badges = db.execute(
            "SELECT b.member_id, b.session_id, ("
            "  SELECT count(DISTINCT question_id) FROM answers a"
            "  WHERE a.session_id = b.session_id AND a.member_id = b.member_id AND a.correct"
            ") FROM badges b"
        ).fetchall()
        assert badges, "some member should have swept a challenge"
        assert all(right == CHALLENGE_QUESTIONS for _, _, right in badges)
        sweepers = db.execute(
            "SELECT count(*) FROM (SELECT member_id FROM answers WHERE correct AND mode = "
            "'challenge' GROUP BY session_id, member_id HAVING count(DISTINCT question_id) = ?)",
            (CHALLENGE_QUESTIONS,),
        ).fetchone()[0]
        awarded = db.execute("SELECT count(*) FROM badges").fetchone()[0]
        assert awarded <= sweepers
        players = db.execute("SELECT count(DISTINCT member_id) FROM answers").fetchone()[0]
        assert players > CHANNELS * MEMBERS_PER_CHANNEL * 3 // 4  # the rest only hinted or 👍
