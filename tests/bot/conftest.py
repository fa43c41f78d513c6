"""SimCord fixtures: the real bot against a simulated Discord, with a small question set."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import simcord

from bot import create_bot
from tests.storage.raw import fetch

MINI_SET = """\
id: mini
title: Mini Set
topic: Testing
badge:
  name: Mini Master
  emoji: "🏅"
  description: Sweep the mini challenge.
defaults:
  time_limit: 60
  attempts: 2
questions:
  - id: first
    prompt: Which letter comes second?
    difficulty: easy
    kind: conceptual
    options:
      A: Alpha
      B: Bravo
      C: Charlie
    answer: B
    hint: It sounds like a cheer.
    solution:
      steps:
        - title: Count
          text: A is first, B is second.
      quick_check: B follows A
    takeaway: Bravo is second.
    common_mistakes:
      - Starting to count at zero
  - id: second
    prompt: Which word is a colour?
    difficulty: medium
    time_limit: 90
    options:
      A: Red
      B: Table
      C: Run
      D: Quickly
    answer: A
    hint: Think of a traffic light.
    solution:
      steps:
        - title: Sort the words
          text: Red is a colour; the others are a noun, a verb and an adverb.
  - id: third
    prompt: What is 2 + 2?
    difficulty: hard
    code:
      language: python
      source: print(2 + 2)
    options:
      A: "3"
      B: "4"
    answer: B
    hint: Count on your fingers.
    solution:
      steps:
        - title: Add
          text: 2 + 2 is 4.
"""


@dataclass
class World:
    """A running simulated Discord with one guild, a study channel and three members."""

    env: simcord.Env
    guild: simcord.GuildHandle
    channel: simcord.ChannelHandle
    alice: simcord.MemberActor
    bob: simcord.MemberActor
    carol: simcord.MemberActor
    database: Path | str
    content: Path

    async def rows(self, sql: str, postgres_sql: str | None = None) -> list[tuple[Any, ...]]:
        """Return what the database really holds (``postgres_sql`` where dialects differ)."""
        return await fetch(self.database, sql, postgres_sql)

    async def restart(self) -> None:
        """Restart the bot on the same database, as a deploy would."""
        await self.env.bot.close()
        await self.env.restart_bot(create_bot(database=self.database, content_dir=self.content))
        await self.env.bot.tree.sync()

    async def crash_and_restart(self) -> None:
        """The process dies before its next pulse (no state save), then starts again.

        Its leases are freed so the new process need not wait a lease out, and its database
        connection closes as the kernel would close the file of a dead process.
        """
        crashed = self.env.bot
        await crashed.sessions.leases.release()
        await crashed.storage.close()
        await self.env.restart_bot(create_bot(database=self.database, content_dir=self.content))

    def messages(self, channel: simcord.ChannelHandle | None = None) -> list[discord.Message]:
        return (channel or self.channel).history()

    def embeds_text(self, channel: simcord.ChannelHandle | None = None) -> str:
        """Return every embed's visible text in the channel, oldest first."""
        parts: list[str] = []
        for message in self.messages(channel):
            parts.append(message.content)
            for embed in message.embeds:
                parts.extend([embed.title or "", embed.description or ""])
                for field in embed.fields:
                    parts.extend([field.name or "", field.value or ""])
        return "\n".join(parts)


def moderator(world: World, guild: simcord.GuildHandle | None = None) -> simcord.MemberActor:
    """Add a member with Manage Server to ``guild`` (the world's by default)."""
    guild = guild or world.guild
    mods = guild.create_role("Mods", permissions=discord.Permissions(manage_guild=True))
    return guild.add_member(world.env.create_user(f"mod-{guild.id}"), roles=[mods])


def reply_of(result: simcord.InteractionResult) -> Any:
    """Return the visible answer of a command that may have deferred."""
    return result.followups[-1] if result.followups else result.response


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "mini.yaml").write_text(MINI_SET, encoding="utf-8")
    return folder


@pytest.fixture
def database(database_target: Path | str) -> Path | str:
    """Each bot test runs twice: on a SQLite file and on a fresh PostgreSQL database."""
    return database_target


@pytest.fixture
def simcord_bot(database: Path | str, content_dir: Path) -> discord.Client:
    return create_bot(database=database, content_dir=content_dir)


@pytest.fixture
async def world(
    simcord_env: simcord.Env, database: Path | str, content_dir: Path
) -> AsyncIterator[World]:
    env = simcord_env
    guild = env.create_guild("Study Group")
    channel = guild.create_text_channel("study")
    members = [guild.add_member(env.create_user(name)) for name in ("alice", "bob", "carol")]
    await env.bot.tree.sync()
    yield World(env, guild, channel, *members, database=database, content=content_dir)
    await env.bot.close()
