"""CONTRACT §1: QUIZ_TUTOR_GUILD naming a server the bot cannot sync to gets a sentence.

Discord answers a guild command sync for a server the bot is not in with 403 Missing Access.
Discord itself is replaced at its two edges (login, and the sync request); the rest is the real
`quiz-tutor run` path: settings, create_bot, setup_hook, sync_commands_if_changed.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot import runner


async def _login_without_discord(self: discord.Client, token: str) -> None:
    self._connection.application_id = 1
    await self.setup_hook()


async def _missing_access(*args: Any, **kwargs: Any) -> Any:
    response = SimpleNamespace(status=403, reason="Forbidden")
    raise discord.Forbidden(response, {"code": 50001, "message": "Missing Access"})


def test_a_guild_the_bot_is_not_in_exits_2_with_a_sentence(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DISCORD_TOKEN", "x")
    monkeypatch.setenv("QUIZ_TUTOR_DATABASE", str(tmp_path / "quiz.db"))
    monkeypatch.setenv("QUIZ_TUTOR_GUILD", "123456789012345678")
    for name in ("QUIZ_TUTOR_CONTENT", "QUIZ_TUTOR_SHARDS"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(discord.utils, "setup_logging", lambda **kwargs: None)
    monkeypatch.setattr(discord.Client, "login", _login_without_discord)
    monkeypatch.setattr(discord.http.HTTPClient, "bulk_upsert_guild_commands", _missing_access)

    code = runner.run()  # today: discord.Forbidden propagates (a traceback for the user)

    assert code == 2
    said = capsys.readouterr().err
    assert "QUIZ_TUTOR_GUILD" in said or "123456789012345678" in said
