"""A REST-counting stand-in for Discord, for benchmarks of the real session code at scale.

SimCord is exact but costs tens of milliseconds a step; hundreds of sessions need something
cheaper. ``StandIn`` replaces ``bot.http.request`` (the one place every discord.py REST call
goes through) with a coroutine that counts each call by kind, waits ``latency`` seconds like a
round trip would, and answers with the smallest payload discord.py accepts. ``add_guild`` puts a
guild with text channels into discord.py's cache, the bot a member allowed to manage messages.
"""

from __future__ import annotations

import asyncio
import itertools
from collections import Counter
from typing import Any

import discord

BOT_USER = {
    "id": "900",
    "username": "quiz-tutor",
    "discriminator": "0",
    "avatar": None,
    "bot": True,
}
PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    embed_links=True,
    add_reactions=True,
    read_message_history=True,
    manage_messages=True,
).value
MEMBER_IDS = (5001, 5002)
"""Members whose reactions are read back from every question message after a restart."""


class StandIn:
    """Count the bot's REST calls and answer them as Discord would, after ``latency`` s."""

    def __init__(self, bot: discord.Client, latency: float = 0.005) -> None:
        self.bot = bot
        self.latency = latency
        self.calls: Counter[str] = Counter()
        self.first_call_at: float | None = None
        self._ids = itertools.count(10**15)
        state = bot._connection  # what login() sets up from /users/@me
        state.user = discord.ClientUser(state=state, data=BOT_USER)  # type: ignore[arg-type]
        bot.http.request = self.request  # type: ignore[method-assign]

    @property
    def total(self) -> int:
        return sum(self.calls.values())

    def reset(self) -> None:
        self.calls.clear()
        self.first_call_at = None

    async def request(self, route: discord.http.Route, **_: Any) -> Any:
        if self.first_call_at is None:
            self.first_call_at = asyncio.get_running_loop().time()
        kind = f"{route.method} {kind_of(route.path)}"
        self.calls[kind] += 1
        if self.latency:
            await asyncio.sleep(self.latency)
        channel_id = getattr(route, "channel_id", None) or 0
        if route.method in {"POST", "PATCH"} and route.path.endswith(("/messages", "}")):
            return self.message(channel_id, message_id_of(route))
        if route.method == "GET" and route.path.endswith("{message_id}"):
            return self.message(channel_id, message_id_of(route), reactions=True)
        if route.method == "GET" and route.path.endswith("{emoji}"):
            return [user(member) for member in MEMBER_IDS]
        return None

    def message(
        self, channel_id: int, message_id: int | None, *, reactions: bool = False
    ) -> dict[str, Any]:
        data: dict[str, Any] = {
            "id": str(message_id or next(self._ids)),
            "channel_id": str(channel_id),
            "author": BOT_USER,
            "content": "",
            "timestamp": "2026-11-30T00:00:00+00:00",
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "pinned": False,
            "type": 0,
        }
        if reactions:  # a letter two members reacted with, beside the bot's own
            data["reactions"] = [
                {"emoji": {"id": None, "name": "🇦"}, "count": 3, "me": True},
                {"emoji": {"id": None, "name": "💡"}, "count": 1, "me": True},
            ]
        return data


def user(member_id: int) -> dict[str, Any]:
    return {"id": str(member_id), "username": f"m{member_id}", "discriminator": "0", "avatar": None}


def message_id_of(route: discord.http.Route) -> int | None:
    """Return the message id in a route's URL (``/channels/1/messages/2...``), if any."""
    parts = getattr(route, "url", "").split("/")
    if "messages" in parts and parts.index("messages") + 1 < len(parts):
        return int(parts[parts.index("messages") + 1])
    return None


def kind_of(path: str) -> str:
    """Name a route by its path without ids: ``/channels/{channel_id}/messages`` → ``messages``."""
    parts = [part for part in path.split("/") if part and not part.startswith("{")]
    return "/".join(parts[1:]) or path


def add_guild(bot: discord.Client, guild_id: int, channel_ids: list[int]) -> None:
    """Put a guild with these text channels in the bot's cache; the bot may manage messages."""
    state = bot._connection
    data = {
        "id": str(guild_id),
        "name": f"guild {guild_id}",
        "owner_id": "1",
        "roles": [{"id": str(guild_id), "name": "@everyone", "permissions": str(PERMISSIONS)}],
        "channels": [
            {"id": str(channel), "type": 0, "name": f"c{channel}", "position": number}
            for number, channel in enumerate(channel_ids)
        ],
        "members": [
            {"user": BOT_USER, "roles": [], "joined_at": "2026-01-01T00:00:00+00:00", "flags": 0}
        ],
        "member_count": 1,
        "emojis": [],
        "stickers": [],
        "features": [],
    }
    state._add_guild_from_data(data)  # type: ignore[arg-type]
