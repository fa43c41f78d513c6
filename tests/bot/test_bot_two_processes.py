"""Two bot processes at once, each with half of the shards, sharing one PostgreSQL database.

SimCord runs one live bot per event loop, so the second "process" is a bot with its own event
loop in its own thread and its own simulated Discord; both write to the same real PostgreSQL
database at the same time, as two processes on two machines would. (SQLite is one process's
database: its file is locked to the process that opened it, see tests/storage.)
"""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

import pytest
import simcord

from bot import create_bot
from bot.app import QuizBot
from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import reply_of
from tests.storage.raw import fetch

A, B = LETTER_EMOJIS[:2]
SHARDS = 2
T = TypeVar("T")


class OwnLoop:
    """An event loop running in a thread of its own: the second process's."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    async def run(self, make: Callable[[], Awaitable[T]]) -> T:
        async def call() -> T:
            return await make()

        future = asyncio.run_coroutine_threadsafe(call(), self.loop)
        return await asyncio.wrap_future(future)

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=30)
        self.loop.close()


@dataclass
class Process:
    """One bot process: its shard, its simulated Discord, a guild of its shard and members."""

    bot: QuizBot
    env: simcord.Env
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    bob: simcord.MemberActor
    guild_id: int


async def start_process(url: str, content: Path, shard: int) -> Process:
    bot = create_bot(database=url, content_dir=content, shard_ids=[shard], shard_count=SHARDS)
    env = simcord.Env(bot)
    await env.start()
    guild = env.create_guild(f"Shard {shard}", shard_id=shard)
    assert bot.owns_guild(guild.id)
    assert not bot.owns_guild(guild.id ^ (1 << 22))
    channel = guild.create_text_channel("study")
    alice = guild.add_member(env.create_user("alice"))
    bob = guild.add_member(env.create_user("bob"))
    await bot.tree.sync()
    return Process(bot, env, channel, alice, bob, guild.id)


async def stop_process(process: Process) -> None:
    await process.bot.close()
    await process.env.shutdown()
    process.env.raise_errors()  # what the bot did wrong, as the simcord_env fixture would


@pytest.fixture
async def processes(
    postgres_url: str, content_dir: Path
) -> AsyncIterator[tuple[Process, Process, OwnLoop]]:
    other_loop = OwnLoop()
    first = await start_process(postgres_url, content_dir, 0)
    second = await other_loop.run(lambda: start_process(postgres_url, content_dir, 1))
    try:
        yield first, second, other_loop
    finally:
        await other_loop.run(lambda: stop_process(second))
        other_loop.stop()
        await stop_process(first)


async def play_a_challenge(process: Process, alice_letter: str) -> str:
    """Start a challenge, have alice and bob answer question 1, run it out; return the board."""
    await process.alice.slash(process.channel, "challenge", set="mini")
    question = process.channel.history()[-1]
    await process.alice.react(question, alice_letter)
    await process.bob.react(question, B)
    for _ in range(12):
        await process.env.advance_time(60)
    board = reply_of(await process.alice.slash(process.channel, "leaderboard"))
    return "\n".join((embed.description or "") for embed in board.embeds)


async def test_two_processes_run_their_own_guilds_at_once_on_one_database(
    processes: tuple[Process, Process, OwnLoop], postgres_url: str
) -> None:
    first, second, other_loop = processes
    boards = await asyncio.gather(
        play_a_challenge(first, B),
        other_loop.run(lambda: play_a_challenge(second, A)),
    )
    # Each process ran its own guild's session, and only that one, on the shared database.
    answers = await fetch(
        postgres_url, "SELECT guild_id, member_id, correct FROM answers ORDER BY guild_id"
    )
    by_guild: dict[int, list[tuple[int, bool]]] = {}
    for guild_id, member_id, correct in answers:
        by_guild.setdefault(guild_id, []).append((member_id, bool(correct)))
    first_guild, second_guild = first.guild_id, second.guild_id
    assert set(by_guild) == {first_guild, second_guild}
    assert first.bot.owns_guild(first_guild)
    assert not first.bot.owns_guild(second_guild)
    assert second.bot.owns_guild(second_guild)
    assert not second.bot.owns_guild(first_guild)
    assert sorted(by_guild[first_guild]) == sorted([(first.alice.id, True), (first.bob.id, True)])
    assert (second.alice.id, False) in by_guild[second_guild]
    sessions = await fetch(postgres_url, "SELECT guild_id, status FROM sessions ORDER BY guild_id")
    assert sorted(sessions) == sorted([(first_guild, "finished"), (second_guild, "finished")])
    # Leaderboards read the shared database, each its own guild: alice is first only where
    # she was right.
    assert boards[0].index(f"<@{first.alice.id}>") < boards[0].index(f"<@{first.bob.id}>")
    assert boards[1].index(f"<@{second.bob.id}>") < boards[1].index(f"<@{second.alice.id}>")
