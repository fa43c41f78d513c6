"""Retry Discord calls that failed for a passing reason (a 5xx or a 429)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import TypeVar

import discord

T = TypeVar("T")

RETRY_DELAYS = (0.5, 1.5)
"""Seconds to wait before each retry; short, because members are waiting for the question."""


def is_transient(error: discord.HTTPException) -> bool:
    """Return whether ``error`` may pass if the same request is sent again."""
    return error.status == 429 or error.status >= 500


async def retrying(call: Callable[[], Awaitable[T]]) -> T:
    """Await ``call()``, calling it again after a transient failure; raise the last error."""
    for delay in RETRY_DELAYS:
        try:
            return await call()
        except discord.HTTPException as error:
            if not is_transient(error):
                raise
        await asyncio.sleep(delay)
    return await call()
