"""Shutdown: SIGTERM closes the bot, which flushes every pending write and keeps sessions."""

from __future__ import annotations

import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.bot.conftest import MINI_SET

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = textwrap.dedent(
    """
    import asyncio, os, signal, sys
    from pathlib import Path

    import simcord

    from bot import create_bot
    from bot.rendering import LETTER_EMOJIS
    from bot.runner import close_on_signals


    async def main(database: Path, content: Path) -> None:
        bot = create_bot(database=database, content_dir=content)
        async with simcord.run(bot) as env:
            guild = env.create_guild("Study Group")
            channel = guild.create_text_channel("study")
            alice, bob = (guild.add_member(env.create_user(n)) for n in ("alice", "bob"))
            await bot.tree.sync()
            closing = close_on_signals(bot)
            await alice.slash(channel, "challenge", set="mini")
            await bob.react(channel.history()[-1], LETTER_EMOJIS[1])
            os.kill(os.getpid(), signal.SIGTERM)
            while not closing:
                await asyncio.sleep(0)
            await closing[0]
            print("closed", bot.is_closed(), bot.storage.closed)


    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
    """
)


def test_sigterm_closes_the_bot_with_everything_saved(tmp_path: Path) -> None:
    content = tmp_path / "content"
    content.mkdir()
    (content / "mini.yaml").write_text(MINI_SET, encoding="utf-8")
    database = tmp_path / "quiz.db"
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(database), str(content)],
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "closed True True" in done.stdout
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM answers WHERE correct").fetchone() == (1,)
        status, message_id = db.execute("SELECT status, message_id FROM sessions").fetchone()
        assert status == "running"
        assert message_id is not None
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
