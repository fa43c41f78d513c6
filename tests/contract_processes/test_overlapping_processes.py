"""CONTRACT §2 (shards) and issue 17: two processes whose shard ranges OVERLAP, at once, on one
PostgreSQL database: one session is never run twice, nor a schedule's challenge started twice.

Each process has its own simulated Discord on its own event loop (thread), holding the same
guild (same ids), as two processes connected to the same Discord shard would.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.runtime.leases import LEASE_SECONDS
from tests.contract_processes.helpers import Mirror, OwnLoop, start_mirror, stop_mirror, text_of
from tests.storage.raw import fetch


@pytest.fixture
async def first(postgres_url: str, content_dir: Path) -> AsyncIterator[Mirror]:
    mirror = await start_mirror(postgres_url, content_dir, [0, 1], 2)
    yield mirror
    await stop_mirror(mirror)


@pytest.fixture
async def other_loop() -> AsyncIterator[OwnLoop]:
    loop = OwnLoop()
    yield loop
    loop.stop()


async def lockstep(first: Mirror, second: Mirror, loop: OwnLoop, seconds: int) -> None:
    """Advance both processes' clocks together, ten seconds at a time."""
    for _ in range(seconds // 10):
        await first.env.advance_time(10)
        await loop.run(lambda: second.env.advance_time(10))


async def test_an_overlapping_process_never_runs_a_live_session(
    first: Mirror, other_loop: OwnLoop, postgres_url: str, content_dir: Path
) -> None:
    await first.alice.slash(first.channel, "challenge", set="mini")
    (session_id,) = [row[0] for row in await fetch(postgres_url, "SELECT id FROM sessions")]
    second = await other_loop.run(lambda: start_mirror(postgres_url, content_dir, [1, 0], 2))
    try:
        assert second.channel.id == first.channel.id
        await lockstep(first, second, other_loop, int(LEASE_SECONDS * 3))
        assert second.bot.sessions.by_id == {}
        assert second.channel.history() == []  # nothing posted by the second process
        assert list(first.bot.sessions.by_id) in ([session_id], [])
        statuses = await fetch(postgres_url, "SELECT status FROM sessions")
        assert statuses in ([("running",)], [("finished",)])
        owners = await fetch(postgres_url, "SELECT owner FROM session_leases")
        assert all(owner == first.bot.sessions.leases.owner for (owner,) in owners)
    finally:
        await other_loop.run(lambda: stop_mirror(second))


async def test_a_schedule_fires_once_with_two_overlapping_processes(
    first: Mirror, other_loop: OwnLoop, postgres_url: str, content_dir: Path
) -> None:
    at = first.env.now()
    minutes = at.hour * 60 + at.minute + 3
    when = f"{minutes // 60 % 24:02d}:{minutes % 60:02d}"
    added = await first.mod.slash(first.channel, "schedule add", set="mini", time=when)
    assert "#1" in added.response.content
    second = await other_loop.run(lambda: start_mirror(postgres_url, content_dir, [0, 1], 2))
    try:
        await lockstep(first, second, other_loop, 6 * 60)
        sessions = await fetch(postgres_url, "SELECT id, channel_id FROM sessions")
        announced = [
            m for m in [*first.channel.history(), *second.channel.history()]
            if "Scheduled challenge" in text_of(m)
        ]  # fmt: skip
        assert len(sessions) == 1, sessions
        assert len(announced) == 1
    finally:
        await other_loop.run(lambda: stop_mirror(second))
