"""Watch everything the bot sends to SimCord: request times, failures, and Discord's limits.

SimCord validates embeds when they are sent, but it does not enforce rate limits and its clock
only moves in ``advance_time``; so the bot's REST calls are recorded with SimCord's (virtual)
time and counted here against Discord's per-channel and per-bot limits.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.bot.conftest import World

TITLE = 256
DESCRIPTION = 4096
FIELD_NAME = 256
FIELD_VALUE = 1024
FIELDS = 25
FOOTER = 2048
AUTHOR = 256
EMBED_TOTAL = 6000
CONTENT = 2000
MESSAGES_PER_5S = 5
REACTIONS_PER_S = 4
REQUESTS_PER_S = 50

_CHANNEL = re.compile(r"/channels/(\d+)/")
HALF_MENTION = re.compile(r"<@!?&?\d*…|<@!?&?\d*$|<@…")


@dataclass(frozen=True)
class Call:
    at: float
    method: str
    path: str
    failed: str | None

    @property
    def channel(self) -> int | None:
        found = _CHANNEL.search(self.path)
        return int(found.group(1)) if found else None


@dataclass
class Recorder:
    world: World
    calls: list[Call] = field(default_factory=list)

    def install(self) -> None:
        """Wrap the bot's HTTP client (call again after every restart)."""
        http = self.world.env.bot.http
        original = http.request
        if getattr(original, "_audit_wrapped", False):
            return

        async def request(route: Any, **kwargs: Any) -> Any:
            at = self.world.env.now().timestamp()
            try:
                result = await original(route, **kwargs)
            except Exception as error:
                self.calls.append(Call(at, route.method, route.url, repr(error)[:200]))
                raise
            self.calls.append(Call(at, route.method, route.url, None))
            return result

        request._audit_wrapped = True  # type: ignore[attr-defined]
        http.request = request  # type: ignore[method-assign]

    def failures(self) -> list[Call]:
        """Every call Discord refused with a client error (oversized embed, bad body...)."""
        return [c for c in self.calls if c.failed and "400" in c.failed]

    def posts(self) -> list[Call]:
        return [c for c in self.calls if c.method == "POST" and c.path.endswith("/messages")]

    def reaction_puts(self) -> list[Call]:
        return [c for c in self.calls if c.method == "PUT" and "/reactions/" in c.path]


def most_in_window(times: Iterable[float], window: float) -> int:
    """Return the most events found in any ``window`` seconds (a sliding window)."""
    ordered = sorted(times)
    best = start = 0
    for end, at in enumerate(ordered):
        while at - ordered[start] >= window:
            start += 1
        best = max(best, end - start + 1)
    return best


def per_channel_peak(calls: Iterable[Call], window: float) -> dict[int, int]:
    """Return, per channel, the most calls in any ``window`` seconds."""
    by_channel: dict[int, list[float]] = defaultdict(list)
    for call in calls:
        if call.channel is not None:
            by_channel[call.channel].append(call.at)
    return {channel: most_in_window(times, window) for channel, times in by_channel.items()}


def embed_problems(embed: dict[str, Any]) -> list[str]:
    """Return every Discord limit the raw embed breaks."""
    problems = []
    title = embed.get("title") or ""
    description = embed.get("description") or ""
    fields = embed.get("fields") or []
    footer = (embed.get("footer") or {}).get("text") or ""
    author = (embed.get("author") or {}).get("name") or ""
    checks = [
        ("title", len(title), TITLE),
        ("description", len(description), DESCRIPTION),
        ("fields", len(fields), FIELDS),
        ("footer", len(footer), FOOTER),
        ("author", len(author), AUTHOR),
    ]
    total = len(title) + len(description) + len(footer) + len(author)
    for index, item in enumerate(fields):
        name, value = item.get("name") or "", item.get("value") or ""
        checks.append((f"field {index} name", len(name), FIELD_NAME))
        checks.append((f"field {index} value", len(value), FIELD_VALUE))
        total += len(name) + len(value)
        if HALF_MENTION.search(value):
            problems.append(f"field {index} ends in a cut mention: {value[-40:]!r}")
    checks.append(("total", total, EMBED_TOTAL))
    problems += [f"{what} {size} > {limit}" for what, size, limit in checks if size > limit]
    if HALF_MENTION.search(description):
        problems.append(f"description holds a cut mention: ...{description[-60:]!r}")
    return problems


def stored_messages(world: World) -> list[Any]:
    """Every message SimCord holds, in every channel and thread, as last edited."""
    return [m for channel in world.env.backend.messages.values() for m in channel.values()]


def limit_problems(world: World) -> list[str]:
    """Check every recorded message against Discord's message and embed limits."""
    problems = []
    for message in stored_messages(world):
        if len(message.content or "") > CONTENT:
            problems.append(f"message {message.id}: content {len(message.content)} > {CONTENT}")
        total = 0
        for embed in message.embeds:
            problems += [f"message {message.id}: {p}" for p in embed_problems(embed)]
            fields = embed.get("fields", [])
            total += len(embed.get("title") or "") + len(embed.get("description") or "")
            total += sum(len(f.get("name", "")) + len(f.get("value", "")) for f in fields)
        if total > EMBED_TOTAL:
            problems.append(f"message {message.id}: embeds together {total} > {EMBED_TOTAL}")
    return problems


def pings(world: World) -> list[str]:
    """Return every message that pinged someone (a user, a role or @everyone)."""
    found = []
    for message in stored_messages(world):
        if message.ping_user_ids or message.ping_role_ids or message.mention_everyone:
            found.append(
                f"message {message.id}: users {message.ping_user_ids} roles "
                f"{message.ping_role_ids} everyone {message.mention_everyone}: "
                f"{message.content[:120]!r}"
            )
    return found
