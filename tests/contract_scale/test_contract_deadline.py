"""Contract: every slash command answers (or defers) within Discord's 3 seconds, even when the
database is slow under load.

The database is made slow on SimCord's clock: each storage call takes 3.5 simulated seconds.
A command that defers before it touches the database is acknowledged in time; one that waits
for the database first misses the deadline, and on Discord the member sees "The application
did not respond".
"""

from __future__ import annotations

import asyncio
import functools
import inspect
from pathlib import Path
from typing import Any

import pytest

from tests.bot.conftest import World, moderator

SLOW_SECONDS = 3.5
COMMANDS: list[tuple[str, dict[str, Any], bool]] = [
    ("progress", {}, False),
    ("badges", {}, False),
    ("leaderboard", {}, False),
    ("review", {}, False),
    ("sets stats", {"set": "mini"}, True),
    ("practice", {"set": "mini"}, False),
    ("sets new", {"id": "fresh", "title": "Fresh"}, True),
    ("sets copy", {"set": "mini", "id": "copied"}, True),
]


@pytest.fixture
def database(tmp_path: Path) -> Path:
    """SQLite only: what is checked is the order of defer and database calls, the same on
    both backends, and each case waits out SimCord's settle timeout (about 4 s)."""
    return tmp_path / "quiz.db"


def slow_down(storage: Any) -> None:
    """Make every coroutine method of ``storage`` take ``SLOW_SECONDS`` more (simulated)."""
    for name, method in inspect.getmembers(storage, inspect.iscoroutinefunction):
        if name.startswith("_") or name == "close":
            continue

        @functools.wraps(method)
        async def slow(*args: Any, _method: Any = method, **kwargs: Any) -> Any:
            await asyncio.sleep(SLOW_SECONDS)
            return await _method(*args, **kwargs)

        setattr(storage, name, slow)


@pytest.mark.parametrize(("command", "options", "mod_only"), COMMANDS)
async def test_a_command_is_acknowledged_within_three_seconds_on_a_slow_database(
    world: World, command: str, options: dict[str, Any], mod_only: bool
) -> None:
    actor = moderator(world) if mod_only else world.alice
    slow_down(world.env.bot.storage)
    result = await actor.slash(world.channel, command, **options)
    await world.env.advance_time(60)
    assert result.acknowledged, f"/{command} did not answer or defer within 3 seconds"
