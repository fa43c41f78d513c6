"""CONTRACT §1-§2: a PostgreSQL URL that cannot work is a sentence and exit 2; one that can,
even with a URL-encoded password full of special characters, runs the bot as on SQLite.

`quiz-tutor run` is the real path (settings, create_bot, setup_hook); only Discord's login is
replaced, as in tests/contract_surface/test_contract_run_guild_sync.py, so storage opens.
"""

from __future__ import annotations

from pathlib import Path

import discord
import pytest
import simcord

from bot import create_bot, runner
from bot.rendering import LETTER_EMOJIS
from tests.bot.conftest import reply_of
from tests.contract_processes.conftest import APP_PASSWORD, OwnPostgres
from tests.storage.raw import fetch

B = LETTER_EMOJIS[1]


async def _login_without_discord(self: discord.Client, token: str) -> None:
    self._connection.application_id = 1
    await self.setup_hook()


async def _no_sync(*args: object, **kwargs: object) -> None:
    return None


def _run_with(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str]:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "x")
    monkeypatch.setenv("QUIZ_TUTOR_DATABASE", url)
    for name in ("QUIZ_TUTOR_CONTENT", "QUIZ_TUTOR_SHARDS", "QUIZ_TUTOR_GUILD"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(discord.utils, "setup_logging", lambda **kwargs: None)
    monkeypatch.setattr(discord.Client, "login", _login_without_discord)
    monkeypatch.setattr(runner, "sync_commands_if_changed", _no_sync)
    # once storage opened, "connecting" fails the way an unreachable Discord does
    monkeypatch.setattr(discord.AutoShardedClient, "connect", _unreachable_discord)
    code = runner.run()
    return code, capsys.readouterr().err


class DiscordDown(OSError):
    pass


async def _unreachable_discord(self: discord.Client, *, reconnect: bool = True) -> None:
    raise DiscordDown("discord unreachable in this test")


@pytest.mark.parametrize(
    "problem", ["wrong password", "missing database", "unreachable host", "wrong port"]
)
def test_an_unusable_postgresql_url_exits_2_with_a_sentence_without_the_password(
    problem: str,
    own_postgres: OwnPostgres,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    name = own_postgres.create_app_database()
    port = own_postgres.server.port
    url = {
        "wrong password": own_postgres.app_url(name, password="Wr0ng-s3cret"),
        "missing database": own_postgres.app_url("no_such_database"),
        "unreachable host": f"postgresql://app:Wr0ng-s3cret@127.0.0.1:1/{name}",
        "wrong port": f"postgresql://app:Wr0ng-s3cret@127.0.0.1:{port + 1}/{name}",
    }[problem]
    code, said = _run_with(url, tmp_path, monkeypatch, capsys)
    assert code == 2, said
    assert "Traceback" not in said
    assert "PostgreSQL" in said
    assert "discord unreachable" not in said  # storage refused before Discord was tried
    assert "Wr0ng-s3cret" not in said
    assert "p%40ss" not in said
    assert APP_PASSWORD not in said


def test_a_working_url_encoded_password_opens_storage_then_goes_on_to_discord(
    own_postgres: OwnPostgres,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = own_postgres.app_url(own_postgres.create_app_database())
    code, said = _run_with(url, tmp_path, monkeypatch, capsys)
    assert code == 2
    assert "could not reach Discord" in said  # storage opened fine: the next step failed
    assert "Traceback" not in said


async def test_the_bot_runs_and_restarts_on_a_url_encoded_password(
    app_url: str, content_dir: Path
) -> None:
    env = simcord.Env(create_bot(database=app_url, content_dir=content_dir))
    await env.start()
    try:
        guild = env.create_guild("Secret")
        channel = guild.create_text_channel("study")
        alice = guild.add_member(env.create_user("alice"))
        await env.bot.tree.sync()
        await alice.slash(channel, "challenge", set="mini")
        await alice.react(channel.history()[-1], B)
        await env.bot.close()
        await env.restart_bot(create_bot(database=app_url, content_dir=content_dir))
        await env.bot.tree.sync()
        for _ in range(6):
            await env.advance_time(60)
        board = reply_of(await alice.slash(channel, "leaderboard"))
        assert f"<@{alice.id}>" in "\n".join(e.description or "" for e in board.embeds)
        statuses = await fetch(app_url, "SELECT status FROM sessions")
        assert statuses == [("finished",)]
    finally:
        await env.bot.close()
        await env.shutdown()
