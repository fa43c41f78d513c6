"""Retry calls that failed for a passing reason: Discord's 5xx and 429, dropped connections,
timeouts, a busy or briefly unavailable database."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable
from typing import TypeVar

import aiohttp
import discord

from i18n import _

T = TypeVar("T")

RETRY_DELAYS = (0.5, 1.5)
"""Seconds to wait before each retry; short, because members are waiting for the question."""


def is_transient(error: BaseException) -> bool:
    """Return whether ``error`` may pass if the same call is made again."""
    if isinstance(error, discord.HTTPException):
        return error.status == 429 or error.status >= 500
    if isinstance(error, aiohttp.ClientError | TimeoutError | ConnectionError):
        return True
    if isinstance(error, sqlite3.OperationalError):
        return True  # locked, busy, or a disk that hiccupped
    return isinstance(error, OSError)


def describe_failure(error: BaseException) -> str:
    """Return a short reason for a failed call, fit for a message to members."""
    if isinstance(error, discord.Forbidden):
        return _("Discord says I'm missing a permission here")
    if isinstance(error, discord.HTTPException):
        # Translators: {status} is an HTTP status code; {text} Discord's own (English) words.
        return (
            _("Discord answered {status}: {text}", status=error.status, text=error.text)
            if error.text
            else _("Discord answered {status}: no reason given", status=error.status)
        )
    if isinstance(error, aiohttp.ClientError | TimeoutError | ConnectionError):
        return _("my connection to Discord kept failing")
    if isinstance(error, sqlite3.Error | OSError):
        return _("I couldn't save to my database")
    return _("something went wrong on my side")


async def retrying(call: Callable[[], Awaitable[T]]) -> T:
    """Await ``call()``, calling it again after a transient failure; raise the last error."""
    for delay in RETRY_DELAYS:
        try:
            return await call()
        except Exception as error:
            if not is_transient(error):
                raise
        await asyncio.sleep(delay)
    return await call()
