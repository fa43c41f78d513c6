"""Check an uploaded set file in a worker thread, so the event loop never waits for it."""

from __future__ import annotations

import asyncio
from functools import partial

from content.budget import budget_clock
from content.importers import Conversion, convert_file
from content.loader import load_set_bytes
from content.model import QuestionSet
from content.translations import ReadTranslation, read_translation_text

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


async def validate_translation_upload(
    data: bytes, filename: str, sets: dict[str, QuestionSet], *, seconds: float = UPLOAD_SECONDS
) -> ReadTranslation:
    """Return the translation in ``data`` checked against its set among ``sets``, as
    ``validate_upload`` checks a set: in a worker thread, within ``seconds``."""
    check = partial(
        read_translation_text, data, filename, sets.get, deadline=budget_clock() + seconds
    )
    return await asyncio.to_thread(check)


async def convert_upload(
    data: bytes, filename: str, *, max_questions: int, seconds: float = UPLOAD_SECONDS
) -> Conversion:
    """Return a GIFT, Aiken or CSV upload converted and checked, as ``validate_upload`` does.

    Refused (SetFileError) past ``max_questions`` or ``seconds``, in a worker thread.
    """
    convert = partial(
        convert_file,
        filename,
        data,
        deadline=budget_clock() + seconds,
        max_questions=max_questions,
    )
    return await asyncio.to_thread(convert)
