"""Shards across processes: each process runs its guilds' sessions, one process per session.

SimCord runs one bot per event loop, so "two processes" are two bots on one simulated Discord
and one database, one after the other: the first drops dead mid-challenge (no close, its
leases stay), the next one starts on the same database.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import simcord

from bot import create_bot
from bot.app import QuizBot
from bot.runtime.leases import LEASE_SECONDS
from bot.settings import SettingsError, parse_shards
from tests.storage.raw import execute, fetch

SHARDS = 2


@dataclass
class Deployment:
    env: simcord.Env
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    database: Path | str
    content: Path

    def bot(self, shard: int) -> QuizBot:
        return create_bot(
            database=self.database,
            content_dir=self.content,
            shard_ids=[shard],
            shard_count=SHARDS,
        )

    async def switch_to(self, bot: QuizBot) -> None:
        await self.env.restart_bot(bot)
        await bot.tree.sync()

    async def running_sessions(self) -> list[str]:
        rows = await fetch(self.database, "SELECT id FROM sessions WHERE status = 'running'")
        return [row[0] for row in rows]

    async def lease_owners(self) -> list[str]:
        return [row[0] for row in await fetch(self.database, "SELECT owner FROM session_leases")]


@pytest.fixture
def simcord_bot(database: Path | str, content_dir: Path) -> QuizBot:
    """The first process: shard 0 of 2."""
    return create_bot(database=database, content_dir=content_dir, shard_ids=[0], shard_count=2)


@pytest.fixture
async def deployment(
    simcord_env: simcord.Env, simcord_bot: QuizBot, database: Path | str, content_dir: Path
) -> AsyncIterator[Deployment]:
    """Shard 0's process running a challenge in a guild of shard 0, then dropped dead."""
    env, first = simcord_env, simcord_bot
    guild = env.create_guild("Shard Zero", shard_id=0)
    assert first.owns_guild(guild.id)
    assert (guild.id >> 22) % SHARDS == 0
    channel = guild.create_text_channel("study")
    alice = guild.add_member(env.create_user("alice"))
    await first.tree.sync()
    await alice.slash(channel, "challenge", set="mini")
    deployment = Deployment(env, channel, alice, database, content_dir)
    assert len(await deployment.running_sessions()) == 1
    assert await deployment.lease_owners() == [first.sessions.leases.owner]
    # the process dies: its timers stop, the kernel frees its files; nothing is released
    await first.sessions.close()
    await first.storage.close()
    yield deployment
    await env.bot.close()


async def test_a_process_of_other_shards_never_runs_the_session(deployment: Deployment) -> None:
    other = deployment.bot(shard=1)
    await deployment.switch_to(other)
    posted = len(deployment.channel.history())
    await deployment.env.advance_time(LEASE_SECONDS * 3)
    assert other.sessions.by_id == {}
    assert len(deployment.channel.history()) == posted
    assert len(await deployment.running_sessions()) == 1  # left for shard 0's process


async def test_a_successor_resumes_the_session_only_after_the_lease_expired(
    deployment: Deployment,
) -> None:
    (session_id,) = await deployment.running_sessions()
    dead_owner = (await deployment.lease_owners())[0]
    successor = deployment.bot(shard=0)
    await deployment.switch_to(successor)
    posted = len(deployment.channel.history())
    assert successor.sessions.by_id == {}  # the dead process's lease still holds
    await deployment.env.advance_time(LEASE_SECONDS - 15)
    assert successor.sessions.by_id == {}
    assert await deployment.lease_owners() == [dead_owner]
    await deployment.env.advance_time(30)  # the lease has expired: the next renewal adopts it
    assert list(successor.sessions.by_id) == [session_id]
    assert await deployment.lease_owners() == [successor.sessions.leases.owner]
    # resumed: the first question's time ran out while nobody ran it, so it moved on
    assert len(deployment.channel.history()) > posted
    assert "Time's up" in "\n".join(
        (embed.title or "") + (embed.description or "")
        for message in deployment.channel.history()[posted:]
        for embed in message.embeds
    ) + "".join(message.content for message in deployment.channel.history()[posted:])


async def test_a_standby_adopts_a_session_started_after_it_started(
    deployment: Deployment,
) -> None:
    """A process watches for sessions nobody runs, not only those it saw at its start."""
    (session_id,) = await deployment.running_sessions()
    hide = f"UPDATE sessions SET status = 'stopped' WHERE id = '{session_id}'"
    await execute(deployment.database, hide)  # as if not started yet
    standby = deployment.bot(shard=0)
    await deployment.switch_to(standby)
    await deployment.env.advance_time(15)
    assert standby.sessions.by_id == {}
    # The other process starts it now, then dies; its lease runs out a minute later.
    show = f"UPDATE sessions SET status = 'running' WHERE id = '{session_id}'"
    await execute(deployment.database, show)
    await deployment.env.advance_time(LEASE_SECONDS - 30)
    assert standby.sessions.by_id == {}
    await deployment.env.advance_time(30)
    assert list(standby.sessions.by_id) == [session_id]
    assert await deployment.lease_owners() == [standby.sessions.leases.owner]


async def test_closing_releases_the_leases_so_a_restart_resumes_at_once(
    deployment: Deployment,
) -> None:
    (session_id,) = await deployment.running_sessions()
    await deployment.env.advance_time(LEASE_SECONDS * 2)
    first = deployment.bot(shard=0)
    await deployment.switch_to(first)  # took the expired lease over at start
    assert list(first.sessions.by_id) == [session_id]
    await first.close()
    assert await deployment.lease_owners() == []
    second = deployment.bot(shard=0)
    await deployment.switch_to(second)
    assert list(second.sessions.by_id) == [session_id]


@pytest.mark.parametrize(
    ("text", "first", "last", "count"),
    [("0-3/8", 0, 3, 8), ("5/8", 5, 5, 8), (" 0 - 0 / 1 ", 0, 0, 1), ("4-7/8", 4, 7, 8)],
)
def test_shard_ranges_parse(text: str, first: int, last: int, count: int) -> None:
    shards = parse_shards(text)
    assert (shards.first, shards.last, shards.count) == (first, last, count)
    assert shards.shard_ids == list(range(first, last + 1))


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("5-2/8", "runs backwards"),
        ("0-9/8", "0 to 7"),
        ("8/8", "0 to 7"),
        ("x", "must look like 0-3/8"),
        ("0-3", "must look like 0-3/8"),
        ("1/0", "at least 1"),
    ],
)
def test_bad_shard_ranges_are_refused_with_a_sentence(text: str, says: str) -> None:
    with pytest.raises(SettingsError, match=says):
        parse_shards(text)


def test_owns_guild_follows_the_shard_of_each_guild(tmp_path: Path) -> None:
    sharded = create_bot(database=tmp_path / "q.db", shard_ids=[1, 2], shard_count=4)
    guilds = {shard: (1000 * 4 + shard) << 22 for shard in range(4)}
    assert [sharded.owns_guild(guilds[s]) for s in range(4)] == [False, True, True, False]
    everything = create_bot(database=tmp_path / "q.db")
    assert all(everything.owns_guild(g) for g in guilds.values())
    with pytest.raises(ValueError, match="shard_count"):
        create_bot(database=tmp_path / "q.db", shard_ids=[0])
