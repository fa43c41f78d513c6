"""CONTRACT §1 `quiz-tutor db copy` SQLite→PostgreSQL, then the bot on the copy: the same
/leaderboard, /progress and /badges, and a running challenge resumes there."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import simcord

from bot import create_bot
from bot.rendering import LETTER_EMOJIS
from storage.copy_cli import run_copy
from tests.contract_processes.helpers import visible
from tests.storage.raw import fetch

RIGHT = {"first": LETTER_EMOJIS[1], "second": LETTER_EMOJIS[0], "third": LETTER_EMOJIS[1]}


async def test_the_bot_on_a_postgresql_copy_shows_the_same_and_resumes(
    tmp_path: Path, postgres_url: str, content_dir: Path
) -> None:
    sqlite_path = tmp_path / "quiz.db"
    env = simcord.Env(create_bot(database=sqlite_path, content_dir=content_dir))
    await env.start()
    try:
        guild = env.create_guild("Copied")
        channel = guild.create_text_channel("study")
        other = guild.create_text_channel("other")
        alice = guild.add_member(env.create_user("alice"))
        bob = guild.add_member(env.create_user("bob"))
        await env.bot.tree.sync()
        await alice.slash(channel, "challenge", set="mini")
        for _ in range(3):  # alice answers, bob answers A every time
            question = channel.history()[-1]
            await alice.react(question, LETTER_EMOJIS[1] if _ != 1 else LETTER_EMOJIS[0])
            await bob.react(question, LETTER_EMOJIS[0])
            await env.advance_time(91)
        for _ in range(3):
            await env.advance_time(60)
        assert (await fetch(sqlite_path, "SELECT count(*) FROM answers"))[0][0] >= 2
        await alice.slash(other, "challenge", set="mini")  # left running
        shown = {
            "leaderboard": visible(await bob.slash(channel, "leaderboard")),
            "progress": visible(await bob.slash(channel, "progress", member=alice)),
            "badges": visible(await bob.slash(channel, "badges", member=alice)),
        }
        await env.bot.close()

        out = io.StringIO()
        code = await asyncio.to_thread(run_copy, str(sqlite_path), postgres_url, out=out)
        assert code == 0, out.getvalue()

        await env.restart_bot(create_bot(database=postgres_url, content_dir=content_dir))
        await env.bot.tree.sync()
        assert len(env.bot.sessions.by_id) == 1  # the running challenge resumed on the copy
        assert env.bot.sessions.in_channel(other.id) is not None
        assert visible(await bob.slash(channel, "leaderboard")) == shown["leaderboard"]
        assert visible(await bob.slash(channel, "progress", member=alice)) == shown["progress"]
        assert visible(await bob.slash(channel, "badges", member=alice)) == shown["badges"]
        for _ in range(6):
            await env.advance_time(60)
        statuses = await fetch(postgres_url, "SELECT status FROM sessions ORDER BY 1")
        assert statuses == [("finished",), ("finished",)]
    finally:
        await env.bot.close()
        await env.shutdown()
