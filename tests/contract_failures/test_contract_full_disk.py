"""A full disk under a SQLite database: /sets load says so in a sentence and stores nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import World, moderator, reply_of
from tests.contract_failures.test_contract_not_writable import CANT_WRITE
from tests.contract_hostile.test_hostile_races import numbered_set


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """SQLite only: its page limit is a full disk SQLite itself reports (SQLITE_FULL)."""
    return tmp_path / "quiz.db"


async def test_a_full_disk_refuses_a_load_with_a_sentence(world: World) -> None:
    engine: Any = world.env.bot.storage.engine
    [(pages,)] = await engine._db.execute_fetchall("PRAGMA page_count")
    await engine._db.execute(f"PRAGMA max_page_count = {pages}")  # the disk is full now
    mod = moderator(world)
    result = await mod.slash(world.channel, "sets load", file=("big.yaml", numbered_set(1, 400)))
    loaded = reply_of(result)
    assert CANT_WRITE in loaded.content, loaded.content
    assert await world.rows("SELECT COUNT(*) FROM guild_sets") == [(0,)]
    assert world.env.bot.catalog.server_set(world.guild.id, "own-1") is None
