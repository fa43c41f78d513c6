"""A database that can't be written (a full disk, a read-only file or server) gets a sentence."""

from __future__ import annotations

from typing import Any

from tests.bot.conftest import MINI_SET, World, moderator, reply_of
from tests.storage.raw import execute, is_postgres

CANT_WRITE = "my database can't be written right now"


async def make_read_only(world: World) -> None:
    """Turn the bot's database read-only under it, as a remount or a standby server would."""
    engine: Any = world.env.bot.storage.engine
    if is_postgres(world.database):
        [(name,)] = await world.rows("SELECT current_database()")
        await execute(
            world.database, f'ALTER DATABASE "{name}" SET default_transaction_read_only = on'
        )
        await engine._pool.expire_connections()  # the pool's next connections start read-only
        return
    await engine._db.execute("PRAGMA query_only = ON")  # SQLite's SQLITE_READONLY


async def test_a_read_only_database_refuses_loads_and_schedules_with_a_sentence(
    world: World,
) -> None:
    mod = moderator(world)
    await make_read_only(world)
    own = MINI_SET.replace("id: mini", "id: own-set").encode()
    loaded = reply_of(await mod.slash(world.channel, "sets load", file=("own.yaml", own)))
    assert CANT_WRITE in loaded.content, loaded.content
    added = await mod.slash(world.channel, "schedule add", set="mini", time="10:00")
    assert CANT_WRITE in added.response.content, added.response.content
    assert await world.rows("SELECT COUNT(*) FROM guild_sets") == [(0,)]
    assert await world.rows("SELECT COUNT(*) FROM schedules") == [(0,)]
    assert world.env.bot.catalog.server_set(world.guild.id, "own-set") is None
