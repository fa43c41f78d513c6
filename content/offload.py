"""Check an uploaded set file in a worker thread, so the event loop never waits for it."""

from __future__ import annotations

import asyncio

from content.budget import budget_clock
from content.loader import load_set_bytes
from content.model import QuestionSet

UPLOAD_SECONDS = 5.0
"""How long checking one upload may take before it is refused."""


async def validate_upload(
    data: bytes, filename: str, *, seconds: float = UPLOAD_SECONDS
) -> QuestionSet:
    """Return the set in ``data``; raise SetFileError, also when checking takes over ``seconds``.

    The check runs in a worker thread with its own deadline, so a large or hostile file costs
    the bot's event loop nothing and is refused with a sentence once ``seconds`` have passed.
    """
    deadline = budget_clock() + seconds
    return await asyncio.to_thread(load_set_bytes, data, filename, deadline=deadline)
