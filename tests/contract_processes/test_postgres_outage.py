"""CONTRACT §2 "the same behaviour on PostgreSQL": the database server restarting under a running
bot (every connection dropped) must not lose what members do afterwards, and a member whose
answer cannot be saved while the server is down gets a sentence, as on SQLite."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import simcord

from bot import create_bot
from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import reply_of
from tests.contract_processes.conftest import OwnPostgres
from tests.storage.raw import fetch

A, B = LETTER_EMOJIS[:2]


@dataclass
class Room:
    env: simcord.Env
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    bob: simcord.MemberActor
    url: str


@pytest.fixture
async def room(app_url: str, content_dir: Path) -> AsyncIterator[Room]:
    env = simcord.Env(create_bot(database=app_url, content_dir=content_dir))
    await env.start()
    guild = env.create_guild("Outage")
    channel = guild.create_text_channel("study")
    alice = guild.add_member(env.create_user("alice"))
    bob = guild.add_member(env.create_user("bob"))
    await env.bot.tree.sync()
    try:
        yield Room(env, channel, alice, bob, app_url)
    finally:
        await env.bot.close()
        await env.shutdown()


def dm_text(member: simcord.MemberActor) -> str:
    channel = member.user.dm_channel
    return "\n".join(m.content for m in channel.history()) if channel else ""


async def test_answers_after_the_server_restarted_are_saved_and_the_challenge_ends(
    room: Room, own_postgres: OwnPostgres
) -> None:
    await room.alice.slash(room.channel, "challenge", set="mini")
    question = room.channel.history()[-1]
    await asyncio.to_thread(own_postgres.restart)  # every pooled connection is dropped
    await room.alice.react(question, B)
    await room.bob.react(question, A)
    for _ in range(6):
        await room.env.advance_time(60)
    answers = await fetch(room.url, "SELECT member_id, correct FROM answers ORDER BY member_id")
    assert sorted((m, bool(c)) for m, c in answers) == sorted(
        [(room.alice.id, True), (room.bob.id, False)]
    )
    assert await fetch(room.url, "SELECT status FROM sessions") == [("finished",)]
    board = reply_of(await room.alice.slash(room.channel, "leaderboard"))
    assert f"<@{room.alice.id}>" in "\n".join(e.description or "" for e in board.embeds)


async def test_commands_work_again_after_the_server_restarted(
    room: Room, own_postgres: OwnPostgres
) -> None:
    await room.alice.slash(room.channel, "leaderboard")  # the pool has live connections
    await asyncio.to_thread(own_postgres.restart)
    progress = reply_of(await room.alice.slash(room.channel, "progress"))
    text = progress.content + "".join(
        (e.title or "") + (e.description or "") for e in progress.embeds
    )
    assert "wrong" not in text.lower(), text
    started = await room.alice.slash(room.channel, "challenge", set="mini")
    assert room.env.bot.sessions.in_channel(room.channel.id) is not None, reply_of(started)
    assert await fetch(room.url, "SELECT status FROM sessions") == [("running",)]


async def test_an_answer_given_while_the_server_is_down_is_kept_or_told(
    room: Room, own_postgres: OwnPostgres
) -> None:
    await room.alice.slash(room.channel, "challenge", set="mini")
    question = room.channel.history()[-1]
    await asyncio.to_thread(own_postgres.stop)
    try:
        await room.bob.react(question, B)
        await room.env.advance_time(3)
    finally:
        await asyncio.to_thread(own_postgres.start)
    for _ in range(6):
        await room.env.advance_time(60)
    saved = await fetch(room.url, "SELECT member_id FROM answers")
    told = "couldn't save" in dm_text(room.bob)
    assert saved == [(room.bob.id,)] or told, (saved, dm_text(room.bob))
    # the challenge itself went on to its end once the server was back
    assert await fetch(room.url, "SELECT status FROM sessions") == [("finished",)]
