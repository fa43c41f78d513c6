"""Shared helpers of the hostile-input audit: upload a file, read what the bot answered."""

from __future__ import annotations

from typing import Any

import simcord

from tests.bot.conftest import MINI_SET, World, reply_of

OWN_SET = MINI_SET.replace("id: mini", "id: own-set").replace("title: Mini Set", "title: Own Set")


async def upload(
    mod: simcord.MemberActor, world: World, name: str, data: bytes
) -> tuple[simcord.InteractionResult, str]:
    """Run /sets load with ``data`` as ``name``; return the result and its visible text."""
    result = await mod.slash(world.channel, "sets load", file=(name, data))
    assert result.ephemeral
    reply = reply_of(result)
    text = reply.content or ""
    for attachment in reply.attachments:
        text += "\n" + (await attachment.read()).decode()
    return result, text


async def own_set_count(world: World) -> int:
    [(count,)] = await world.rows("SELECT COUNT(*) FROM guild_sets")
    return int(count)


def sent_messages(world: World) -> list[Any]:
    """Every message the simulated Discord holds, in every channel and thread."""
    backend = world.env.backend
    return [m for channel in backend.messages.values() for m in channel.values()]


def assert_no_traceback(text: str) -> None:
    assert text.strip(), "the member got no answer"
    for marker in ("Traceback", 'File "', "Exception", "RecursionError", "MemoryError"):
        assert marker not in text, text
